// Server-side sessions and one-time set-password links; only hashes of their tokens are stored.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AppError } from '../../domain/errors';
import type { Database } from '../schema';

export const newToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export async function createSession(db: Kysely<Database>, personId: string, policy: SessionPolicy, now = new Date()) {
  const token = newToken();
  const csrfToken = newToken();
  await db
    .insertInto('session')
    .values({
      id: hashToken(token),
      person_id: personId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + policy.absoluteHours * 3_600_000),
    })
    .execute();
  return { token, csrfToken };
}

export interface ActiveSession {
  id: string;
  personId: string;
  organizationId: string;
  name: string;
  email: string;
  csrfToken: string;
  lastSeenAt: Date;
  /** Signed in by a token (the command line, a script) rather than a browser session. */
  viaToken?: boolean;
}

/** A session that is neither past its absolute expiry nor idle too long; expired ones are deleted. */
export async function findSession(db: Kysely<Database>, token: string, policy: SessionPolicy, now = new Date()): Promise<ActiveSession | null> {
  const id = hashToken(token);
  const row = await db
    .selectFrom('session')
    .innerJoin('person', 'person.id', 'session.person_id')
    .select([
      'session.id',
      'session.person_id',
      'session.csrf_token',
      'session.last_seen_at',
      'session.expires_at',
      'person.organization_id',
      'person.name',
      'person.email',
      'person.is_active',
    ])
    .where('session.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const idleLimit = new Date(row.last_seen_at).getTime() + policy.idleMinutes * 60_000;
  if (!row.is_active || new Date(row.expires_at) <= now || idleLimit <= now.getTime()) {
    await db.deleteFrom('session').where('id', '=', id).execute();
    return null;
  }
  return {
    id,
    personId: row.person_id,
    organizationId: row.organization_id,
    name: row.name,
    email: row.email,
    csrfToken: row.csrf_token,
    lastSeenAt: new Date(row.last_seen_at),
  };
}

export async function touchSession(db: Kysely<Database>, id: string, now = new Date()) {
  await db.updateTable('session').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function deleteSession(db: Kysely<Database>, id: string) {
  await db.deleteFrom('session').where('id', '=', id).execute();
}

export async function deleteSessionsOf(db: Kysely<Database>, personId: string, except?: string) {
  let q = db.deleteFrom('session').where('person_id', '=', personId);
  if (except) q = q.where('id', '!=', except);
  await q.execute();
}

/** The page a link opens: its token goes in the fragment, which browsers never send to a server, so no log or Referer sees it. */
export const setPasswordPath = (token: string) => `/set-password#${token}`;

export async function createPasswordLink(db: Kysely<Database>, personId: string, createdBy: string | null, hours = 72, now = new Date()) {
  const token = newToken();
  await db
    .insertInto('password_link')
    .values({
      token_hash: hashToken(token),
      person_id: personId,
      created_by: createdBy,
      created_at: now,
      expires_at: new Date(now.getTime() + hours * 3_600_000),
    })
    .execute();
  return token;
}

const LINK_INVALID = 'This set-password link is not valid: it was already used or has expired. Ask an admin for a new one.';
/** How long a link, once opened, may be used from the browser that opened it. */
export const OPENED_LINK_MINUTES = 30;

/**
 * Opens a link: its token (read from the address's fragment, never sent in a URL) is exchanged for a short-lived
 * handle kept in a cookie, so the token appears in no address, log or Referer. Opening it again replaces the handle.
 */
export async function openPasswordLink(db: Kysely<Database>, token: string, now = new Date()) {
  const handle = newToken();
  const link = await db
    .updateTable('password_link')
    .set({ opened_hash: hashToken(handle), opened_until: new Date(now.getTime() + OPENED_LINK_MINUTES * 60_000) })
    .where('token_hash', '=', hashToken(token))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('person_id')
    .executeTakeFirst();
  if (!link) throw new AppError('invalid_input', LINK_INVALID, [{ where: 'token', message: 'invalid or expired' }]);
  const person = await db.selectFrom('person').select(['name', 'email']).where('id', '=', link.person_id).executeTakeFirstOrThrow();
  return { handle, person };
}

/** The person an opened link is for (null when the handle is unknown, used or past its time). */
export async function openedLinkPerson(db: Kysely<Database>, handle: string, now = new Date()) {
  return (
    (await db
      .selectFrom('password_link')
      .innerJoin('person', 'person.id', 'password_link.person_id')
      .select(['person.name', 'person.email'])
      .where('opened_hash', '=', hashToken(handle))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .where('opened_until', '>', now)
      .executeTakeFirst()) ?? null
  );
}

/** Marks an opened link used and returns its person; a used, expired or unknown one gets one clear error. */
export async function consumeOpenedLink(db: Kysely<Database>, handle: string, now = new Date()): Promise<string> {
  const link = await db
    .updateTable('password_link')
    .set({ used_at: now })
    .where('opened_hash', '=', hashToken(handle))
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('opened_until', '>', now)
    .returning('person_id')
    .executeTakeFirst();
  if (!link) throw new AppError('invalid_input', LINK_INVALID, [{ where: 'token', message: 'invalid or expired' }]);
  return link.person_id;
}
