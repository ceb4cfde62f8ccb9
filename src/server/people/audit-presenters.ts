// Turns a stored audit entry into the answer the audit page reads: the record, and the same in words.
import type { z } from 'zod';
import type { AuditRow } from '../../db/repositories/audit';
import { describeEntry } from '../../domain/audit-changes';
import type { auditEntry } from './audit-schemas';

export function presentAuditEntry(row: AuditRow): z.input<typeof auditEntry> {
  const words = describeEntry(row, row.facts, row.context);
  return {
    id: row.id,
    at: new Date(row.at),
    actor: row.actorId ? { id: row.actorId, name: row.actorName ?? 'someone since removed' } : null,
    action: row.action,
    actionWords: words.action,
    objectKind: row.objectKind,
    objectId: row.objectId,
    object: words.object,
    school: row.facts.schoolId && row.facts.schoolName ? { id: row.facts.schoolId, name: row.facts.schoolName } : null,
    changes: words.changes,
    before: row.before ?? null,
    after: row.after ?? null,
  };
}
