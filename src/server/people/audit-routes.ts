// The audit log for those allowed to read it: a page of entries in people's words, filtered by kind of
// change, school, person and dates, and the choices for those filters.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AUDIT_KIND_KEYS, AUDIT_KINDS } from '../../domain/audit-kinds';
import { addDays, startOfDay } from '../../domain/dates';
import { auditFilterChoices, listAudit } from '../../db/repositories/audit';
import { principalOf } from '../access';
import type { RouteDeps } from '../app';
import { presentAuditEntry } from './audit-presenters';
import { auditAnswer, auditFilters, auditQuery } from './audit-schemas';

const readAudit = { access: { permission: 'read_audit', organization: true } } as const;

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
    return { entries: entries.map(presentAuditEntry), total, limit: q.limit, offset: q.offset };
  });

  r.get('/api/audit/filters', { config: readAudit, schema: { tags: ['audit'], response: { 200: auditFilters } } }, async (request) => {
    const { schools, people } = await auditFilterChoices(database.db, principalOf(request).session.organizationId);
    return { kinds: AUDIT_KIND_KEYS.map((k) => ({ value: k, label: AUDIT_KINDS[k].label })), schools, people };
  });
}
