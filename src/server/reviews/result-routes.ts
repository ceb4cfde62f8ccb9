// What reviews add up to: a review's summary, deltas between two reviews, a school's heatmap, calibration.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getFramework, latestPublished } from '../../db/repositories/frameworks';
import { listSchools } from '../../db/repositories/network';
import { ratingsForSchools, reviewLevels } from '../../db/repositories/review-levels';
import { getOrganization } from '../../db/repositories/network';
import { getReview } from '../../db/repositories/reviews';
import { AppError } from '../../domain/errors';
import { allIndicators } from '../../domain/framework';
import { networkHeatmap } from '../../domain/network-heatmap';
import { calibration, calibrationPairs, consensusSuggestion, deltas, heatmap, summarizeReview, validation, type Rating } from '../../domain/rating';
import { htmlToPdf } from '../../reports/pdf';
import { reviewReportHtml } from '../../reports/review-report';
import { principalOf } from '../access';
import type { RouteDeps } from '../app';
import { grantsKey, keptAnswers } from '../kept-answers';
import {
  deltasQuery,
  frameworkQuery,
  networkCalibration,
  networkHeatmapAnswer,
  reviewDeltas,
  reviewReportPage,
  reviewReportFile,
  reviewSummary,
  schoolHeatmap,
} from './result-schemas';
import { idParams } from './schemas';

const toRatings = (rows: { indicator_key: string; source: Rating['source']; level: number | null }[]): Rating[] =>
  rows.map((r) => ({ indicatorKey: r.indicator_key, source: r.source, level: r.level }));

export async function reviewResultRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const kept = keptAnswers(database);
  const readReview = { access: { permission: 'read', object: 'review' } } as const;

  r.get(
    '/api/reviews/:id/summary',
    { config: readReview, schema: { tags: ['reviews'], params: idParams, response: { 200: reviewSummary } } },
    async (request) => {
      const p = principalOf(request);
      const review = await getReview(db, request.params.id);
      const framework = (await getFramework(db, p.session.organizationId, review.framework_id)).document;
      const ratings = toRatings(review.ratings);
      const perIndicator = allIndicators(framework).map((i) => {
        const self = ratings.find((x) => x.indicatorKey === i.key && x.source === 'self')?.level ?? null;
        const external = ratings.find((x) => x.indicatorKey === i.key && x.source === 'external')?.level ?? null;
        return { indicatorKey: i.key, validation: validation(self, external), suggestion: consensusSuggestion(self, external) };
      });
      return {
        ...summarizeReview(framework, ratings),
        focusIndicators: review.focus_indicators,
        perIndicator,
        calibration: calibration(framework, calibrationPairs(ratings)).overall,
      };
    },
  );

  r.get(
    '/api/reviews/:id/deltas',
    { config: readReview, schema: { tags: ['reviews'], params: idParams, querystring: deltasQuery, response: { 200: reviewDeltas } } },
    async (request) => {
      const p = principalOf(request);
      const [after, before] = await Promise.all([getReview(db, request.params.id), getReview(db, request.query.from)]);
      // The earlier review must be of the same school or district, or its ratings would leak across scopes.
      if (before.school_id !== after.school_id || before.district_id !== after.district_id)
        throw new AppError('not_found', 'The earlier review was not found for this school.');
      const [fa, fb] = [
        await getFramework(db, p.session.organizationId, after.framework_id),
        await getFramework(db, p.session.organizationId, before.framework_id),
      ];
      if (fa.key !== fb.key)
        throw new AppError('invalid_input', `These reviews use different frameworks (${fb.name} and ${fa.name}), so their ratings cannot be compared.`, [
          { where: 'query.from', message: 'different framework' },
        ]);
      const mark = (x: typeof after) => ({ id: x.id, title: x.title, startsOn: x.starts_on });
      return { from: mark(before), to: mark(after), rows: deltas(fa.document, toRatings(before.ratings), toRatings(after.ratings), after.focus_indicators) };
    },
  );

  r.get(
    '/api/schools/:id/heatmap',
    {
      config: { access: { permission: 'read', object: 'school' } },
      schema: { tags: ['reviews'], params: idParams, querystring: frameworkQuery, response: { 200: schoolHeatmap } },
    },
    async (request) => {
      const p = principalOf(request);
      const framework = await latestPublished(db, p.session.organizationId, request.query.framework);
      const rows = await ratingsForSchools(db, p.session.organizationId, request.query.framework, [request.params.id]);
      const reviews = new Map<string, { id: string; label: string; date: string; ratings: Rating[] }>();
      for (const row of rows) {
        const review = reviews.get(row.review_id) ?? { id: row.review_id, label: row.title, date: row.starts_on, ratings: [] };
        review.ratings.push({ indicatorKey: row.indicator_key, source: row.source, level: row.level });
        reviews.set(row.review_id, review);
      }
      return {
        framework: { id: framework.id, key: framework.key, name: framework.name, version: framework.version, levels: framework.document.levels },
        ...heatmap(framework.document, [...reviews.values()]),
      };
    },
  );

  /** Schools × indicators for each school year, over the schools the person may see. */
  r.get(
    '/api/heatmap',
    { config: { access: { signedIn: true } }, schema: { tags: ['reviews'], querystring: frameworkQuery, response: { 200: networkHeatmapAnswer } } },
    async (request, reply) => {
      const p = principalOf(request);
      return kept(request, reply, `heatmap\u0000${grantsKey(p.grants)}\u0000${request.query.framework}`, networkHeatmapAnswer, async () => {
        // Someone who sees the whole organization reads every review of it, in the same round as the schools.
        const orgWide = p.grants.some((g) => g.scopeKind === 'organization' && g.scopeId === p.session.organizationId);
        const [framework, schools, everyReview] = await Promise.all([
          latestPublished(db, p.session.organizationId, request.query.framework),
          listSchools(db, { organizationId: p.session.organizationId, grants: p.grants }),
          orgWide ? reviewLevels(db, p.session.organizationId, request.query.framework, 'all') : null,
        ]);
        const rows =
          everyReview ??
          (await reviewLevels(
            db,
            p.session.organizationId,
            request.query.framework,
            schools.map((s) => s.id),
          ));
        // A school without a partnership (a comparison school) has a row only once it has a review.
        const reviewed = new Set(rows.map((r) => r.school_id));
        const shown = schools.filter((s) => s.support_level !== null || reviewed.has(s.id));
        return {
          framework: { key: framework.key, name: framework.name, version: framework.version, levels: framework.document.levels },
          ...networkHeatmap(framework.document, shown, rows),
        };
      });
    },
  );

  /** Self vs external per school and across the network, over the latest review of each school that has both. */
  r.get(
    '/api/calibration',
    { config: { access: { signedIn: true } }, schema: { tags: ['reviews'], querystring: frameworkQuery, response: { 200: networkCalibration } } },
    async (request) => {
      const p = principalOf(request);
      const framework = await latestPublished(db, p.session.organizationId, request.query.framework);
      const schools = await listSchools(db, { organizationId: p.session.organizationId, grants: p.grants });
      const rows = await ratingsForSchools(
        db,
        p.session.organizationId,
        request.query.framework,
        schools.map((s) => s.id),
      );
      const latest = new Map<string, { reviewId: string; date: string }>();
      for (const row of rows) {
        if (row.source !== 'external' || row.level === null) continue;
        const seen = latest.get(row.school_id!);
        if (!seen || row.starts_on > seen.date) latest.set(row.school_id!, { reviewId: row.review_id, date: row.starts_on });
      }
      const pairsOf = (schoolId: string) =>
        calibrationPairs(toRatings(rows.filter((x) => x.school_id === schoolId && x.review_id === latest.get(schoolId)?.reviewId)));
      const bySchool = schools.map((s) => ({
        schoolId: s.id,
        name: s.name,
        district: s.district_name,
        reviewId: latest.get(s.id)?.reviewId ?? null,
        ...calibration(framework.document, pairsOf(s.id)).overall,
      }));
      const network = calibration(
        framework.document,
        schools.flatMap((s) => pairsOf(s.id)),
      );
      return {
        framework: { key: framework.key, name: framework.name, version: framework.version },
        network: network.overall,
        byIndicator: network.byIndicator,
        bySchool,
      };
    },
  );

  async function reportHtml(organizationId: string, reviewId: string) {
    const review = await getReview(db, reviewId);
    const [framework, org] = await Promise.all([getFramework(db, organizationId, review.framework_id), getOrganization(db, organizationId)]);
    return { review, html: reviewReportHtml(review, framework.document, { name: org.name, isDemo: org.is_demo }) };
  }

  r.get(
    '/api/reviews/:id/report',
    { config: readReview, schema: { tags: ['reviews'], params: idParams, response: { 200: reviewReportPage } } },
    async (request, reply) => {
      const { html } = await reportHtml(principalOf(request).session.organizationId, request.params.id);
      return reply.type('text/html; charset=utf-8').send(html);
    },
  );

  r.get(
    '/api/reviews/:id/report.pdf',
    { config: readReview, schema: { tags: ['reviews'], params: idParams, response: { 200: reviewReportFile } } },
    async (request, reply) => {
      const { review, html } = await reportHtml(principalOf(request).session.organizationId, request.params.id);
      const pdf = await htmlToPdf(html);
      const name = `${review.title} ${review.school_name ?? review.district_name}`.replace(/[^\w.-]+/g, '-').replace(/-+/g, '-');
      // The bytes go out as they are (only JSON answers are serialized); the schema describes them for the API's document.
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${name}.pdf"`)
        .send(pdf as unknown as string);
    },
  );
}
