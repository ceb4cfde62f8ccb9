// Sign-in, sign-out, the current session, password changes, one-time set-password links and first-run setup.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { hasAnywhere, ROLE_PERMISSIONS } from '../../domain/access';
import { AppError } from '../../domain/errors';
import { LIMITS } from '../../domain/limits';
import { isEmpty } from '../../db/demo';
import { recordAudit } from '../../db/repositories/audit';
import { findPersonByEmail, grantsOf, setPasswordHash } from '../../db/repositories/people';
import { clearFailures, lockedUntil, recordFailure, tryAgainSentence, type AttemptKind } from '../../db/repositories/credentials';
import { consumeOpenedLink, createSession, deleteSession, deleteSessionsOf, OPENED_LINK_MINUTES, openedLinkPerson, openPasswordLink } from '../../db/repositories/sessions';
import { principalOf, SESSION_COOKIE } from '../access';
import type { RouteDeps } from '../app';
import { checkNewPassword, hashPassword, verifyPassword } from '../passwords';

const email = z.string().trim().toLowerCase().email('is not an email address').max(LIMITS.email);
/** The cookie that holds an opened set-password link (never the link's own token). */
export const LINK_COOKIE = 'trellis_link';
const LINK_PATH = '/api/password-links';

export async function sessionRoutes(app: FastifyInstance, { database, policy, signInLimit, attemptPolicy }: RouteDeps) {
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();

  async function startSession(request: FastifyRequest, reply: FastifyReply, personId: string) {
    const { token, csrfToken } = await createSession(db, personId, policy);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge: policy.absoluteHours * 3600,
    });
    return csrfToken;
  }

  /** Refuses an account that has had too many wrong passwords lately, whichever addresses they came from. */
  async function refuseWhenLocked(kind: AttemptKind, subject: string, reply: FastifyReply, where: string) {
    const until = await lockedUntil(db, kind, subject, attemptPolicy);
    if (!until) return;
    reply.header('retry-after', String(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000))));
    const what = kind === 'sign_in' ? 'There have been too many wrong passwords for this account' : 'Your current password was entered wrong too many times';
    throw new AppError('rate_limited', `${what}. Try again ${tryAgainSentence(until)}, or ask an organization admin for a new set-password link.`, [{ where, message: `locked until ${until.toISOString()}` }]);
  }

  r.get('/api/session', { config: { access: { public: true } }, schema: { tags: ['session'] } }, async (request) => {
    const org = await db.selectFrom('organization').select(['id', 'name', 'is_demo']).orderBy('created_at').executeTakeFirst();
    const p = request.principal;
    if (!p) return { signedIn: false, setupNeeded: !org, demo: org?.is_demo ?? false };
    const organization = await db.selectFrom('organization').select(['id', 'name', 'is_demo']).where('id', '=', p.session.organizationId).executeTakeFirstOrThrow();
    return {
      signedIn: true,
      setupNeeded: false,
      demo: organization.is_demo,
      csrfToken: p.session.csrfToken,
      person: { id: p.session.personId, name: p.session.name, email: p.session.email },
      organization: { id: organization.id, name: organization.name, isDemo: organization.is_demo },
      roles: [...new Set(p.grants.map((g) => g.role))],
      can: { managePeople: hasAnywhere(p.grants, 'manage_people'), readAudit: hasAnywhere(p.grants, 'read_audit'), importResults: hasAnywhere(p.grants, 'import_results') },
      orgWide: p.grants.some((g) => g.scopeKind === 'organization' && ROLE_PERMISSIONS[g.role].includes('read')),
    };
  });

  r.post(
    '/api/session',
    {
      config: { access: { public: true }, rateLimit: { max: signInLimit, timeWindow: 60_000 } },
      schema: { tags: ['session'], body: z.object({ email, password: z.string().min(1, 'is required').max(LIMITS.password) }) },
    },
    async (request, reply) => {
      // Counted by the email asked for, known or not, so the limit does not reveal who has an account either.
      await refuseWhenLocked('sign_in', request.body.email, reply, 'email');
      const person = await findPersonByEmail(db, request.body.email);
      const ok = await verifyPassword(person?.is_active ? person.password_hash : null, request.body.password);
      // One answer for an unknown email and a wrong password, so sign-in does not reveal who has an account.
      if (!person || !ok) {
        await recordFailure(db, 'sign_in', request.body.email, attemptPolicy);
        throw new AppError('unauthenticated', 'That email and password do not match an account.');
      }
      await clearFailures(db, 'sign_in', request.body.email);
      const csrfToken = await startSession(request, reply, person.id);
      await recordAudit(db, { organizationId: person.organization_id, actorId: person.id, action: 'session.sign_in', objectKind: 'person', objectId: person.id });
      return { signedIn: true, csrfToken };
    },
  );

  r.delete('/api/session', { config: { access: { signedIn: true } }, schema: { tags: ['session'] } }, async (request, reply) => {
    const p = principalOf(request);
    await deleteSession(db, p.session.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { signedIn: false };
  });

  r.post(
    '/api/session/password',
    { config: { access: { signedIn: true } }, schema: { tags: ['session'], body: z.object({ currentPassword: z.string().min(1, 'is required'), newPassword: z.string() }) } },
    async (request, reply) => {
      const p = principalOf(request);
      if (p.session.viaToken) throw new AppError('forbidden', 'A password is changed in the browser, signed in with it, not with a token.');
      await refuseWhenLocked('password_change', p.session.personId, reply, 'body.currentPassword');
      const person = await db.selectFrom('person').select('password_hash').where('id', '=', p.session.personId).executeTakeFirstOrThrow();
      if (!(await verifyPassword(person.password_hash, request.body.currentPassword))) {
        await recordFailure(db, 'password_change', p.session.personId, attemptPolicy);
        throw new AppError('invalid_input', 'Your current password is not right.', [{ where: 'body.currentPassword', message: 'does not match' }]);
      }
      await clearFailures(db, 'password_change', p.session.personId);
      checkNewPassword(request.body.newPassword, 'body.newPassword');
      await setPasswordHash(db, p.session.personId, await hashPassword(request.body.newPassword), p.session.personId);
      // Other devices signed in with the old password are signed out.
      await deleteSessionsOf(db, p.session.personId, p.session.id);
      return { changed: true };
    },
  );

  const linkLimit = { access: { public: true }, rateLimit: { max: signInLimit, timeWindow: 60_000 } } as const;
  const linkPerson = z.object({ name: z.string(), email: z.string() });

  // The page a link opens reads the token from the address's fragment (never sent to a server) and exchanges it here.
  r.post(
    `${LINK_PATH}/open`,
    { config: linkLimit, schema: { tags: ['session'], body: z.object({ token: z.string().min(20, 'is not a set-password link').max(100, 'is not a set-password link') }), response: { 200: linkPerson } } },
    async (request, reply) => {
      const { handle, person } = await openPasswordLink(db, request.body.token);
      reply.setCookie(LINK_COOKIE, handle, { path: LINK_PATH, httpOnly: true, sameSite: 'strict', secure: request.protocol === 'https', maxAge: OPENED_LINK_MINUTES * 60 });
      return person;
    },
  );

  r.get(`${LINK_PATH}/opened`, { config: { access: { public: true } }, schema: { tags: ['session'], response: { 200: linkPerson } } }, async (request) => {
    const handle = request.cookies[LINK_COOKIE];
    const person = handle ? await openedLinkPerson(db, handle) : null;
    if (!person) throw new AppError('not_found', 'Open the set-password link again: it was already used, has expired, or was opened more than 30 minutes ago.');
    return person;
  });

  r.post(
    `${LINK_PATH}/password`,
    { config: linkLimit, schema: { tags: ['session'], body: z.object({ password: z.string() }) } },
    async (request, reply) => {
      const handle = request.cookies[LINK_COOKIE];
      if (!handle) throw new AppError('invalid_input', 'Open the set-password link again: this browser has not opened one in the last 30 minutes.', [{ where: 'token', message: 'no opened link' }]);
      checkNewPassword(request.body.password, 'body.password');
      const hash = await hashPassword(request.body.password);
      const personId = await db.transaction().execute(async (trx) => {
        const id = await consumeOpenedLink(trx, handle);
        await setPasswordHash(trx, id, hash, id);
        await deleteSessionsOf(trx, id);
        return id;
      });
      reply.clearCookie(LINK_COOKIE, { path: LINK_PATH });
      const csrfToken = await startSession(request, reply, personId);
      return { signedIn: true, csrfToken };
    },
  );

  r.post(
    '/api/setup',
    {
      config: { access: { public: true }, rateLimit: { max: signInLimit, timeWindow: 60_000 } },
      schema: {
        tags: ['session'],
        body: z.object({ organizationName: z.string().trim().min(2, 'is required').max(LIMITS.name), name: z.string().trim().min(1, 'is required').max(LIMITS.name), email, password: z.string() }),
      },
    },
    async (request, reply) => {
      checkNewPassword(request.body.password, 'body.password');
      const hash = await hashPassword(request.body.password);
      const personId = await db.transaction().execute(async (trx) => {
        if (!(await isEmpty(trx))) throw new AppError('conflict', 'Trellis is already set up. Sign in instead.');
        const slug = request.body.organizationName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'organization';
        const org = await trx.insertInto('organization').values({ name: request.body.organizationName, slug }).returning('id').executeTakeFirstOrThrow();
        const person = await trx.insertInto('person').values({ organization_id: org.id, name: request.body.name, email: request.body.email, title: 'Organization admin', password_hash: hash }).returning('id').executeTakeFirstOrThrow();
        await trx.insertInto('membership').values({ person_id: person.id, role: 'org_admin', scope_kind: 'organization', scope_id: org.id }).execute();
        await recordAudit(trx, { organizationId: org.id, actorId: person.id, action: 'organization.setup', objectKind: 'organization', objectId: org.id, after: { name: request.body.organizationName, admin: request.body.email } });
        return person.id;
      });
      const csrfToken = await startSession(request, reply, personId);
      return { signedIn: true, csrfToken, grants: await grantsOf(db, personId) };
    },
  );
}
