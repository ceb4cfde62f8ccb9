// The audit log for those allowed to read it: a page of entries in people's words, filtered by kind of
// change, school, person and dates, and the choices for those filters.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AUDIT_KIND_KEYS, AUDIT_KINDS, describeEntry } from '../../domain/audit-changes';
import { addDays, calendarDate, endNotBeforeStart, isTimeZone, startOfDay } from '../../domain/dates';
import { auditFilterChoices, listAudit, type AuditRow } from '../../db/repositories/audit';
import { principalOf } from '../access';
import type { RouteDeps } from '../app';

const readAudit = { access: { permission: 'read_audit', organization: true } } as const;

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

const change = z.object({ where: z.string().nullable(), field: z.string(), before: z.string().nullable(), after: z.string().nullable(), text: z.string() });
const entry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({ id: z.string(), name: z.string() }).nullable(),
  action: z.string(),
  actionWords: z.string(),
  objectKind: z.string(),
  objectId: z.string(),
  object: z.object({ kind: z.string(), label: z.string(), link: z.string().nullable() }),
  school: z.object({ id: z.string(), name: z.string() }).nullable(),
  changes: z.array(change),
  before: z.unknown(),
  after: z.unknown(),
});
export const auditAnswer = z.object({ entries: z.array(entry), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export const auditFilters = z.object({
  kinds: z.array(z.object({ value: z.string(), label: z.string() })),
  schools: z.array(z.object({ id: z.string(), name: z.string() })),
  people: z.array(z.object({ id: z.string(), name: z.string() })),
});

export type AuditAnswer = z.infer<typeof auditAnswer>;
export type AuditFilters = z.infer<typeof auditFilters>;

/** An entry as the API sends it: the stored record, and the same in words. */
function present(row: AuditRow): z.infer<typeof entry> {
  const words = describeEntry(row, row.facts, row.context);
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
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

export async function auditRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/audit', { config: readAudit, schema: { tags: ['audit'], querystring: auditQuery, response: { 200: auditAnswer } } }, async (request) => {
    const q = request.query;
    const zone = q.timeZone ?? 'UTC';
    const { entries, total } = await listAudit(database.db, principalOf(request).session.organizationId, {
      kind: q.kind,
      schoolId: q.school,
      actorId: q.person,
      since: q.from ? startOfDay(q.from, zone) : undefined,
      // "To" is a whole day: up to the start of the next.
      until: q.to ? startOfDay(addDays(q.to, 1), zone) : undefined,
      objectKind: q.objectKind,
      objectId: q.objectId,
      limit: q.limit,
      offset: q.offset,
    });
    return { entries: entries.map(present), total, limit: q.limit, offset: q.offset };
  });

  r.get('/api/audit/filters', { config: readAudit, schema: { tags: ['audit'], response: { 200: auditFilters } } }, async (request) => {
    const { schools, people } = await auditFilterChoices(database.db, principalOf(request).session.organizationId);
    return { kinds: AUDIT_KIND_KEYS.map((k) => ({ value: k, label: AUDIT_KINDS[k].label })), schools, people };
  });
}
