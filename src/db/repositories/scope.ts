// Turns a person's grants into SQL filters and looks up where an object sits, for the access layer.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Grant, ObjectScope, ReviewScope } from '../../domain/access';
import type { Database, RatingSource } from '../schema';

const idsOf = (grants: readonly Grant[], kind: Grant['scopeKind']) => grants.filter((g) => g.scopeKind === kind).map((g) => g.scopeId);

/** A where-clause over `school` that keeps the schools the grants reach. */
export function visibleSchools(grants: readonly Grant[], organizationId: string): (eb: ExpressionBuilder<Database, 'school'>) => Expression<SqlBool> {
  return (eb) => {
    const orgWide = idsOf(grants, 'organization').includes(organizationId);
    const districts = idsOf(grants, 'district');
    const collaborations = idsOf(grants, 'collaboration');
    const schools = idsOf(grants, 'school');
    const teams = idsOf(grants, 'team');
    const any: Expression<SqlBool>[] = [];
    if (orgWide) any.push(sql<boolean>`true`);
    if (districts.length) any.push(eb('school.district_id', 'in', districts));
    if (collaborations.length)
      any.push(eb('school.district_id', 'in', eb.selectFrom('collaboration_district').select('district_id').where('collaboration_id', 'in', collaborations)));
    if (schools.length) any.push(eb('school.id', 'in', schools));
    if (teams.length)
      any.push(
        eb(
          'school.id',
          'in',
          eb.selectFrom('team').select('school_id').where('team.id', 'in', teams).where('school_id', 'is not', null).$narrowType<{ school_id: string }>(),
        ),
      );
    return eb.and([eb('school.organization_id', '=', organizationId), any.length ? eb.or(any) : sql<boolean>`false`]);
  };
}

async function collaborationsOf(db: Kysely<Database>, districtId: string | null): Promise<string[]> {
  if (!districtId) return [];
  const rows = await db.selectFrom('collaboration_district').select('collaboration_id').where('district_id', '=', districtId).execute();
  return rows.map((r) => r.collaboration_id);
}

export async function scopeOfSchool(db: Kysely<Database>, id: string): Promise<ObjectScope | null> {
  const row = await db.selectFrom('school').select(['organization_id', 'district_id', 'id']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return { organizationId: row.organization_id, districtId: row.district_id, schoolId: row.id, collaborationIds: await collaborationsOf(db, row.district_id) };
}

export async function scopeOfDistrict(db: Kysely<Database>, id: string): Promise<ObjectScope | null> {
  const row = await db.selectFrom('district').select(['organization_id', 'id']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return { organizationId: row.organization_id, districtId: row.id, collaborationIds: await collaborationsOf(db, row.id) };
}

export async function scopeOfTeam(db: Kysely<Database>, id: string): Promise<ObjectScope | null> {
  const row = await db.selectFrom('team').select(['organization_id', 'district_id', 'school_id', 'id']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  return {
    organizationId: row.organization_id,
    districtId: row.district_id,
    schoolId: row.school_id,
    teamId: row.id,
    collaborationIds: await collaborationsOf(db, row.district_id),
  };
}

export async function scopeOfPerson(db: Kysely<Database>, id: string): Promise<ObjectScope | null> {
  const row = await db.selectFrom('person').select(['organization_id']).where('id', '=', id).executeTakeFirst();
  return row ? { organizationId: row.organization_id } : null;
}

export async function teamSchools(db: Kysely<Database>, grants: readonly Grant[]): Promise<Map<string, string>> {
  const teams = idsOf(grants, 'team');
  if (!teams.length) return new Map();
  const rows = await db.selectFrom('team').select(['id', 'school_id']).where('id', 'in', teams).execute();
  return new Map(rows.filter((r) => r.school_id).map((r) => [r.id, r.school_id!]));
}

/** Where a review sits, its type and the people named as its reviewers (who reach it whatever their grants). */
export async function scopeOfReview(db: Kysely<Database>, id: string): Promise<ReviewScope | null> {
  const row = await db.selectFrom('review').select(['organization_id', 'district_id', 'school_id', 'type']).where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const [collaborationIds, reviewers] = await Promise.all([
    collaborationsOf(db, row.district_id),
    db.selectFrom('review_reviewer').select('person_id').where('review_id', '=', id).execute(),
  ]);
  return {
    organizationId: row.organization_id,
    districtId: row.district_id,
    schoolId: row.school_id,
    collaborationIds,
    type: row.type,
    reviewerIds: reviewers.map((r) => r.person_id),
  };
}

/** The source of a rating of a review, for the access layer; null when the review has no such rating. */
export async function sourceOfRating(db: Kysely<Database>, reviewId: string, ratingId: string): Promise<RatingSource | null> {
  const row = await db.selectFrom('rating').select('source').where('id', '=', ratingId).where('review_id', '=', reviewId).executeTakeFirst();
  return row?.source ?? null;
}

/** The source of the rating a piece of evidence backs; null when the review has no such evidence. */
export async function sourceOfEvidence(db: Kysely<Database>, reviewId: string, evidenceId: string): Promise<RatingSource | null> {
  const row = await db
    .selectFrom('evidence')
    .innerJoin('rating', 'rating.id', 'evidence.rating_id')
    .select('rating.source')
    .where('evidence.id', '=', evidenceId)
    .where('rating.review_id', '=', reviewId)
    .executeTakeFirst();
  return row?.source ?? null;
}
