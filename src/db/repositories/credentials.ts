// Tokens for the command line and scripts, and the count of wrong passwords per account; only hashes of tokens are stored.
import type { Kysely } from 'kysely';
import { AppError } from '../../domain/errors';
import type { Database } from '../schema';
import { recordAudit } from './audit';
import { hashToken, newToken, type ActiveSession } from './sessions';

/** Tokens start with this, so a person (and a secret scanner) can tell one when they see it. */
export const TOKEN_PREFIX = 'trellis_';

export async function createApiToken(
  db: Kysely<Database>,
  session: Pick<ActiveSession, 'personId' | 'organizationId'>,
  name: string,
  days: number,
  now = new Date(),
) {
  const token = `${TOKEN_PREFIX}${newToken()}`;
  const row = await db
    .insertInto('api_token')
    .values({
      organization_id: session.organizationId,
      person_id: session.personId,
      name,
      token_hash: hashToken(token),
      created_at: now,
      expires_at: new Date(now.getTime() + days * 86_400_000),
    })
    .returning(['id', 'name', 'created_at', 'expires_at'])
    .executeTakeFirstOrThrow();
  await recordAudit(db, {
    organizationId: session.organizationId,
    actorId: session.personId,
    action: 'token.create',
    objectKind: 'person',
    objectId: session.personId,
    after: { name, expires: row.expires_at },
  });
  return { token, ...row };
}

export async function listApiTokens(db: Kysely<Database>, personId: string) {
  return db
    .selectFrom('api_token')
    .select(['id', 'name', 'created_at', 'last_used_at', 'expires_at'])
    .where('person_id', '=', personId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeApiToken(db: Kysely<Database>, session: Pick<ActiveSession, 'personId' | 'organizationId'>, id: string, now = new Date()) {
  const row = await db
    .updateTable('api_token')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('person_id', '=', session.personId)
    .where('revoked_at', 'is', null)
    .returning('name')
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'The token was not found: it may have been revoked already.');
  await recordAudit(db, {
    organizationId: session.organizationId,
    actorId: session.personId,
    action: 'token.revoke',
    objectKind: 'person',
    objectId: session.personId,
    before: { name: row.name },
  });
}

/** The person a token signs in, as a session without a CSRF token (a browser never sends a token by itself); null when unknown, revoked or expired. */
export async function findApiToken(db: Kysely<Database>, token: string, now = new Date()): Promise<ActiveSession | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db
    .selectFrom('api_token')
    .innerJoin('person', 'person.id', 'api_token.person_id')
    .select(['api_token.id', 'api_token.person_id', 'api_token.last_used_at', 'person.organization_id', 'person.name', 'person.email'])
    .where('api_token.token_hash', '=', hashToken(token))
    .where('api_token.revoked_at', 'is', null)
    .where('api_token.expires_at', '>', now)
    .where('person.is_active', '=', true)
    .executeTakeFirst();
  if (!row) return null;
  // Written at most once a minute, so a script's reads do not turn into writes.
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000)
    await db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', row.id).execute();
  return {
    id: `token:${row.id}`,
    personId: row.person_id,
    organizationId: row.organization_id,
    name: row.name,
    email: row.email,
    csrfToken: '',
    lastSeenAt: now,
    viaToken: true,
  };
}

// ---------------------------------------------------------------------------------------------
// Wrong passwords per account, whatever address they come from.

export type AttemptKind = 'sign_in' | 'password_change';

export interface AttemptPolicy {
  /** Wrong passwords allowed in the window before the account refuses more. */
  max: number;
  windowMinutes: number;
}

export const DEFAULT_ATTEMPT_POLICY: AttemptPolicy = { max: 10, windowMinutes: 60 };

/** When the account may be tried again (null when it may now): the oldest counted failure leaving the window. */
export async function lockedUntil(db: Kysely<Database>, kind: AttemptKind, subject: string, policy: AttemptPolicy, now = new Date()): Promise<Date | null> {
  const since = new Date(now.getTime() - policy.windowMinutes * 60_000);
  const rows = await db
    .selectFrom('failed_attempt')
    .select('at')
    .where('kind', '=', kind)
    .where('subject', '=', subject)
    .where('at', '>', since)
    .orderBy('at', 'desc')
    .limit(policy.max)
    .execute();
  if (rows.length < policy.max) return null;
  return new Date(new Date(rows[rows.length - 1]!.at).getTime() + policy.windowMinutes * 60_000);
}

export async function recordFailure(db: Kysely<Database>, kind: AttemptKind, subject: string, policy: AttemptPolicy, now = new Date()) {
  await db.insertInto('failed_attempt').values({ kind, subject, at: now }).execute();
  // Old failures count for nothing: they are cleared as new ones come.
  await db
    .deleteFrom('failed_attempt')
    .where('kind', '=', kind)
    .where('subject', '=', subject)
    .where('at', '<=', new Date(now.getTime() - policy.windowMinutes * 60_000))
    .execute();
}

export async function clearFailures(db: Kysely<Database>, kind: AttemptKind, subject: string) {
  await db.deleteFrom('failed_attempt').where('kind', '=', kind).where('subject', '=', subject).execute();
}

/** "in 37 minutes": when to try again, in words that need no time zone; the API also gives the time itself. */
export function tryAgainSentence(until: Date, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}
