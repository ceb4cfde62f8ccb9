// Sign-in, sign-out, the current session, password changes, one-time set-password links and first-run setup.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError, errorAnswer } from '../../domain/errors';
import { isEmpty } from '../../db/demo';
import { recordAudit } from '../../db/repositories/audit';
import { firstOrganization, getOrganization } from '../../db/repositories/network';
import { findPersonByEmail, passwordHashOf, setPasswordHash, setUpOrganization } from '../../db/repositories/people';
import { clearFailures, lockedUntil, recordFailure, tryAgainSentence, type AttemptKind } from '../../db/repositories/credentials';
import {
  consumeOpenedLink,
  createSession,
  deleteSession,
  deleteSessionsOf,
  OPENED_LINK_MINUTES,
  openedLinkPerson,
  openPasswordLink,
} from '../../db/repositories/sessions';
import { principalOf, SESSION_COOKIE } from '../access';
import type { RouteDeps } from '../app';
import { checkNewPassword, hashPassword, verifyPassword } from '../passwords';
import { presentSession } from './presenters';
import {
  linkPassword,
  linkPerson,
  linkToken,
  passwordChange,
  passwordChanged,
  sessionAnswer,
  setupBody,
  signedInAnswer,
  signedOutAnswer,
  signInBody,
} from './schemas';

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
    throw new AppError('rate_limited', `${what}. Try again ${tryAgainSentence(until)}, or ask an organization admin for a new set-password link.`, [
      { where, message: `locked until ${until.toISOString()}` },
    ]);
  }

  r.get('/api/session', { config: { access: { public: true } }, schema: { tags: ['session'], response: { 200: sessionAnswer } } }, async (request) => {
    const p = request.principal;
    if (!p) {
      const org = await firstOrganization(db);
      return { signedIn: false as const, setupNeeded: !org, demo: org?.is_demo ?? false };
    }
    return presentSession(p, await getOrganization(db, p.session.organizationId));
  });

  r.post(
    '/api/session',
    {
      config: { access: { public: true }, rateLimit: { max: signInLimit, timeWindow: 60_000 } },
      schema: { tags: ['session'], body: signInBody, response: { 200: signedInAnswer } },
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
      await recordAudit(db, {
        organizationId: person.organization_id,
        actorId: person.id,
        action: 'session.sign_in',
        objectKind: 'person',
        objectId: person.id,
      });
      return { signedIn: true as const, csrfToken };
    },
  );

  r.delete(
    '/api/session',
    { config: { access: { signedIn: true } }, schema: { tags: ['session'], response: { 200: signedOutAnswer } } },
    async (request, reply) => {
      const p = principalOf(request);
      await deleteSession(db, p.session.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { signedIn: false as const };
    },
  );

  r.post(
    '/api/session/password',
    { config: { access: { signedIn: true } }, schema: { tags: ['session'], body: passwordChange, response: { 200: passwordChanged } } },
    async (request, reply) => {
      const p = principalOf(request);
      if (p.session.viaToken) throw new AppError('forbidden', 'A password is changed in the browser, signed in with it, not with a token.');
      await refuseWhenLocked('password_change', p.session.personId, reply, 'body.currentPassword');
      if (!(await verifyPassword(await passwordHashOf(db, p.session.personId), request.body.currentPassword))) {
        await recordFailure(db, 'password_change', p.session.personId, attemptPolicy);
        throw new AppError('invalid_input', 'Your current password is not right.', [{ where: 'body.currentPassword', message: 'does not match' }]);
      }
      await clearFailures(db, 'password_change', p.session.personId);
      checkNewPassword(request.body.newPassword, 'body.newPassword');
      await setPasswordHash(db, p.session.personId, await hashPassword(request.body.newPassword), p.session.personId);
      // Other devices signed in with the old password are signed out.
      await deleteSessionsOf(db, p.session.personId, p.session.id);
      return { changed: true as const };
    },
  );

  const linkLimit = { access: { public: true }, rateLimit: { max: signInLimit, timeWindow: 60_000 } } as const;

  // The page a link opens reads the token from the address's fragment (never sent to a server) and exchanges it here.
  r.post(`${LINK_PATH}/open`, { config: linkLimit, schema: { tags: ['session'], body: linkToken, response: { 200: linkPerson } } }, async (request, reply) => {
    const { handle, person } = await openPasswordLink(db, request.body.token);
    reply.setCookie(LINK_COOKIE, handle, {
      path: LINK_PATH,
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      maxAge: OPENED_LINK_MINUTES * 60,
    });
    return person;
  });

  r.get(`${LINK_PATH}/opened`, { config: { access: { public: true } }, schema: { tags: ['session'], response: { 200: linkPerson } } }, async (request) => {
    const handle = request.cookies[LINK_COOKIE];
    const person = handle ? await openedLinkPerson(db, handle) : null;
    if (!person) throw new AppError('not_found', 'Open the set-password link again: it was already used, has expired, or was opened more than 30 minutes ago.');
    return person;
  });

  r.post(
    `${LINK_PATH}/password`,
    { config: linkLimit, schema: { tags: ['session'], body: linkPassword, response: { 200: signedInAnswer } } },
    async (request, reply) => {
      const handle = request.cookies[LINK_COOKIE];
      if (!handle)
        throw new AppError('invalid_input', 'Open the set-password link again: this browser has not opened one in the last 30 minutes.', [
          { where: 'token', message: 'no opened link' },
        ]);
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
      return { signedIn: true as const, csrfToken };
    },
  );

  r.post(
    '/api/setup',
    {
      config: { access: { public: true }, rateLimit: { max: signInLimit, timeWindow: 60_000 } },
      schema: { tags: ['session'], body: setupBody, response: { 200: signedInAnswer, 409: errorAnswer } },
    },
    async (request, reply) => {
      checkNewPassword(request.body.password, 'body.password');
      const hash = await hashPassword(request.body.password);
      const personId = await db.transaction().execute(async (trx) => {
        if (!(await isEmpty(trx))) throw new AppError('conflict', 'Trellis is already set up. Sign in instead.');
        return setUpOrganization(trx, {
          organizationName: request.body.organizationName,
          name: request.body.name,
          email: request.body.email,
          passwordHash: hash,
        });
      });
      const csrfToken = await startSession(request, reply, personId);
      return { signedIn: true as const, csrfToken };
    },
  );
}
