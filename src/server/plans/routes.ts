// Annual outcomes and plans over HTTP: proposals, drafts with comments, approval and reopening, the one-page
// report, the living plan with check-ins, revisions, differences and reflections, and the network table.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { networkPlans } from '../../db/repositories/network-plans';
import { getOrganization } from '../../db/repositories/network';
import { approveOutcomes, commentOnOutcomes, outcomesOf, reopenOutcomes, saveOutcomes } from '../../db/repositories/outcomes';
import { addCheckin, addRevision, planOf, planVersions, savePlan, saveReflection } from '../../db/repositories/plans';
import { currentSchoolYear } from '../../domain/school-year';
import { diffPlans } from '../../domain/plan-versions';
import { outcomesReportHtml } from '../../reports/outcomes-report';
import { htmlToPdf } from '../../reports/pdf';
import { mayHere, principalOf } from '../access';
import type { RouteDeps } from '../app';
import { grantsKey, keptAnswers } from '../kept-answers';
import { outcomesReport, presentNetworkPlans, presentOutcomes, presentPlan } from './presenters';
import {
  approveBody,
  changesQuery,
  checkinBody,
  commentBody,
  html,
  id,
  networkPlansAnswer,
  networkPlansQuery,
  outcomesAnswer,
  outcomesConflict,
  pdf,
  planAnswer,
  planChangesAnswer,
  planConflict,
  reasonBody,
  reflectionBody,
  refusal,
  saveOutcomesBody,
  savePlanBody,
  yearQuery,
} from './schemas';

export async function planRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const kept = keptAnswers(database);
  const read = { access: { permission: 'read', object: 'school' } } as const;
  const edit = { access: { permission: 'edit', object: 'school' } } as const;
  const defaultYear = () => currentSchoolYear();

  /**
   * What the person may do on the page, decided on what the route's access check already looked up for that school
   * (for what the page offers; the routes check again).
   */
  const canOf = (request: FastifyRequest) => ({ edit: mayHere(request, 'edit'), comment: mayHere(request, 'comment'), admin: mayHere(request, 'admin') });
  const outcomes = async (request: FastifyRequest, schoolId: string, year: number) => presentOutcomes(await outcomesOf(db, schoolId, year), canOf(request));
  const plan = async (request: FastifyRequest, schoolId: string, year: number) => presentPlan(await planOf(db, schoolId, year), canOf(request));

  r.get(
    '/api/schools/:id/outcomes',
    { config: read, schema: { tags: ['plans'], params: id, querystring: yearQuery, response: { 200: outcomesAnswer } } },
    async (request) => outcomes(request, request.params.id, request.query.year ?? defaultYear()),
  );

  async function reportHtml(organizationId: string, schoolId: string, year: number) {
    const [outcomeRows, planRows, org] = await Promise.all([outcomesOf(db, schoolId, year), planOf(db, schoolId, year), getOrganization(db, organizationId)]);
    const report = outcomesReport(outcomeRows, planRows);
    return { html: outcomesReportHtml(report, { name: org.name, isDemo: org.is_demo }), name: `Annual outcomes ${report.yearLabel} ${report.school.name}` };
  }

  r.get(
    '/api/schools/:id/outcomes/report',
    { config: read, schema: { tags: ['plans'], params: id, querystring: yearQuery, response: { 200: { content: { 'text/html': { schema: html } } } } } },
    async (request, reply) => {
      const { html } = await reportHtml(principalOf(request).session.organizationId, request.params.id, request.query.year ?? defaultYear());
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );

  r.get(
    '/api/schools/:id/outcomes/report.pdf',
    { config: read, schema: { tags: ['plans'], params: id, querystring: yearQuery, response: { 200: { content: { 'application/pdf': { schema: pdf } } } } } },
    async (request, reply) => {
      const { html, name } = await reportHtml(principalOf(request).session.organizationId, request.params.id, request.query.year ?? defaultYear());
      const file = await htmlToPdf(html);
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${name.replace(/[^\w.-]+/g, '-').replace(/-+/g, '-')}.pdf"`)
        .send(file);
    },
  );

  r.put(
    '/api/schools/:id/outcomes',
    { config: edit, schema: { tags: ['plans'], params: id, body: saveOutcomesBody, response: { 200: outcomesAnswer, 409: outcomesConflict } } },
    async (request) => {
      const p = principalOf(request);
      const { year, version } = request.body;
      await saveOutcomes(db, p.session.organizationId, request.params.id, year, version, request.body.outcomes, p.session.personId);
      return outcomes(request, request.params.id, year);
    },
  );

  r.post(
    '/api/schools/:id/outcomes/comments',
    {
      config: { access: { permission: 'comment', object: 'school' } },
      schema: { tags: ['plans'], params: id, body: commentBody, response: { 201: outcomesAnswer, 409: refusal } },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const { year, outcomeId, body } = request.body;
      await commentOnOutcomes(db, p.session.organizationId, request.params.id, year, outcomeId, body, p.session.personId);
      return reply.code(201).send(await outcomes(request, request.params.id, year));
    },
  );

  r.post(
    '/api/schools/:id/outcomes/approve',
    { config: edit, schema: { tags: ['plans'], params: id, body: approveBody, response: { 200: outcomesAnswer, 409: outcomesConflict } } },
    async (request) => {
      const p = principalOf(request);
      await approveOutcomes(db, p.session.organizationId, request.params.id, request.body.year, request.body.version, p.session.personId);
      return outcomes(request, request.params.id, request.body.year);
    },
  );

  r.post(
    '/api/schools/:id/outcomes/reopen',
    {
      config: { access: { permission: 'admin', object: 'school' } },
      schema: { tags: ['plans'], params: id, body: reasonBody, response: { 200: outcomesAnswer, 409: refusal } },
    },
    async (request) => {
      const p = principalOf(request);
      await reopenOutcomes(db, p.session.organizationId, request.params.id, request.body.year, request.body.reason, p.session.personId);
      return outcomes(request, request.params.id, request.body.year);
    },
  );

  r.get(
    '/api/schools/:id/plan',
    { config: read, schema: { tags: ['plans'], params: id, querystring: yearQuery, response: { 200: planAnswer } } },
    async (request) => plan(request, request.params.id, request.query.year ?? defaultYear()),
  );

  r.put(
    '/api/schools/:id/plan',
    { config: edit, schema: { tags: ['plans'], params: id, body: savePlanBody, response: { 200: planAnswer, 409: planConflict } } },
    async (request) => {
      const p = principalOf(request);
      const { year, version, goals } = request.body;
      await savePlan(db, p.session.organizationId, request.params.id, year, version, { goals }, p.session.personId);
      return plan(request, request.params.id, year);
    },
  );

  r.post(
    '/api/schools/:id/plan/checkins',
    { config: edit, schema: { tags: ['plans'], params: id, body: checkinBody, response: { 201: planAnswer } } },
    async (request, reply) => {
      const p = principalOf(request);
      const { year, checkedOn, ...rest } = request.body;
      await addCheckin(
        db,
        p.session.organizationId,
        request.params.id,
        year,
        { ...rest, checkedOn: checkedOn ?? new Date().toISOString().slice(0, 10) },
        p.session.personId,
      );
      return reply.code(201).send(await plan(request, request.params.id, year));
    },
  );

  r.post(
    '/api/schools/:id/plan/revisions',
    { config: edit, schema: { tags: ['plans'], params: id, body: reasonBody, response: { 201: planAnswer } } },
    async (request, reply) => {
      const p = principalOf(request);
      await addRevision(db, p.session.organizationId, request.params.id, request.body.year, request.body.reason, p.session.personId);
      return reply.code(201).send(await plan(request, request.params.id, request.body.year));
    },
  );

  r.get(
    '/api/schools/:id/plan/changes',
    { config: read, schema: { tags: ['plans'], params: id, querystring: changesQuery, response: { 200: planChangesAnswer } } },
    async (request) => {
      const { year, from, to } = request.query;
      const [before, after] = await planVersions(db, request.params.id, year, [from, to]);
      return { from, to, changes: diffPlans(before!, after!) };
    },
  );

  r.put(
    '/api/schools/:id/plan/reflections',
    { config: edit, schema: { tags: ['plans'], params: id, body: reflectionBody, response: { 200: planAnswer } } },
    async (request) => {
      const p = principalOf(request);
      const { year, goalId, ...rest } = request.body;
      await saveReflection(db, p.session.organizationId, request.params.id, year, goalId, rest, p.session.personId);
      return plan(request, request.params.id, year);
    },
  );

  r.get(
    '/api/plans/network',
    { config: { access: { signedIn: true } }, schema: { tags: ['plans'], querystring: networkPlansQuery, response: { 200: networkPlansAnswer } } },
    async (request, reply) => {
      const p = principalOf(request);
      const q = { ...request.query, year: request.query.year ?? defaultYear() };
      const key = `plans\u0000${grantsKey(p.grants)}\u0000${JSON.stringify([q.year, q.district ?? null, q.coach ?? null, q.type ?? null])}`;
      return kept(request, reply, key, networkPlansAnswer, async () =>
        presentNetworkPlans(await networkPlans(db, { organizationId: p.session.organizationId, grants: p.grants, ...q }), q.year),
      );
    },
  );
}
