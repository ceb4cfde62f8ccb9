// The review endpoints: each one's address, query key and answer type, derived from the server's schemas.
import type { z } from 'zod';
import type { networkCalibration, networkHeatmapAnswer, reviewDeltas, reviewSummary, schoolHeatmap } from '../../../src/server/reviews/result-schemas';
import type {
  evidenceAdd,
  evidenceAnswer,
  evidenceKind,
  finalization,
  newReview,
  ratingAnswer,
  ratingSave,
  ratingSource,
  reviewAnswer,
  reviewDetail,
  reviewerCandidate,
  reviewersAnswer,
  reviewersNow,
  reviewListItem,
  reviewType,
} from '../../../src/server/reviews/schemas';
import type { Answer } from '../../../src/server/wire';
import { api, get } from '../api';

export type ReviewType = z.infer<typeof reviewType>;
export type RatingSource = z.infer<typeof ratingSource>;
export type EvidenceKind = z.infer<typeof evidenceKind>;
export type ReviewRow = Answer<typeof reviewListItem>;
export type ReviewDetail = Answer<typeof reviewDetail>;
export type Participant = ReviewDetail['participants'][number];
/** A rating as the review holds it, with its evidence. */
export type RatingRow = ReviewDetail['ratings'][number];
/** A rating as a save answers it (its evidence is not sent again). */
export type SavedRating = Answer<typeof ratingAnswer>;
export type Evidence = Answer<typeof evidenceAnswer>;
export type ReviewerCandidate = Answer<typeof reviewerCandidate>;
export type ReviewersAnswer = Answer<typeof reviewersAnswer>;
export type ReviewersNow = Answer<typeof reviewersNow>;
export type ReviewSummary = Answer<typeof reviewSummary>;
export type IndicatorLevel = ReviewSummary['indicators'][number];
export type Calibration = ReviewSummary['calibration'];
export type Deltas = Answer<typeof reviewDeltas>;
export type Heatmap = Answer<typeof schoolHeatmap>;
export type NetworkHeatmap = Answer<typeof networkHeatmapAnswer>;
export type NetworkCalibration = Answer<typeof networkCalibration>;

/** The key of every list of reviews: invalidated when a review is created, finalized, reopened or given reviewers. */
export const reviewsKey = ['reviews'] as const;
export const reviewKey = (id: string) => ['review', id] as const;

/** The reviews of a school or district. */
export const reviewListQuery = (scope: 'school' | 'district', id: string) => ({
  queryKey: [...reviewsKey, scope, id],
  queryFn: () => get<ReviewRow[]>(`/api/${scope}s/${id}/reviews`),
});

/** One review with its framework, ratings and evidence, and what the signed-in person may do on it. */
export const reviewQuery = (id: string) => ({ queryKey: reviewKey(id), queryFn: () => get<ReviewDetail>(`/api/reviews/${id}`) });

export const reviewSummaryQuery = (id: string) => ({ queryKey: ['review-summary', id], queryFn: () => get<ReviewSummary>(`/api/reviews/${id}/summary`) });

/** The change per indicator since an earlier review of the same school. */
export const reviewDeltasQuery = (id: string, from: string) => ({
  queryKey: ['deltas', id, from],
  queryFn: () => get<Deltas>(`/api/reviews/${id}/deltas?from=${from}`),
});

/** Everyone who may be named as a reviewer. */
export const reviewerCandidatesQuery = () => ({ queryKey: ['reviewers'], queryFn: () => get<ReviewerCandidate[]>('/api/reviewers') });

/** A school's ratings over time on the school transformation rubric. */
export const schoolHeatmapQuery = (schoolId: string) => ({
  queryKey: ['heatmap', schoolId],
  queryFn: () => get<Heatmap>(`/api/schools/${schoolId}/heatmap?framework=school-transformation`),
});

export const networkHeatmapQuery = () => ({
  queryKey: ['network-heatmap'],
  queryFn: () => get<NetworkHeatmap>('/api/heatmap?framework=school-transformation'),
});

export const calibrationQuery = () => ({
  queryKey: ['calibration'],
  queryFn: () => get<NetworkCalibration>('/api/calibration?framework=school-transformation'),
});

/** The printable report of a review, as a page and as a PDF. */
export const reviewReportUrl = (id: string) => `/api/reviews/${id}/report`;
export const reviewReportPdfUrl = (id: string) => `/api/reviews/${id}/report.pdf`;

export const createReview = (scope: 'school' | 'district', id: string, body: z.input<typeof newReview>) =>
  api<Answer<typeof reviewAnswer>>('POST', `/api/${scope}s/${id}/reviews`, body);

/** Saves one rating under the version it read; a stale save is refused with 409 and the rating as it now is. */
export const saveRating = (reviewId: string, body: z.input<typeof ratingSave>) => api<SavedRating>('PUT', `/api/reviews/${reviewId}/ratings`, body);

export const addEvidence = (reviewId: string, ratingId: string, body: z.input<typeof evidenceAdd>) =>
  api<Evidence>('POST', `/api/reviews/${reviewId}/ratings/${ratingId}/evidence`, body);

export const removeEvidence = (reviewId: string, evidenceId: string) => api<Evidence>('DELETE', `/api/reviews/${reviewId}/evidence/${evidenceId}`);

/** Replaces the reviewers under the review's version; a stale change is refused with 409 and the reviewers as they are now. */
export const setReviewers = (reviewId: string, version: number, reviewerIds: string[]) =>
  api<ReviewersAnswer>('PUT', `/api/reviews/${reviewId}/reviewers`, { version, reviewerIds });

export const finalizeReview = (reviewId: string, body: z.input<typeof finalization>) =>
  api<Answer<typeof reviewAnswer>>('POST', `/api/reviews/${reviewId}/finalize`, body);

export const reopenReview = (reviewId: string, reason: string) => api<Answer<typeof reviewAnswer>>('POST', `/api/reviews/${reviewId}/reopen`, { reason });
