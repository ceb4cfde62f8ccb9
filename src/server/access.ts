// The one access layer: every /api route declares a rule, and this plugin enforces it before the handler runs.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import {
  decide,
  finalizeRefusal,
  finalizingSource,
  ratingRefusal,
  ratingSources,
  type Grant,
  type ObjectScope,
  type Permission,
  type ReviewScope,
} from '../domain/access';
import type { Source } from '../domain/rating';
import { AppError } from '../domain/errors';
import { grantsOf } from '../db/repositories/people';
import {
  scopeOfDistrict,
  scopeOfPerson,
  scopeOfReview,
  scopeOfSchool,
  scopeOfTeam,
  sourceOfEvidence,
  sourceOfRating,
  teamSchools,
} from '../db/repositories/scope';
import { findApiToken } from '../db/repositories/credentials';
import { findSession, touchSession, type ActiveSession, type SessionPolicy } from '../db/repositories/sessions';
import type { Database } from '../db/schema';

export type ObjectKind = 'school' | 'district' | 'team' | 'person' | 'review';

export type AccessRule =
  /** Anyone, signed in or not: health, sign-in, first-run setup. */
  | { public: true }
  /** Any signed-in person; the handler only touches their own data or filters lists by their grants. */
  | { signedIn: true }
  /** A permission on the object named by a route parameter (404 when out of scope, 403 when not permitted). */
  | { permission: Permission; object: ObjectKind; param?: string }
  /** A permission over the whole organization (people, audit). */
  | { permission: Permission; organization: true }
  /**
   * Rating the review named by `:id` (see `ratingSources`): the person must give some rating source there (404 when
   * out of scope, 403 otherwise), and, once the body is read, the source concerned: the body's `source`, the source
   * of the rating (`:ratingId`) or evidence (`:evidenceId`) named, or the source that finalizes the review.
   */
  | { rates: 'body' | 'rating' | 'evidence' | 'finalize' };

export const SESSION_COOKIE = 'trellis_session';
export const CSRF_HEADER = 'x-csrf-token';

export interface Principal {
  session: ActiveSession;
  grants: Grant[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** Under an object or organization rule: the scope the check found and the person's team schools, for what the handler offers. */
    checked: { scope: ObjectScope; teamSchoolIds: ReadonlyMap<string, string> } | null;
    /** Under a `rates` rule: the review and the sources the person may give on it. */
    rating: { review: ReviewScope; sources: Source[] } | null;
  }
  interface FastifyInstance {
    /** Every API route with its access rule, for the access matrix test and the docs. */
    accessTable: { method: string; url: string; access: AccessRule }[];
  }
}

const scopeFinders: Record<ObjectKind, (db: Kysely<Database>, id: string) => Promise<ObjectScope | null>> = {
  school: scopeOfSchool,
  district: scopeOfDistrict,
  team: scopeOfTeam,
  person: scopeOfPerson,
  review: scopeOfReview,
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// last_seen_at is written at most this often, so reads do not turn into writes.
const TOUCH_EVERY_MS = 60_000;

export interface AccessOptions {
  db: Kysely<Database>;
  policy: SessionPolicy;
}

/** The principal of a signed-in request; handlers behind a non-public rule can rely on it. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthenticated', 'Sign in to continue.');
  return request.principal;
}

/**
 * Signed-in principals are kept for a moment, so that a busy reader does not cost two queries a request.
 * Any state-changing request clears the cache (sign-out, password and role changes take effect at once
 * in this process); a change made by another process shows within PRINCIPAL_TTL_MS.
 */
const PRINCIPAL_TTL_MS = 2_000;
const PRINCIPAL_CACHE_MAX = 10_000;

function principalCache(db: Kysely<Database>, policy: SessionPolicy) {
  const cache = new Map<string, { principal: Principal | null; at: number }>();
  return {
    /** The principal of a session cookie, or (`bearer`) of a token sent as `Authorization: Bearer …`. */
    async get(token: string, bearer = false): Promise<Principal | null> {
      const now = Date.now();
      const key = bearer ? `bearer:${token}` : token;
      const hit = cache.get(key);
      if (hit && now - hit.at < PRINCIPAL_TTL_MS) return hit.principal;
      const session = bearer ? await findApiToken(db, token) : await findSession(db, token, policy);
      const principal = session ? { session, grants: await grantsOf(db, session.personId) } : null;
      if (session && !bearer && now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(db, session.id);
      if (cache.size >= PRINCIPAL_CACHE_MAX) cache.clear();
      cache.set(key, { principal, at: now });
      return principal;
    },
    clear: () => cache.clear(),
  };
}

/** Whether the signed-in person holds a permission on one object: for what a page offers, not for access itself. */
export async function permits(db: Kysely<Database>, principal: Principal, permission: Permission, kind: ObjectKind, id: string): Promise<boolean> {
  const scope = await scopeFinders[kind](db, id);
  if (!scope || scope.organizationId !== principal.session.organizationId) return false;
  return decide(principal.grants, scope, permission, await teamSchools(db, principal.grants), principal.session.personId) === 'allow';
}

function checkedOf(request: FastifyRequest) {
  if (!request.checked) throw new Error(`${request.method} ${request.url} has no object or organization rule to decide on.`);
  return { principal: principalOf(request), ...request.checked };
}

/**
 * Whether the signed-in person holds a permission on the object their route's rule checked (or on a team of it),
 * decided on what the check looked up: for what a page offers, not for access itself.
 */
export function mayHere(request: FastifyRequest, permission: Permission, teamId?: string): boolean {
  const { principal, scope, teamSchoolIds } = checkedOf(request);
  return decide(principal.grants, teamId ? { ...scope, teamId } : scope, permission, teamSchoolIds, principal.session.personId) === 'allow';
}

/** The rating sources the signed-in person may give on the review their route's rule checked (`object: 'review'`). */
export function ratingSourcesHere(request: FastifyRequest): Source[] {
  const { principal, scope, teamSchoolIds } = checkedOf(request);
  if (!('type' in scope)) throw new Error(`${request.method} ${request.url} checks no review.`);
  return ratingSources(principal.grants, scope as ReviewScope, teamSchoolIds, principal.session.personId);
}

async function ratingAccess(db: Kysely<Database>, principal: Principal, reviewId: string | undefined) {
  const review = reviewId && UUID.test(reviewId) ? await scopeOfReview(db, reviewId) : null;
  if (!review || review.organizationId !== principal.session.organizationId) throw new AppError('not_found', 'The review was not found.');
  const teams = await teamSchools(db, principal.grants);
  if (decide(principal.grants, review, 'read', teams, principal.session.personId) === 'not_found') throw new AppError('not_found', 'The review was not found.');
  return { review, sources: ratingSources(principal.grants, review, teams, principal.session.personId) };
}

/** The source a `rates` rule is about, once the body is read; null when the rating or evidence named does not exist (the handler answers 404). */
async function sourceConcerned(
  db: Kysely<Database>,
  request: FastifyRequest,
  from: 'body' | 'rating' | 'evidence' | 'finalize',
  review: ReviewScope,
): Promise<Source | null> {
  const params = request.params as Record<string, string>;
  if (from === 'body') return (request.body as { source: Source }).source;
  if (from === 'finalize') return finalizingSource(review.type);
  if (from === 'rating') return UUID.test(params.ratingId ?? '') ? sourceOfRating(db, params.id!, params.ratingId!) : null;
  return UUID.test(params.evidenceId ?? '') ? sourceOfEvidence(db, params.id!, params.evidenceId!) : null;
}

async function accessPlugin(app: FastifyInstance, { db, policy }: AccessOptions) {
  const principals = principalCache(db, policy);
  app.addHook('onResponse', async (request) => {
    if (!SAFE_METHODS.has(request.method)) principals.clear();
  });
  app.decorateRequest('principal', null);
  app.decorateRequest('checked', null);
  app.decorateRequest('rating', null);
  const table: FastifyInstance['accessTable'] = [];
  app.decorate('accessTable', table);

  // A route under /api without a rule is a programming error: refuse to start rather than serve it open.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api') && !route.url.startsWith('/api/docs') && !route.config?.access)
      throw new Error(`Route ${route.method} ${route.url} has no access rule (config.access).`);
    if (route.config?.access)
      for (const method of [route.method].flat()) if (method !== 'HEAD') table.push({ method, url: route.url, access: route.config.access });
  });

  // onRequest, before body validation: an anonymous or out-of-scope request learns nothing from validation errors.
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const rule = request.routeOptions.config.access;
    if (!rule) return; // static files and the API docs
    // A token (the command line, scripts) comes in a header a browser never adds by itself, so it needs no CSRF token.
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const token = request.cookies[SESSION_COOKIE];
    if (bearer) {
      request.principal = await principals.get(bearer, true);
      if (!request.principal && !('public' in rule))
        throw new AppError(
          'unauthenticated',
          'This token is not valid: it is mistyped, revoked or expired. Make a new one under Your account → Command-line tokens.',
        );
    } else if (token) request.principal = await principals.get(token);
    if ('public' in rule) return;
    if (!request.principal) throw new AppError('unauthenticated', 'Sign in to continue.');
    if (!request.principal.session.viaToken && !SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== request.principal.session.csrfToken)
      throw new AppError('forbidden', 'This request is missing its security token. Reload the page and try again.', [
        { where: CSRF_HEADER, message: 'missing or wrong CSRF token' },
      ]);
    if ('signedIn' in rule) return;
    if ('rates' in rule) {
      const access = await ratingAccess(db, request.principal, (request.params as Record<string, string>).id);
      if (!access.sources.length)
        throw new AppError(
          'forbidden',
          rule.rates === 'finalize'
            ? finalizeRefusal(access.review.type)
            : 'Your role does not allow rating this review. Ask an organization admin if you need it.',
        );
      request.rating = access;
      return;
    }
    const { grants, session: s } = request.principal;
    let scope: ObjectScope | null;
    if ('organization' in rule) scope = { organizationId: s.organizationId };
    else {
      const id = (request.params as Record<string, string>)[rule.param ?? 'id'];
      scope = id && UUID.test(id) ? await scopeFinders[rule.object](db, id) : null;
      if (!scope || scope.organizationId !== s.organizationId) throw new AppError('not_found', `The ${rule.object} was not found.`);
    }
    const teamSchoolIds = await teamSchools(db, grants);
    let decision = decide(grants, scope, rule.permission, teamSchoolIds, s.personId);
    // People and organization pages are known to everyone in the organization: refuse them plainly.
    if (decision === 'not_found' && ('organization' in rule || rule.object === 'person')) decision = 'forbidden';
    if (decision === 'not_found') throw new AppError('not_found', `The ${'object' in rule ? rule.object : 'page'} was not found.`);
    if (decision === 'forbidden') throw new AppError('forbidden', 'Your role does not allow this here. Ask an organization admin if you need it.');
    request.checked = { scope, teamSchoolIds };
  });

  // After validation, a `rates` rule checks the one source the request is about: who gives it is decided here, not in handlers.
  app.addHook('preHandler', async (request: FastifyRequest) => {
    const rule = request.routeOptions.config.access;
    if (!rule || !('rates' in rule) || !request.rating) return;
    const { review, sources } = request.rating;
    const source = await sourceConcerned(db, request, rule.rates, review);
    if (source === null || sources.includes(source)) return;
    throw new AppError('forbidden', rule.rates === 'finalize' ? finalizeRefusal(review.type) : ratingRefusal(source, review.type), [
      { where: rule.rates === 'body' ? 'source' : rule.rates, message: `may not give the ${source} rating` },
    ]);
  });
}

export const access = fp(accessPlugin, { name: 'trellis-access' });
