// What the audit routes take and answer: a page of entries in people's words, and the choices for its filters.
import { z } from 'zod';
import { AUDIT_KIND_KEYS } from '../../domain/audit-kinds';
import { calendarDate, endNotBeforeStart, isTimeZone } from '../../domain/dates';

export const auditQuery = z
  .object({
    kind: z.enum(AUDIT_KIND_KEYS, `must be one of: ${AUDIT_KIND_KEYS.join(', ')}`).optional(),
    school: z.uuid('is not a valid id').optional(),
    person: z.uuid('is not a valid id').optional(),
    from: calendarDate.optional(),
    to: calendarDate.optional(),
    /** The reader's time zone, so "from" and "to" are their days: "America/Los_Angeles". */
    timeZone: z.string().max(64).refine(isTimeZone, 'is not a time zone').optional(),
    objectKind: z.string().max(40).optional(),
    objectId: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .superRefine(endNotBeforeStart('from', 'to', 'from date'));

const named = z.object({ id: z.string(), name: z.string() });
const change = z.object({ where: z.string().nullable(), field: z.string(), before: z.string().nullable(), after: z.string().nullable(), text: z.string() });
export const auditEntry = z.object({
  id: z.string(),
  at: z.date(),
  actor: named.nullable(),
  action: z.string(),
  actionWords: z.string(),
  objectKind: z.string(),
  objectId: z.string(),
  object: z.object({ kind: z.string(), label: z.string(), link: z.string().nullable() }),
  school: named.nullable(),
  changes: z.array(change),
  // The object as it was stored before and after, for those who want every field.
  before: z.unknown(),
  after: z.unknown(),
});
export const auditAnswer = z.object({ entries: z.array(auditEntry), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export const auditFilters = z.object({
  kinds: z.array(z.object({ value: z.string(), label: z.string() })),
  schools: z.array(named),
  people: z.array(named),
});
