// Frameworks and reviews: browse and edit frameworks, create reviews, rate with evidence, finalize and reopen.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/access';
import { calendarDate, endNotBeforeStart } from '../../domain/dates';
import { AppError } from '../../domain/errors';
import { parseFramework } from '../../domain/framework-file';
import { LIMITS } from '../../domain/limits';
import { createDraft, getFramework, listFrameworks, publishFramework, updateDraft } from '../../db/repositories/frameworks';
import { completeness } from '../../domain/rating';
import { addEvidence, createReview, finalizeReview, getReview, listReviewerCandidates, listReviews, removeEvidence, reopenReview, saveRating, setReviewers } from '../../db/repositories/reviews';
import { mayHere, principalOf, ratingSourcesHere } from '../access';
import type { RouteDeps } from '../app';
import type { Role } from '../../db/schema';

const id = z.object({ id: z.uuid('is not a valid id') });
const reviewBody = z
  .object({
    frameworkId: z.uuid('is not a valid id'),
    type: z.enum(['self_assessment', 'support_review', 'transformation_fall', 'transformation_spring', 'district_review']),
    title: z.string().trim().min(1, 'is required').max(LIMITS.name),
    schoolYear: z.number().int().min(2000).max(2100),
    startsOn: calendarDate,
    endsOn: calendarDate,
    participants: z.array(z.object({ name: z.string().trim().min(1, 'is required').max(LIMITS.name), role: z.string().trim().max(LIMITS.participantRole) })).max(100).default([]),
    focusIndicators: z.array(z.string().max(100)).max(100).default([]),
    reviewerIds: z.array(z.uuid('is not a valid id')).max(30).default([]),
  })
  .strict()
  .superRefine(endNotBeforeStart('startsOn', 'endsOn', 'start date'));
const reviewer = z.object({ id: z.string(), name: z.string() });
/** Someone who may be named as a reviewer, with the roles they hold anywhere. */
const reviewerCandidate = z.object({ id: z.string(), name: z.string(), title: z.string().nullable(), roles: z.array(z.enum(ROLES as [Role, ...Role[]])) });
/** A review's reviewers once changed, with the version the change made. */
const reviewersAnswer = z.object({ id: z.string(), version: z.number().int(), reviewers: z.array(reviewer) });
const reviewersNow = reviewersAnswer.pick({ version: true, reviewers: true });
/** A change of reviewers refused as a conflict; one made over someone else's carries the version and reviewers as they are now. */
const reviewersConflict = z.object({ code: z.string(), message: z.string(), details: z.array(z.object({ where: z.string(), message: z.string() })), current: reviewersNow.nullable().optional() });
export type ReviewerCandidate = z.infer<typeof reviewerCandidate>;
export type ReviewersAnswer = z.infer<typeof reviewersAnswer>;
export type ReviewersNow = z.infer<typeof reviewersNow>;

export async function reviewRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const admin = { access: { permission: 'admin', organization: true } } as const;

  r.get('/api/frameworks', { config: { access: { signedIn: true } }, schema: { tags: ['frameworks'] } }, async (request) => listFrameworks(db, principalOf(request).session.organizationId));

  r.get('/api/frameworks/:id', { config: { access: { signedIn: true } }, schema: { tags: ['frameworks'], params: id } }, async (request) =>
    getFramework(db, principalOf(request).session.organizationId, request.params.id),
  );

  r.post('/api/frameworks/:id/drafts', { config: admin, schema: { tags: ['frameworks'], params: id } }, async (request, reply) => {
    const p = principalOf(request);
    return reply.code(201).send(await createDraft(db, p.session.organizationId, request.params.id, p.session.personId));
  });

  r.put(
    '/api/frameworks/:id',
    { config: admin, schema: { tags: ['frameworks'], params: id, body: z.object({ revision: z.number().int().positive(), document: z.unknown() }) } },
    async (request) => {
      const p = principalOf(request);
      // The same validation as a file import, so every error comes back with its path in the document.
      const parsed = parseFramework(JSON.stringify(request.body.document), 'json', 'document');
      if (!parsed.ok) throw new AppError('invalid_input', `The framework has ${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'}; the first: ${parsed.errors[0]!.path}: ${parsed.errors[0]!.message}.`, parsed.errors.map((e) => ({ where: e.path, message: e.message })));
      return updateDraft(db, p.session.organizationId, request.params.id, request.body.revision, parsed.framework, p.session.personId);
    },
  );

  r.post('/api/frameworks/:id/publish', { config: admin, schema: { tags: ['frameworks'], params: id } }, async (request) => {
    const p = principalOf(request);
    return publishFramework(db, p.session.organizationId, request.params.id, p.session.personId);
  });

  r.get('/api/schools/:id/reviews', { config: { access: { permission: 'read', object: 'school' } }, schema: { tags: ['reviews'], params: id } }, async (request) =>
    listReviews(db, { schoolId: request.params.id }),
  );
  r.get('/api/districts/:id/reviews', { config: { access: { permission: 'read', object: 'district' } }, schema: { tags: ['reviews'], params: id } }, async (request) =>
    listReviews(db, { districtId: request.params.id }),
  );

  r.post('/api/schools/:id/reviews', { config: { access: { permission: 'edit', object: 'school' } }, schema: { tags: ['reviews'], params: id, body: reviewBody } }, async (request, reply) => {
    const p = principalOf(request);
    return reply.code(201).send(await createReview(db, p.session.organizationId, { ...request.body, schoolId: request.params.id }, p.session.personId));
  });
  r.post('/api/districts/:id/reviews', { config: { access: { permission: 'edit', object: 'district' } }, schema: { tags: ['reviews'], params: id, body: reviewBody } }, async (request, reply) => {
    const p = principalOf(request);
    return reply.code(201).send(await createReview(db, p.session.organizationId, { ...request.body, districtId: request.params.id }, p.session.personId));
  });

  // The people who may be named as reviewers: everyone active in the organization; the server refuses the reviewed school's own staff.
  r.get('/api/reviewers', { config: { access: { signedIn: true } }, schema: { tags: ['reviews'], response: { 200: z.array(reviewerCandidate) } } }, async (request) => listReviewerCandidates(db, principalOf(request).session.organizationId));

  r.get('/api/reviews/:id', { config: { access: { permission: 'read', object: 'review' } }, schema: { tags: ['reviews'], params: id } }, async (request) => {
    const p = principalOf(request);
    const review = await getReview(db, request.params.id);
    const framework = await getFramework(db, p.session.organizationId, review.framework_id);
    const ratings = review.ratings.map((x) => ({ indicatorKey: x.indicator_key, source: x.source, level: x.level }));
    const { rated, total, complete } = completeness(framework.document, ratings, review.type);
    // Which rating sources this person may give here, and whether they may change the review (its reviewers), so the page offers only those.
    return { ...review, framework, mayRate: ratingSourcesHere(request), mayEdit: mayHere(request, 'edit'), completeness: { rated, total, complete } };
  });

  r.put(
    '/api/reviews/:id/reviewers',
    {
      config: { access: { permission: 'edit', object: 'review' } },
      schema: { tags: ['reviews'], params: id, body: z.object({ version: z.number().int().positive(), reviewerIds: z.array(z.uuid('is not a valid id')).max(30) }).strict(), response: { 200: reviewersAnswer, 409: reviewersConflict } },
    },
    async (request) => {
      const p = principalOf(request);
      // A stale change answers 409 with the review's version and reviewers as they are now (`current`).
      return setReviewers(db, p.session.organizationId, request.params.id, request.body.version, request.body.reviewerIds, p.session.personId);
    },
  );

  r.put(
    '/api/reviews/:id/ratings',
    {
      config: { access: { rates: 'body' } },
      schema: {
        tags: ['reviews'],
        params: id,
        body: z
          .object({
            indicatorKey: z.string().min(1).max(100),
            source: z.enum(['self', 'external', 'consensus']),
            level: z.number().int().nullable(),
            dimensions: z.record(z.string(), z.number().int()).optional(),
            note: z.string().max(LIMITS.ratingNote).optional(),
            version: z.number().int().positive().nullable(),
          })
          .strict(),
      },
    },
    async (request) => {
      const p = principalOf(request);
      // A stale write answers 409 with the rating as it now is (`current`), so the screen can show what changed.
      return saveRating(db, p.session.organizationId, request.params.id, request.body, p.session.personId);
    },
  );

  r.post(
    '/api/reviews/:id/ratings/:ratingId/evidence',
    {
      config: { access: { rates: 'rating' } },
      schema: {
        tags: ['reviews'],
        params: z.object({ id: z.uuid(), ratingId: z.uuid('is not a valid id') }),
        body: z.object({ kind: z.enum(['interview', 'focus_group', 'classroom_observation', 'survey', 'document', 'data']), note: z.string().trim().min(1, 'is required').max(LIMITS.evidenceNote) }).strict(),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      return reply.code(201).send(await addEvidence(db, p.session.organizationId, request.params.id, request.params.ratingId, request.body, p.session.personId));
    },
  );

  r.delete(
    '/api/reviews/:id/evidence/:evidenceId',
    { config: { access: { rates: 'evidence' } }, schema: { tags: ['reviews'], params: z.object({ id: z.uuid(), evidenceId: z.uuid('is not a valid id') }) } },
    async (request) => {
      const p = principalOf(request);
      return removeEvidence(db, p.session.organizationId, request.params.id, request.params.evidenceId, p.session.personId);
    },
  );

  r.post(
    '/api/reviews/:id/finalize',
    {
      config: { access: { rates: 'finalize' } },
      schema: {
        tags: ['reviews'],
        params: id,
        // An incomplete review is finalized only on purpose: `partial: true` with the reason.
        body: z.object({ version: z.number().int().positive(), partial: z.boolean().optional(), reason: z.string().trim().max(2000).optional() }).strict(),
      },
    },
    async (request) => {
      const p = principalOf(request);
      return finalizeReview(db, p.session.organizationId, request.params.id, request.body, p.session.personId);
    },
  );

  r.post(
    '/api/reviews/:id/reopen',
    { config: { access: { permission: 'admin', object: 'review' } }, schema: { tags: ['reviews'], params: id, body: z.object({ reason: z.string().trim().min(5, 'must say why (at least 5 characters)').max(LIMITS.reason) }).strict() } },
    async (request) => {
      const p = principalOf(request);
      return reopenReview(db, p.session.organizationId, request.params.id, request.body.reason, p.session.personId);
    },
  );
}
