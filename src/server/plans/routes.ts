// Annual outcomes and plans over HTTP: proposals, drafts with comments, approval and reopening, the one-page
// PDF, the living plan with check-ins, revisions, differences and reflections, and the network table.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDate, endNotBeforeStart } from '../../domain/dates';
import { LIMITS } from '../../domain/limits';
import type { Progress } from '../../domain/outcomes';
import { currentSchoolYear } from '../../domain/demo';
import {
  addCheckin,
  addRevision,
  approveOutcomes,
  commentOnOutcomes,
  getOutcomes,
  getPlan,
  networkPlans,
  planChanges,
  reopenOutcomes,
  saveOutcomes,
  savePlan,
  saveReflection,
} from '../../db/repositories/plans';
import { htmlToPdf } from '../../reports/pdf';
import { outcomesReportHtml } from '../../reports/outcomes-report';
import { mayHere, principalOf } from '../access';
import type { RouteDeps } from '../app';
import { grantsKey, keptAnswers } from '../kept-answers';

const id = z.object({ id: z.uuid('is not a valid id') });
const schoolYear = z.coerce.number().int().min(2000, 'is not a school year').max(2100, 'is not a school year');
const text = (max: number) => z.string().trim().max(max);
const key = z.string().min(1).max(100);

const target = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('implementation'),
      frameworkId: z.uuid('is not a valid id'),
      indicatorKey: key,
      indicatorName: text(200).min(1, 'is required'),
      domainName: text(200),
      baselineLevel: z.number().int().min(0).max(20).nullable(),
      targetLevel: z.number().int().min(0).max(20),
      levelLabels: z.record(z.string(), z.string().max(100)),
    })
    .strict(),
  z
    .object({
      kind: z.literal('student'),
      subject: z.enum(['ela', 'math'], 'must be ela or math'),
      grade: z.string().regex(/^(all|\d{1,2})$/, 'must be all or a grade number'),
      group: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'is not a student group code'),
      groupLabel: text(100).min(1, 'is required'),
      metric: z.literal('pct_met_or_above'),
      baseline: z.number().min(0).max(100),
      baselineYear: z.string().regex(/^\d{4}-\d{2}$/, 'must be a school year like 2025-26'),
      target: z.number().min(0).max(100),
    })
    .strict(),
]);

const outcome = z
  .object({
    id: z.uuid().optional(),
    target,
    title: text(LIMITS.planTitle).optional(),
    reason: text(LIMITS.reason).optional(),
    source: z.enum(['review', 'results', 'reflection', 'team']),
  })
  .strict();

const actionStatus = z.enum(['not_started', 'in_progress', 'done', 'blocked']);
const goals = z
  .array(
    z
      .object({
        id: key,
        title: text(LIMITS.planTitle).min(1, 'is required'),
        outcomeId: z.uuid().nullable(),
        target: target.nullable(),
        targetDate: calendarDate.nullable(),
        strategies: z
          .array(
            z
              .object({
                id: key,
                title: text(LIMITS.planTitle).min(1, 'is required'),
                actions: z
                  .array(
                    z
                      .object({ id: key, title: text(LIMITS.planTitle).min(1, 'is required'), owner: text(LIMITS.actionOwner), startOn: calendarDate.nullable(), dueOn: calendarDate.nullable(), status: actionStatus })
                      .strict()
                      .superRefine(endNotBeforeStart('startOn', 'dueOn', 'start date')),
                  )
                  .max(50),
              })
              .strict(),
          )
          .max(20),
      })
      .strict(),
  )
  .max(12);

export async function planRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const kept = keptAnswers(database);
  const read = { access: { permission: 'read', object: 'school' } } as const;
  const edit = { access: { permission: 'edit', object: 'school' } } as const;
  const defaultYear = () => currentSchoolYear(new Date());
  const yearQuery = z.object({ year: schoolYear.optional() });

  /**
   * Every answer about a school's outcomes or plan carries what the person may do there, decided on what the route's
   * access check already looked up for that school (for what the page offers; the routes check again).
   */
  function withCan<T extends object>(request: FastifyRequest, answer: T) {
    return { ...answer, can: { edit: mayHere(request, 'edit'), comment: mayHere(request, 'comment'), admin: mayHere(request, 'admin') } };
  }

  r.get('/api/schools/:id/outcomes', { config: read, schema: { tags: ['plans'], params: id, querystring: yearQuery } }, async (request) =>
    withCan(request, await getOutcomes(db, request.params.id, request.query.year ?? defaultYear())),
  );

  async function reportHtml(organizationId: string, schoolId: string, year: number) {
    const [outcomes, plan, org] = await Promise.all([
      getOutcomes(db, schoolId, year),
      getPlan(db, schoolId, year),
      db.selectFrom('organization').select(['name', 'is_demo']).where('id', '=', organizationId).executeTakeFirstOrThrow(),
    ]);
    const goals = plan.plan?.document.goals ?? [];
    const progress = outcomes.outcomes.map((o) => {
      const goal = goals.find((g) => g.outcomeId === o.id);
      return goal ? ((plan.progress as Record<string, Progress>)[goal.id] ?? null) : null;
    });
    const html = outcomesReportHtml(
      { school: { name: outcomes.school.name, districtName: outcomes.school.districtName }, yearLabel: outcomes.yearLabel, status: outcomes.set?.status ?? null, approvedBy: outcomes.set?.approvedBy ?? null, approvedAt: outcomes.set?.approvedAt ?? null, outcomes: outcomes.outcomes, progress },
      { name: org.name, isDemo: org.is_demo },
    );
    return { html, name: `Annual outcomes ${outcomes.yearLabel} ${outcomes.school.name}` };
  }

  r.get('/api/schools/:id/outcomes/report', { config: read, schema: { tags: ['plans'], params: id, querystring: yearQuery } }, async (request, reply) => {
    const { html } = await reportHtml(principalOf(request).session.organizationId, request.params.id, request.query.year ?? defaultYear());
    return reply.type('text/html; charset=utf-8').send(html);
  });

  r.get('/api/schools/:id/outcomes/report.pdf', { config: read, schema: { tags: ['plans'], params: id, querystring: yearQuery } }, async (request, reply) => {
    const { html, name } = await reportHtml(principalOf(request).session.organizationId, request.params.id, request.query.year ?? defaultYear());
    const pdf = await htmlToPdf(html);
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${name.replace(/[^\w.-]+/g, '-').replace(/-+/g, '-')}.pdf"`).send(pdf);
  });

  r.put(
    '/api/schools/:id/outcomes',
    { config: edit, schema: { tags: ['plans'], params: id, body: z.object({ year: schoolYear, version: z.number().int().positive().nullable(), outcomes: z.array(outcome).max(12) }).strict() } },
    async (request) => {
      const p = principalOf(request);
      return withCan(request, await saveOutcomes(db, p.session.organizationId, request.params.id, request.body.year, request.body.version, request.body.outcomes, p.session.personId));
    },
  );

  r.post(
    '/api/schools/:id/outcomes/comments',
    {
      config: { access: { permission: 'comment', object: 'school' } },
      schema: { tags: ['plans'], params: id, body: z.object({ year: schoolYear, outcomeId: z.uuid().nullable().default(null), body: text(LIMITS.longText).min(1, 'is required') }).strict() },
    },
    async (request, reply) => {
      const p = principalOf(request);
      return reply.code(201).send(withCan(request, await commentOnOutcomes(db, p.session.organizationId, request.params.id, request.body.year, request.body.outcomeId, request.body.body, p.session.personId)));
    },
  );

  r.post(
    '/api/schools/:id/outcomes/approve',
    { config: edit, schema: { tags: ['plans'], params: id, body: z.object({ year: schoolYear, version: z.number().int().positive() }).strict() } },
    async (request) => {
      const p = principalOf(request);
      return withCan(request, await approveOutcomes(db, p.session.organizationId, request.params.id, request.body.year, request.body.version, p.session.personId));
    },
  );

  r.post(
    '/api/schools/:id/outcomes/reopen',
    { config: { access: { permission: 'admin', object: 'school' } }, schema: { tags: ['plans'], params: id, body: z.object({ year: schoolYear, reason: text(LIMITS.reason).min(1, 'is required') }).strict() } },
    async (request) => {
      const p = principalOf(request);
      return withCan(request, await reopenOutcomes(db, p.session.organizationId, request.params.id, request.body.year, request.body.reason, p.session.personId));
    },
  );

  r.get('/api/schools/:id/plan', { config: read, schema: { tags: ['plans'], params: id, querystring: yearQuery } }, async (request) =>
    withCan(request, await getPlan(db, request.params.id, request.query.year ?? defaultYear())),
  );

  r.put(
    '/api/schools/:id/plan',
    { config: edit, schema: { tags: ['plans'], params: id, body: z.object({ year: schoolYear, version: z.number().int().positive().nullable(), goals }).strict() } },
    async (request) => {
      const p = principalOf(request);
      return withCan(request, await savePlan(db, p.session.organizationId, request.params.id, request.body.year, request.body.version, { goals: request.body.goals }, p.session.personId));
    },
  );

  r.post(
    '/api/schools/:id/plan/checkins',
    {
      config: edit,
      schema: {
        tags: ['plans'],
        params: id,
        body: z
          .object({ year: schoolYear, goalId: key.nullable().default(null), status: z.enum(['on_track', 'at_risk', 'off_track']), evidence: text(LIMITS.longText).default(''), notes: text(LIMITS.longText).default(''), checkedOn: calendarDate.optional() })
          .strict(),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const { year, checkedOn, ...rest } = request.body;
      return reply.code(201).send(withCan(request, await addCheckin(db, p.session.organizationId, request.params.id, year, { ...rest, checkedOn: checkedOn ?? new Date().toISOString().slice(0, 10) }, p.session.personId)));
    },
  );

  r.post(
    '/api/schools/:id/plan/revisions',
    { config: edit, schema: { tags: ['plans'], params: id, body: z.object({ year: schoolYear, reason: text(LIMITS.reason).min(1, 'is required') }).strict() } },
    async (request, reply) => {
      const p = principalOf(request);
      return reply.code(201).send(withCan(request, await addRevision(db, p.session.organizationId, request.params.id, request.body.year, request.body.reason, p.session.personId)));
    },
  );

  const version = z.union([z.literal('current'), z.coerce.number().int().positive()]);
  r.get(
    '/api/schools/:id/plan/changes',
    { config: read, schema: { tags: ['plans'], params: id, querystring: z.object({ year: schoolYear, from: version, to: version.default('current') }) } },
    async (request) => planChanges(db, request.params.id, request.query.year, request.query.from, request.query.to),
  );

  r.put(
    '/api/schools/:id/plan/reflections',
    { config: edit, schema: { tags: ['plans'], params: id, body: z.object({ year: schoolYear, goalId: key, result: z.enum(['met', 'partly', 'not_met']), learned: text(LIMITS.longText).default('') }).strict() } },
    async (request) => {
      const p = principalOf(request);
      const { year, goalId, ...rest } = request.body;
      return withCan(request, await saveReflection(db, p.session.organizationId, request.params.id, year, goalId, rest, p.session.personId));
    },
  );

  r.get(
    '/api/plans/network',
    {
      config: { access: { signedIn: true } },
      schema: { tags: ['plans'], querystring: z.object({ year: schoolYear.optional(), district: z.uuid().optional(), coach: z.uuid().optional(), type: z.enum(['implementation', 'student']).optional() }) },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const q = { ...request.query, year: request.query.year ?? defaultYear() };
      return kept(request, reply, `plans\u0000${grantsKey(p.grants)}\u0000${JSON.stringify([q.year, q.district ?? null, q.coach ?? null, q.type ?? null])}`, z.unknown(), () =>
        networkPlans(db, { organizationId: p.session.organizationId, grants: p.grants, ...q }),
      );
    },
  );
}
