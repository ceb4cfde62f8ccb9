// Loads the generated demo network and its reviews into an empty database.
import { randomUUID } from 'node:crypto';
import { atomic } from './atomic';
import { sql, type Kysely } from 'kysely';
import type { TrellisDatabase } from './database';
import type { DemoNetwork } from '../domain/demo';
import type { DemoReview } from '../domain/demo-reviews';
import { AppError } from '../domain/errors';
import { csvLine } from '../importers/copy-lines';
import { refreshReviewLevels } from './repositories/review-levels';
import type { Database } from './schema';

export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('organization').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n === 0;
}

/** Writes the demo network; every demo person gets the same password hash (hashed once by the caller). */
export async function loadDemo(db: Kysely<Database>, network: DemoNetwork, passwordHash: string): Promise<{ organizationId: string }> {
  return atomic(db, async (trx) => {
    if (!(await isEmpty(trx))) throw new AppError('conflict', 'The demo network can only be loaded into an empty database.');
    const org = await trx
      .insertInto('organization')
      .values({ name: network.organization.name, slug: network.organization.slug, is_demo: true })
      .returning('id')
      .executeTakeFirstOrThrow();
    const organization_id = org.id;
    const ids = new Map<string, string>();
    const remember = (keys: string[], rows: { id: string }[]) => {
      for (const [i, k] of keys.entries()) ids.set(k, rows[i]!.id);
    };
    const id = (key: string) => {
      const v = ids.get(key);
      if (!v) throw new Error(`demo network refers to unknown key ${key}`);
      return v;
    };
    ids.set('org', organization_id);

    remember(
      network.districts.map((d) => d.key),
      await trx
        .insertInto('district')
        .values(network.districts.map((d) => ({ organization_id, name: d.name, state: d.state, state_code: d.stateCode })))
        .returning('id')
        .execute(),
    );
    remember(
      network.schools.map((s) => s.key),
      await trx
        .insertInto('school')
        .values(
          network.schools.map((s) => ({
            organization_id,
            district_id: id(s.districtKey),
            name: s.name,
            state_code: s.stateCode,
            level: s.level,
            grade_low: s.gradeLow,
            grade_high: s.gradeHigh,
            enrollment: s.enrollment,
            city: s.city,
          })),
        )
        .returning('id')
        .execute(),
    );
    const districtOfSchool = new Map(network.schools.map((s) => [s.key, s.districtKey]));
    await trx
      .insertInto('partnership')
      .values(
        network.partnerships.map((p) => ({
          organization_id,
          school_id: id(p.schoolKey),
          district_id: id(districtOfSchool.get(p.schoolKey)!),
          start_year: p.startYear,
          end_year: p.endYear,
          support_level: p.supportLevel,
          coach_days_per_week: p.coachDaysPerWeek,
          phase: p.phase,
        })),
      )
      .execute();
    for (const c of network.collaborations) {
      const row = await trx
        .insertInto('collaboration')
        .values({ organization_id, name: c.name, focal_area: c.focalArea, start_year: c.startYear, end_year: c.endYear })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(c.key, row.id);
      await trx
        .insertInto('collaboration_district')
        .values(c.districtKeys.map((d) => ({ collaboration_id: row.id, district_id: id(d), is_pilot_site: d === c.pilotDistrictKey })))
        .execute();
    }
    remember(
      network.teams.map((t) => t.key),
      await trx
        .insertInto('team')
        .values(
          network.teams.map((t) => ({
            organization_id,
            district_id: id(t.districtKey),
            school_id: t.schoolKey ? id(t.schoolKey) : null,
            name: t.name,
            kind: t.kind,
          })),
        )
        .returning('id')
        .execute(),
    );
    remember(
      network.people.map((p) => p.key),
      await trx
        .insertInto('person')
        .values(network.people.map((p) => ({ organization_id, name: p.name, email: p.email, title: p.title, password_hash: passwordHash })))
        .returning('id')
        .execute(),
    );
    await trx
      .insertInto('membership')
      .values(network.memberships.map((m) => ({ person_id: id(m.personKey), role: m.role, scope_kind: m.scopeKind, scope_id: id(m.scopeKey) })))
      .execute();
    return { organizationId: organization_id };
  });
}

/**
 * Writes generated demo reviews with their ratings and evidence; schools are found by state code, frameworks by key.
 * Thousands of ratings go in with COPY in one transaction (ids made here, so evidence can name its rating), then
 * each review's stored levels are brought in step with its ratings.
 */
export async function loadDemoReviews(database: TrellisDatabase, organizationId: string, network: DemoNetwork, reviews: DemoReview[]): Promise<number> {
  await database.bulk(async (session) => {
    const schools = new Map(
      (
        await session.query<{ id: string; state_code: string; district_id: string }>(
          `select id, state_code, district_id from school where organization_id = $1`,
          [organizationId],
        )
      ).map((s) => [s.state_code, s]),
    );
    const frameworks = new Map<string, string>();
    for (const key of new Set(reviews.map((r) => r.frameworkKey))) {
      const [f] = await session.query<{ id: string }>(
        `select id from framework where key = $1 and organization_id is null and status = 'published' order by version desc limit 1`,
        [key],
      );
      if (!f) throw new Error(`the demo reviews use the framework ${key}, which is not installed`);
      frameworks.set(key, f.id);
    }
    const stateCodes = new Map(network.schools.map((s) => [s.key, s.stateCode]));
    const people = new Map(
      (await session.query<{ id: string; email: string }>(`select id, email from person where organization_id = $1`, [organizationId])).map((p) => [
        p.email,
        p.id,
      ]),
    );
    const emails = new Map(network.people.map((p) => [p.key, p.email]));
    const reviewerLines: string[] = [];
    const reviewLines: string[] = [];
    const ratingLines: string[] = [];
    const evidenceLines: string[] = [];
    for (const r of reviews) {
      const school = schools.get(stateCodes.get(r.schoolKey)!)!;
      const reviewId = randomUUID();
      reviewLines.push(
        csvLine([
          reviewId,
          organizationId,
          school.district_id,
          school.id,
          frameworks.get(r.frameworkKey)!,
          r.type,
          r.title,
          r.schoolYear,
          r.startsOn,
          r.endsOn,
          JSON.stringify(r.participants),
          JSON.stringify(r.focusIndicators),
          r.finalized ? 'finalized' : 'open',
          r.finalized ? `${r.endsOn}T17:00:00Z` : null,
        ]),
      );
      for (const key of r.reviewerKeys) reviewerLines.push(csvLine([reviewId, people.get(emails.get(key)!)!, organizationId]));
      for (const x of r.ratings) {
        const ratingId = randomUUID();
        ratingLines.push(csvLine([ratingId, reviewId, school.district_id, x.indicatorKey, x.source, x.level]));
        for (const e of x.evidence) evidenceLines.push(csvLine([ratingId, school.district_id, e.kind, e.note]));
      }
    }
    await session.copyCsv('review', REVIEW_COLUMNS, lines(reviewLines));
    await session.copyCsv('review_reviewer', ['review_id', 'person_id', 'organization_id'], lines(reviewerLines));
    await session.copyCsv('rating', ['id', 'review_id', 'district_id', 'indicator_key', 'source', 'level'], lines(ratingLines));
    await session.copyCsv('evidence', ['rating_id', 'district_id', 'kind', 'note'], lines(evidenceLines));
  });
  await refreshReviewLevels(database.db, { organizationId });
  return reviews.length;
}

const REVIEW_COLUMNS = [
  'id',
  'organization_id',
  'district_id',
  'school_id',
  'framework_id',
  'type',
  'title',
  'school_year',
  'starts_on',
  'ends_on',
  'participants',
  'focus_indicators',
  'status',
  'finalized_at',
];

async function* lines(all: string[]): AsyncGenerator<string> {
  yield* all;
}
