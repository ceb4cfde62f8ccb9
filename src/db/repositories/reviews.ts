// Reviews of schools and districts: creation, reviewers, reading one or a list, finalize and reopen (ratings are in ratings.ts).
import { sql, type Kysely } from 'kysely';
import { isOwnStaff, type ObjectScope } from '../../domain/access';
import { AppError, notFound } from '../../domain/errors';
import type { Framework } from '../../domain/framework';
import { completeness } from '../../domain/rating';
import { atomic } from '../atomic';
import type { Database, ReviewType, Role } from '../schema';
import { recordAudit } from './audit';
import { getFramework } from './frameworks';
import { grantsOf } from './people';
import { teamSchools } from './scope';

export interface NewReview {
  schoolId?: string | null;
  districtId?: string | null;
  frameworkId: string;
  type: ReviewType;
  title: string;
  schoolYear: number;
  startsOn: string;
  endsOn: string;
  participants: { name: string; role: string }[];
  focusIndicators: string[];
  /** People of the organization named as reviewers: they give the external and consensus ratings. */
  reviewerIds?: string[];
}

export const indicatorKeys = (f: Framework) => new Set(f.domains.flatMap((d) => d.indicators.map((i) => i.key)));

/**
 * Checks the people named as reviewers: active people of the organization, none of them the reviewed school's
 * or district's own staff (they give its self rating), and none on a self-assessment, which has no reviewers.
 */
async function checkReviewers(trx: Kysely<Database>, organizationId: string, scope: ObjectScope, type: ReviewType, place: string, reviewerIds: string[]) {
  const ids = [...new Set(reviewerIds)];
  if (!ids.length) return ids;
  if (type === 'self_assessment')
    throw new AppError(
      'invalid_input',
      'A self-assessment has no reviewers: the school rates itself. Choose a support review or a transformation review to name reviewers.',
      [{ where: 'reviewerIds', message: 'a self-assessment has no reviewers' }],
    );
  const people = await trx
    .selectFrom('person')
    .select(['id', 'name'])
    .where('id', 'in', ids)
    .where('organization_id', '=', organizationId)
    .where('is_active', '=', true)
    .execute();
  if (people.length !== ids.length)
    throw new AppError(
      'invalid_input',
      `${ids.length - people.length === 1 ? 'One of the reviewers is' : 'Some of the reviewers are'} not an active person of your organization; choose reviewers from the list.`,
      [{ where: 'reviewerIds', message: 'unknown person' }],
    );
  for (const person of people) {
    const grants = await grantsOf(trx, person.id);
    if (isOwnStaff(grants, scope, await teamSchools(trx, grants)))
      throw new AppError(
        'invalid_input',
        `${person.name} works at ${place} and gives its self rating, so cannot be one of its reviewers. Name a reviewer from outside ${place}.`,
        [{ where: 'reviewerIds', message: `${person.name} is on the staff reviewed` }],
      );
  }
  return ids;
}

/** Everyone who may be named as a reviewer: the active people of an organization, by name, with their roles. */
export async function listReviewerCandidates(db: Kysely<Database>, organizationId: string) {
  return db
    .selectFrom('person')
    .leftJoin('membership', 'membership.person_id', 'person.id')
    .select([
      'person.id',
      'person.name',
      'person.title',
      sql<Role[]>`coalesce(array_agg(distinct membership.role) filter (where membership.role is not null), '{}')`.as('roles'),
    ])
    .where('person.organization_id', '=', organizationId)
    .where('person.is_active', '=', true)
    .groupBy(['person.id', 'person.name', 'person.title'])
    .orderBy('person.name')
    .execute();
}

async function reviewersOf(db: Kysely<Database>, reviewId: string) {
  return db
    .selectFrom('review_reviewer')
    .innerJoin('person', 'person.id', 'review_reviewer.person_id')
    .select(['person.id', 'person.name'])
    .where('review_reviewer.review_id', '=', reviewId)
    .orderBy('person.name')
    .execute();
}

export async function createReview(db: Kysely<Database>, organizationId: string, r: NewReview, actorId: string | null) {
  return atomic(db, async (trx) => {
    const framework = await getFramework(trx, organizationId, r.frameworkId);
    if (framework.status !== 'published')
      throw new AppError('invalid_input', 'Reviews use a published framework; publish this draft first.', [{ where: 'frameworkId', message: 'not published' }]);
    let districtId: string;
    let place: string;
    if (r.schoolId) {
      const school = await trx
        .selectFrom('school')
        .select(['district_id', 'name'])
        .where('id', '=', r.schoolId)
        .where('organization_id', '=', organizationId)
        .executeTakeFirst();
      if (!school) throw notFound('The school');
      districtId = school.district_id;
      place = school.name;
      if (framework.kind !== 'school')
        throw new AppError('invalid_input', `${framework.name} is a district framework; choose a school framework for a school review.`, [
          { where: 'frameworkId', message: 'district framework' },
        ]);
    } else {
      if (!r.districtId) throw new AppError('invalid_input', 'Say which school or district is reviewed.', [{ where: 'schoolId', message: 'required' }]);
      districtId = r.districtId;
      place = (await trx.selectFrom('district').select('name').where('id', '=', districtId).executeTakeFirst())?.name ?? 'the district';
      if (framework.kind !== 'district')
        throw new AppError('invalid_input', `${framework.name} is a school framework; choose a district framework for a district review.`, [
          { where: 'frameworkId', message: 'school framework' },
        ]);
    }
    const known = indicatorKeys(framework.document);
    const unknown = r.focusIndicators.filter((k) => !known.has(k));
    if (unknown.length)
      throw new AppError(
        'invalid_input',
        `These focus indicators are not in ${framework.name}: ${unknown.join(', ')}.`,
        unknown.map((k) => ({ where: 'focusIndicators', message: `unknown indicator ${k}` })),
      );
    if (r.startsOn > r.endsOn)
      throw new AppError('invalid_input', 'End date is before the start date.', [{ where: 'endsOn', message: 'End date is before the start date' }]);
    const reviewerIds = await checkReviewers(
      trx,
      organizationId,
      { organizationId, districtId, schoolId: r.schoolId ?? null },
      r.type,
      place,
      r.reviewerIds ?? [],
    );
    const row = await trx
      .insertInto('review')
      .values({
        organization_id: organizationId,
        district_id: districtId,
        school_id: r.schoolId ?? null,
        framework_id: r.frameworkId,
        type: r.type,
        title: r.title,
        school_year: r.schoolYear,
        starts_on: r.startsOn,
        ends_on: r.endsOn,
        participants: JSON.stringify(r.participants),
        focus_indicators: JSON.stringify(r.focusIndicators),
        created_by: actorId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (reviewerIds.length)
      await trx
        .insertInto('review_reviewer')
        .values(reviewerIds.map((person_id) => ({ review_id: row.id, person_id, organization_id: organizationId })))
        .execute();
    await recordAudit(trx, { organizationId, actorId, action: 'review.create', objectKind: 'review', objectId: row.id, after: { ...row, reviewerIds } });
    return row;
  });
}

export async function getReview(db: Kysely<Database>, id: string) {
  const review = await db
    .selectFrom('review')
    .leftJoin('school', 'school.id', 'review.school_id')
    .innerJoin('district', 'district.id', 'review.district_id')
    .selectAll('review')
    .select(['school.name as school_name', 'district.name as district_name'])
    .where('review.id', '=', id)
    .executeTakeFirst();
  if (!review) throw notFound('The review');
  const [ratings, reviewers] = await Promise.all([
    db.selectFrom('rating').selectAll().where('review_id', '=', id).orderBy('indicator_key').execute(),
    reviewersOf(db, id),
  ]);
  const evidence = ratings.length
    ? await db
        .selectFrom('evidence')
        .selectAll()
        .where(
          'rating_id',
          'in',
          ratings.map((r) => r.id),
        )
        .orderBy('created_at')
        .execute()
    : [];
  return { ...review, reviewers, ratings: ratings.map((r) => ({ ...r, evidence: evidence.filter((e) => e.rating_id === r.id) })) };
}

/** The organization's name, and whether it is the demo, for the printed review report. */
export async function listReviews(db: Kysely<Database>, where: { schoolId?: string; districtId?: string }) {
  let q = db
    .selectFrom('review')
    .innerJoin('framework', 'framework.id', 'review.framework_id')
    .select([
      'review.id',
      'review.title',
      'review.type',
      'review.school_year',
      'review.starts_on',
      'review.ends_on',
      'review.status',
      'review.partial',
      'review.school_id',
      'review.district_id',
      'framework.name as framework_name',
      'framework.version as framework_version',
      'review.framework_id',
    ]);
  if (where.schoolId) q = q.where('review.school_id', '=', where.schoolId);
  else if (where.districtId) q = q.where('review.district_id', '=', where.districtId).where('review.school_id', 'is', null);
  return q.orderBy('review.starts_on', 'desc').execute();
}

/** An open review, locked for the change about to be made; a finalized one is refused. */
export async function openReview(trx: Kysely<Database>, reviewId: string) {
  const review = await trx.selectFrom('review').selectAll().where('id', '=', reviewId).forUpdate().executeTakeFirst();
  if (!review) throw notFound('The review');
  if (review.status === 'finalized') throw new AppError('conflict', 'This review is finalized and locked. An organization admin can reopen it, with a reason.');
  return review;
}

/** The people named as reviewers of an open review, replaced as a whole under the review's version. */
export async function setReviewers(db: Kysely<Database>, organizationId: string, reviewId: string, version: number, reviewerIds: string[], actorId: string) {
  return atomic(db, async (trx) => {
    const review = await openReview(trx, reviewId);
    // A stale change answers with the reviewers as they are now, so the screen can say who changed them to what.
    if (review.version !== version)
      throw new AppError(
        'stale_version',
        'Someone else changed this review since you opened it. Reload to see its reviewers, then make your change again.',
        [{ where: 'version', message: `current version is ${review.version}` }],
        {
          current: { version: review.version, reviewers: await reviewersOf(trx, reviewId) },
        },
      );
    const place = review.school_id
      ? (await trx.selectFrom('school').select('name').where('id', '=', review.school_id).executeTakeFirst())?.name
      : (await trx.selectFrom('district').select('name').where('id', '=', review.district_id).executeTakeFirst())?.name;
    const ids = await checkReviewers(
      trx,
      organizationId,
      { organizationId, districtId: review.district_id, schoolId: review.school_id },
      review.type,
      place ?? 'the school',
      reviewerIds,
    );
    const before = (await reviewersOf(trx, reviewId)).map((p) => p.id);
    await trx.deleteFrom('review_reviewer').where('review_id', '=', reviewId).execute();
    if (ids.length)
      await trx
        .insertInto('review_reviewer')
        .values(ids.map((person_id) => ({ review_id: reviewId, person_id, organization_id: organizationId })))
        .execute();
    await trx
      .updateTable('review')
      .set({ version: version + 1 })
      .where('id', '=', reviewId)
      .execute();
    await recordAudit(trx, {
      organizationId,
      actorId,
      action: 'review.reviewers',
      objectKind: 'review',
      objectId: reviewId,
      before: { reviewerIds: before },
      after: { reviewerIds: ids },
    });
    return { id: reviewId, version: version + 1, reviewers: await reviewersOf(trx, reviewId) };
  });
}

export interface Finalization {
  version: number;
  /** Finalize although indicators are unrated, saying why: a partial review never feeds next year's outcome proposals. */
  partial?: boolean;
  reason?: string;
}

export async function finalizeReview(db: Kysely<Database>, organizationId: string, reviewId: string, f: Finalization, actorId: string) {
  return atomic(db, async (trx) => {
    const review = await openReview(trx, reviewId);
    if (review.version !== f.version)
      throw new AppError('stale_version', 'This review changed since you opened it. Reload before finalizing.', [
        { where: 'version', message: `current version is ${review.version}` },
      ]);
    const framework = (await getFramework(trx, organizationId, review.framework_id)).document;
    const ratings = await trx.selectFrom('rating').select(['indicator_key as indicatorKey', 'source', 'level']).where('review_id', '=', reviewId).execute();
    const done = completeness(framework, ratings, review.type);
    const reason = f.reason?.trim() ?? '';
    if (!done.complete && !f.partial) {
      const by = review.type === 'self_assessment' ? '' : ' with an external or consensus level';
      throw new AppError(
        'conflict',
        `${done.rated} of ${done.total} indicators are rated${by}; ${done.total - done.rated} ${done.total - done.rated === 1 ? 'is' : 'are'} not. Rate them, or finalize it as a partial review and say why.`,
        [{ where: 'partial', message: `${done.total - done.rated} of ${done.total} indicators unrated` }],
      );
    }
    if (!done.complete && reason.length < 5)
      throw new AppError(
        'invalid_input',
        'Say why this review is finalized as partial (at least 5 characters): it is kept with the review and in the audit log.',
        [{ where: 'reason', message: 'required for a partial review' }],
      );
    const partial = !done.complete;
    const row = await trx
      .updateTable('review')
      .set({ status: 'finalized', finalized_at: new Date(), finalized_by: actorId, partial, partial_reason: partial ? reason : null, version: f.version + 1 })
      .where('id', '=', reviewId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId,
      actorId,
      action: 'review.finalize',
      objectKind: 'review',
      objectId: reviewId,
      before: { status: 'open' },
      after: { status: 'finalized', rated: done.rated, total: done.total, partial, ...(partial ? { reason } : {}) },
    });
    return row;
  });
}

export async function reopenReview(db: Kysely<Database>, organizationId: string, reviewId: string, reason: string, actorId: string) {
  return atomic(db, async (trx) => {
    const review = await trx.selectFrom('review').selectAll().where('id', '=', reviewId).forUpdate().executeTakeFirst();
    if (!review) throw notFound('The review');
    if (review.status !== 'finalized') throw new AppError('conflict', 'This review is already open.');
    const row = await trx
      .updateTable('review')
      .set({ status: 'open', finalized_at: null, finalized_by: null, partial: false, partial_reason: null, version: review.version + 1 })
      .where('id', '=', reviewId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId,
      actorId,
      action: 'review.reopen',
      objectKind: 'review',
      objectId: reviewId,
      before: { status: 'finalized', partial: review.partial },
      after: { status: 'open', reason },
    });
    return row;
  });
}
