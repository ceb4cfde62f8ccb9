// Turns review, rating and evidence rows into the answers the review routes declare: camelCase, no owner or audit columns.
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import type { getReview, listReviews } from '../../db/repositories/reviews';
import type { EvidenceTable, RatingTable, ReviewTable } from '../../db/schema';
import { AppError } from '../../domain/errors';
import type { evidenceAnswer, ratingAnswer, reviewAnswer, reviewDetail, reviewListItem } from './schemas';

type ReviewRow = Selectable<ReviewTable>;
type RatingRow = Selectable<RatingTable>;

export function presentReview(row: ReviewRow): z.input<typeof reviewAnswer> {
  return {
    id: row.id,
    title: row.title,
    type: row.type,
    status: row.status,
    version: row.version,
    schoolId: row.school_id,
    districtId: row.district_id,
    frameworkId: row.framework_id,
    schoolYear: row.school_year,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    participants: (row.participants ?? []) as { name: string; role: string }[],
    focusIndicators: row.focus_indicators,
    finalizedAt: row.finalized_at,
    partial: row.partial,
    partialReason: row.partial_reason,
  };
}

export function presentReviewListItem(row: Awaited<ReturnType<typeof listReviews>>[number]): z.input<typeof reviewListItem> {
  return {
    id: row.id,
    title: row.title,
    type: row.type,
    schoolYear: row.school_year,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    status: row.status,
    partial: row.partial,
    schoolId: row.school_id,
    districtId: row.district_id,
    frameworkId: row.framework_id,
    frameworkName: row.framework_name,
    frameworkVersion: row.framework_version,
  };
}

export function presentRating(row: RatingRow): z.input<typeof ratingAnswer> {
  return {
    id: row.id,
    indicatorKey: row.indicator_key,
    source: row.source,
    level: row.level,
    dimensions: row.dimensions ?? {},
    note: row.note,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

export const presentEvidence = (row: Selectable<EvidenceTable>): z.input<typeof evidenceAnswer> => ({ id: row.id, kind: row.kind, note: row.note });

/** The review as `GET /api/reviews/:id` answers it; the framework and what the person may do are the route's to add. */
export function presentReviewDetail(
  review: Awaited<ReturnType<typeof getReview>>,
  extra: Pick<z.input<typeof reviewDetail>, 'framework' | 'mayRate' | 'mayEdit' | 'completeness'>,
): z.input<typeof reviewDetail> {
  return {
    ...presentReview(review),
    schoolName: review.school_name,
    districtName: review.district_name,
    reviewers: review.reviewers,
    ratings: review.ratings.map((r) => ({ ...presentRating(r), evidence: r.evidence.map(presentEvidence) })),
    ...extra,
  };
}

/**
 * A stale write's answer carries the object as it now is; presented like the route's own answer, since the
 * response schema of the conflict declares it so. Use as `.catch(withCurrentAs(presentRating))`.
 */
export function withCurrentAs<Row, Shown>(present: (row: Row) => Shown) {
  return (error: unknown): never => {
    if (error instanceof AppError && error.current) throw new AppError(error.code, error.message, error.details, { current: present(error.current as Row) });
    throw error;
  };
}
