// The audit log: every write records who, when, what, with the object before and after.
import type { Kysely } from 'kysely';
import type { Database } from '../schema';

export interface AuditEntry {
  organizationId: string | null;
  actorId: string | null;
  action: string;
  objectKind: string;
  objectId: string;
  before?: unknown;
  after?: unknown;
}

// Secrets never enter the log, whatever object they ride on.
const SECRET_KEYS = new Set(['password_hash', 'password', 'token', 'token_hash', 'csrf_token']);

function scrub(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return JSON.stringify(value, (key, v) => (SECRET_KEYS.has(key) ? undefined : v));
}

export async function recordAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      organization_id: entry.organizationId,
      actor_id: entry.actorId,
      action: entry.action,
      object_kind: entry.objectKind,
      object_id: entry.objectId,
      before: scrub(entry.before),
      after: scrub(entry.after),
    })
    .execute();
}

export async function auditOf(db: Kysely<Database>, organizationId: string, objectKind?: string, objectId?: string, limit = 200) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('person', 'person.id', 'audit_log.actor_id')
    .select(['audit_log.id', 'audit_log.at', 'audit_log.action', 'audit_log.object_kind', 'audit_log.object_id', 'audit_log.before', 'audit_log.after', 'person.name as actor_name'])
    .where('audit_log.organization_id', '=', organizationId);
  if (objectKind) q = q.where('audit_log.object_kind', '=', objectKind);
  if (objectId) q = q.where('audit_log.object_id', '=', objectId);
  return q.orderBy('audit_log.id', 'desc').limit(limit).execute();
}
