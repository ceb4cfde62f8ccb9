// The levels reviews add up to, for heatmaps and calibration: every rating of schools' reviews, and each review's stored level per indicator.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';

/**
 * Every rating of the given schools' reviews on one framework key, for heatmaps and calibration across
 * the network: one row per review × indicator × source.
 */
export async function ratingsForSchools(db: Kysely<Database>, organizationId: string, frameworkKey: string, schoolIds: string[] | 'all') {
  let q = db
    .selectFrom('rating')
    .innerJoin('review', 'review.id', 'rating.review_id')
    .innerJoin('framework', 'framework.id', 'review.framework_id')
    .select([
      'review.id as review_id',
      'review.school_id',
      'review.starts_on',
      'review.type',
      'review.title',
      'review.status',
      'rating.indicator_key',
      'rating.source',
      'rating.level',
    ])
    .where('review.organization_id', '=', organizationId)
    .where('framework.key', '=', frameworkKey)
    .where('review.school_id', 'is not', null);
  if (schoolIds !== 'all') q = schoolIds.length ? q.where('review.school_id', 'in', schoolIds) : q.where(sql<boolean>`false`);
  return q.orderBy('review.starts_on').execute();
}

/** Recomputes the stored level that counts per indicator for the given reviews (or every review of an organization). */
export async function refreshReviewLevels(db: Kysely<Database>, where: { reviewId: string } | { organizationId: string }) {
  const filter = 'reviewId' in where ? sql`r.id = ${where.reviewId}` : sql`r.organization_id = ${where.organizationId}`;
  await sql`
    update review r set levels = coalesce((
      select jsonb_object_agg(g.indicator_key, g.level)
      from (
        select x.indicator_key,
          coalesce(max(x.level) filter (where x.source = 'consensus'), max(x.level) filter (where x.source = 'external'), max(x.level) filter (where x.source = 'self')) as level
        from rating x where x.review_id = r.id and x.level is not null
        group by x.indicator_key
      ) g
    ), '{}'::jsonb)
    where ${filter}`.execute(db);
}

/** Every review of the given schools on one framework key, with its stored levels: one row per review. */
export async function reviewLevels(db: Kysely<Database>, organizationId: string, frameworkKey: string, schoolIds: string[] | 'all') {
  let q = db
    .selectFrom('review')
    .innerJoin('framework', 'framework.id', 'review.framework_id')
    .select(['review.id as review_id', 'review.school_id', 'review.school_year', 'review.starts_on', 'review.levels'])
    .where('review.organization_id', '=', organizationId)
    .where('framework.key', '=', frameworkKey)
    .where('review.school_id', 'is not', null)
    .$narrowType<{ school_id: string }>();
  if (schoolIds !== 'all') q = schoolIds.length ? q.where('review.school_id', 'in', schoolIds) : q.where(sql<boolean>`false`);
  return q.execute();
}
