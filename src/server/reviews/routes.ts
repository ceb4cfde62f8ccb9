// Reviews: create them for a school or district, name reviewers, rate with evidence, finalize and reopen.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getFramework } from '../../db/repositories/frameworks';
import { addEvidence, removeEvidence, saveRating } from '../../db/repositories/ratings';
import { createReview, finalizeReview, getReview, listReviewerCandidates, listReviews, reopenReview, setReviewers } from '../../db/repositories/reviews';
import { errorAnswer } from '../../domain/errors';
import { completeness } from '../../domain/rating';
import { mayHere, principalOf, ratingSourcesHere } from '../access';
import type { RouteDeps } from '../app';
import { presentFrameworkDetail } from '../frameworks/presenters';
import { presentEvidence, presentRating, presentReview, presentReviewDetail, presentReviewListItem, withCurrentAs } from './presenters';
import {
  evidenceAdd,
  evidenceAnswer,
  evidenceParams,
  finalization,
  newReview,
  ratingAnswer,
  ratingConflict,
  ratingParams,
  ratingSave,
  reopening,
  reviewAnswer,
  reviewDetail,
  reviewerCandidate,
  reviewersAnswer,
  reviewersChange,
  reviewersConflict,
  reviewListItem,
  idParams,
} from './schemas';

export async function reviewRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const reviewList = { 200: z.array(reviewListItem) };
  const created = { 201: reviewAnswer };

  r.get(
    '/api/schools/:id/reviews',
    { config: { access: { permission: 'read', object: 'school' } }, schema: { tags: ['reviews'], params: idParams, response: reviewList } },
    async (request) => (await listReviews(db, { schoolId: request.params.id })).map(presentReviewListItem),
  );
  r.get(
    '/api/districts/:id/reviews',
    { config: { access: { permission: 'read', object: 'district' } }, schema: { tags: ['reviews'], params: idParams, response: reviewList } },
    async (request) => (await listReviews(db, { districtId: request.params.id })).map(presentReviewListItem),
  );

  r.post(
    '/api/schools/:id/reviews',
    { config: { access: { permission: 'edit', object: 'school' } }, schema: { tags: ['reviews'], params: idParams, body: newReview, response: created } },
    async (request, reply) => {
      const p = principalOf(request);
      return reply
        .code(201)
        .send(presentReview(await createReview(db, p.session.organizationId, { ...request.body, schoolId: request.params.id }, p.session.personId)));
    },
  );
  r.post(
    '/api/districts/:id/reviews',
    { config: { access: { permission: 'edit', object: 'district' } }, schema: { tags: ['reviews'], params: idParams, body: newReview, response: created } },
    async (request, reply) => {
      const p = principalOf(request);
      return reply
        .code(201)
        .send(presentReview(await createReview(db, p.session.organizationId, { ...request.body, districtId: request.params.id }, p.session.personId)));
    },
  );

  // The people who may be named as reviewers: everyone active in the organization; the server refuses the reviewed school's own staff.
  r.get(
    '/api/reviewers',
    { config: { access: { signedIn: true } }, schema: { tags: ['reviews'], response: { 200: z.array(reviewerCandidate) } } },
    async (request) => listReviewerCandidates(db, principalOf(request).session.organizationId),
  );

  r.get(
    '/api/reviews/:id',
    { config: { access: { permission: 'read', object: 'review' } }, schema: { tags: ['reviews'], params: idParams, response: { 200: reviewDetail } } },
    async (request) => {
      const p = principalOf(request);
      const review = await getReview(db, request.params.id);
      const framework = await getFramework(db, p.session.organizationId, review.framework_id);
      const ratings = review.ratings.map((x) => ({ indicatorKey: x.indicator_key, source: x.source, level: x.level }));
      const { rated, total, complete } = completeness(framework.document, ratings, review.type);
      // Which rating sources this person may give here, and whether they may change the review (its reviewers), so the page offers only those.
      return presentReviewDetail(review, {
        framework: presentFrameworkDetail(framework),
        mayRate: ratingSourcesHere(request),
        mayEdit: mayHere(request, 'edit'),
        completeness: { rated, total, complete },
      });
    },
  );

  r.put(
    '/api/reviews/:id/reviewers',
    {
      config: { access: { permission: 'edit', object: 'review' } },
      schema: { tags: ['reviews'], params: idParams, body: reviewersChange, response: { 200: reviewersAnswer, 409: reviewersConflict } },
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
      schema: { tags: ['reviews'], params: idParams, body: ratingSave, response: { 200: ratingAnswer, 409: ratingConflict } },
    },
    async (request) => {
      const p = principalOf(request);
      // A stale write answers 409 with the rating as it now is (`current`), so the screen can show what changed.
      return presentRating(
        await saveRating(db, p.session.organizationId, request.params.id, request.body, p.session.personId).catch(withCurrentAs(presentRating)),
      );
    },
  );

  r.post(
    '/api/reviews/:id/ratings/:ratingId/evidence',
    {
      config: { access: { rates: 'rating' } },
      schema: { tags: ['reviews'], params: ratingParams, body: evidenceAdd, response: { 201: evidenceAnswer, 409: errorAnswer } },
    },
    async (request, reply) => {
      const p = principalOf(request);
      return reply
        .code(201)
        .send(presentEvidence(await addEvidence(db, p.session.organizationId, request.params.id, request.params.ratingId, request.body, p.session.personId)));
    },
  );

  r.delete(
    '/api/reviews/:id/evidence/:evidenceId',
    { config: { access: { rates: 'evidence' } }, schema: { tags: ['reviews'], params: evidenceParams, response: { 200: evidenceAnswer, 409: errorAnswer } } },
    async (request) => {
      const p = principalOf(request);
      return presentEvidence(await removeEvidence(db, p.session.organizationId, request.params.id, request.params.evidenceId, p.session.personId));
    },
  );

  r.post(
    '/api/reviews/:id/finalize',
    {
      config: { access: { rates: 'finalize' } },
      schema: { tags: ['reviews'], params: idParams, body: finalization, response: { 200: reviewAnswer, 409: errorAnswer } },
    },
    async (request) => {
      const p = principalOf(request);
      return presentReview(await finalizeReview(db, p.session.organizationId, request.params.id, request.body, p.session.personId));
    },
  );

  r.post(
    '/api/reviews/:id/reopen',
    {
      config: { access: { permission: 'admin', object: 'review' } },
      schema: { tags: ['reviews'], params: idParams, body: reopening, response: { 200: reviewAnswer, 409: errorAnswer } },
    },
    async (request) => {
      const p = principalOf(request);
      return presentReview(await reopenReview(db, p.session.organizationId, request.params.id, request.body.reason, p.session.personId));
    },
  );
}
