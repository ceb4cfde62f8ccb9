// Loads the generated demo network into an empty database, in one transaction.
import { atomic } from './atomic';
import { sql, type Kysely } from 'kysely';
import type { DemoNetwork } from '../domain/demo';
import type { DemoReview } from '../domain/demo-reviews';
import { AppError } from '../domain/errors';
import { refreshReviewLevels } from './repositories/reviews';
import type { Database } from './schema';

export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('organization').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n === 0;
}

/** Writes the demo network; every demo person gets the same password hash (hashed once by the caller). */
export async function loadDemo(db: Kysely<Database>, network: DemoNetwork, passwordHash: string): Promise<{ organizationId: string }> {
  return atomic(db, async (trx) => {
    if (!(await isEmpty(trx))) throw new AppError('conflict', 'The demo network can only be loaded into an empty database.');
    const org = await trx.insertInto('organization').values({ name: network.organization.name, slug: network.organization.slug, is_demo: true }).returning('id').executeTakeFirstOrThrow();
    const organization_id = org.id;
    const ids = new Map<string, string>();
    const remember = (keys: string[], rows: { id: string }[]) => keys.forEach((k, i) => ids.set(k, rows[i]!.id));
    const id = (key: string) => {
      const v = ids.get(key);
      if (!v) throw new Error(`demo network refers to unknown key ${key}`);
      return v;
    };
    ids.set('org', organization_id);

    remember(
      network.districts.map((d) => d.key),
      await trx.insertInto('district').values(network.districts.map((d) => ({ organization_id, name: d.name, state: d.state, state_code: d.stateCode }))).returning('id').execute(),
    );
    remember(
      network.schools.map((s) => s.key),
      await trx
        .insertInto('school')
        .values(network.schools.map((s) => ({ organization_id, district_id: id(s.districtKey), name: s.name, state_code: s.stateCode, level: s.level, grade_low: s.gradeLow, grade_high: s.gradeHigh, enrollment: s.enrollment, city: s.city })))
        .returning('id')
        .execute(),
    );
    const districtOfSchool = new Map(network.schools.map((s) => [s.key, s.districtKey]));
    await trx
      .insertInto('partnership')
      .values(network.partnerships.map((p) => ({ organization_id, school_id: id(p.schoolKey), district_id: id(districtOfSchool.get(p.schoolKey)!), start_year: p.startYear, end_year: p.endYear, support_level: p.supportLevel, coach_days_per_week: p.coachDaysPerWeek, phase: p.phase })))
      .execute();
    for (const c of network.collaborations) {
      const row = await trx.insertInto('collaboration').values({ organization_id, name: c.name, focal_area: c.focalArea, start_year: c.startYear, end_year: c.endYear }).returning('id').executeTakeFirstOrThrow();
      ids.set(c.key, row.id);
      await trx.insertInto('collaboration_district').values(c.districtKeys.map((d) => ({ collaboration_id: row.id, district_id: id(d), is_pilot_site: d === c.pilotDistrictKey }))).execute();
    }
    remember(
      network.teams.map((t) => t.key),
      await trx.insertInto('team').values(network.teams.map((t) => ({ organization_id, district_id: id(t.districtKey), school_id: t.schoolKey ? id(t.schoolKey) : null, name: t.name, kind: t.kind }))).returning('id').execute(),
    );
    remember(
      network.people.map((p) => p.key),
      await trx.insertInto('person').values(network.people.map((p) => ({ organization_id, name: p.name, email: p.email, title: p.title, password_hash: passwordHash }))).returning('id').execute(),
    );
    await trx.insertInto('membership').values(network.memberships.map((m) => ({ person_id: id(m.personKey), role: m.role, scope_kind: m.scopeKind, scope_id: id(m.scopeKey) }))).execute();
    return { organizationId: organization_id };
  });
}

/** Writes generated demo reviews with their ratings and evidence; schools are found by state code, frameworks by key. */
export async function loadDemoReviews(db: Kysely<Database>, organizationId: string, network: DemoNetwork, reviews: DemoReview[]): Promise<number> {
  return atomic(db, async (trx) => {
    const schools = new Map((await trx.selectFrom('school').select(['id', 'state_code', 'district_id']).where('organization_id', '=', organizationId).execute()).map((s) => [s.state_code, s]));
    const frameworks = new Map<string, string>();
    for (const key of new Set(reviews.map((r) => r.frameworkKey))) {
      const f = await trx.selectFrom('framework').select('id').where('key', '=', key).where('organization_id', 'is', null).where('status', '=', 'published').orderBy('version', 'desc').executeTakeFirstOrThrow();
      frameworks.set(key, f.id);
    }
    for (const r of reviews) {
      const school = schools.get(network.schools.find((s) => s.key === r.schoolKey)!.stateCode)!;
      const review = await trx
        .insertInto('review')
        .values({
          organization_id: organizationId, district_id: school.district_id, school_id: school.id, framework_id: frameworks.get(r.frameworkKey)!, type: r.type, title: r.title, school_year: r.schoolYear,
          starts_on: r.startsOn, ends_on: r.endsOn, participants: JSON.stringify(r.participants), focus_indicators: JSON.stringify(r.focusIndicators), status: r.finalized ? 'finalized' : 'open', finalized_at: r.finalized ? new Date(`${r.endsOn}T17:00:00Z`) : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const ratingIds = await trx
        .insertInto('rating')
        .values(r.ratings.map((x) => ({ review_id: review.id, district_id: school.district_id, indicator_key: x.indicatorKey, source: x.source, level: x.level })))
        .returning('id')
        .execute();
      const evidence = r.ratings.flatMap((x, i) => x.evidence.map((e) => ({ rating_id: ratingIds[i]!.id, district_id: school.district_id, kind: e.kind, note: e.note })));
      if (evidence.length) await trx.insertInto('evidence').values(evidence).execute();
    }
    await refreshReviewLevels(trx, { organizationId });
    return reviews.length;
  });
}
