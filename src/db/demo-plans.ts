// Loads the demo network's annual outcomes and plans for last year and this year, built from its own
// reviews and results the way a school would: proposals from the latest review and results, then a plan.
import type { Kysely } from 'kysely';
import { generateDemoPlanYear, type DemoPlanYear } from '../domain/demo-plans';
import type { Framework } from '../domain/framework';
import { schoolYearAt, schoolYearLabel as yearLabel } from '../domain/school-year';
import { goalProgress, type ReflectionSeed, type ResultEvidence, type ReviewEvidence } from '../domain/outcomes';
import type { PlanGoal, PlanSnapshot } from '../domain/plan-versions';
import { seededRandom } from '../domain/random';
import { showCounts } from '../domain/results';
import { studentGroupLabel } from '../importers/student-groups';
import type { Database } from './schema';

function seedOf(text: string): number {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

export async function loadDemoPlans(db: Kysely<Database>, organizationId: string, asOf: Date): Promise<number> {
  const year = schoolYearAt(asOf);
  const today = asOf.toISOString().slice(0, 10);
  // Partner schools only: a comparison school has no plan with the network.
  const schools = await db
    .selectFrom('school')
    .select(['id', 'name', 'district_id'])
    .where('organization_id', '=', organizationId)
    .where((eb) => eb.exists(eb.selectFrom('partnership').select('partnership.id').whereRef('partnership.school_id', '=', 'school.id')))
    .orderBy('name')
    .execute();
  const reviews = await db
    .selectFrom('review')
    .innerJoin('framework', 'framework.id', 'review.framework_id')
    .select(['review.school_id', 'review.title', 'review.starts_on', 'review.levels', 'review.focus_indicators', 'review.framework_id', 'framework.document'])
    .where('review.organization_id', '=', organizationId)
    .where('review.status', '=', 'finalized')
    .where('review.school_id', 'is not', null)
    .where('framework.kind', '=', 'school')
    .orderBy('review.starts_on')
    .execute();
  const results = await db
    .selectFrom('aggregate_result as r')
    .innerJoin('result_entity as e', 'e.id', 'r.entity_id')
    .select(['e.school_id', 'r.year', 'r.subject', 'r.grade', 'r.student_group', 'r.tested', 'r.met_or_above', 'r.pct_met_or_above', 'r.suppressed'])
    .where('e.organization_id', '=', organizationId)
    .where('e.school_id', 'is not', null)
    .where('r.grade', '=', 'all')
    .where('r.assessment', '=', 'smarter-balanced')
    .execute();

  const shown = (r: (typeof results)[number]) => showCounts(r, false);
  const resultEvidence = (schoolId: string, label: string): ResultEvidence | null => {
    const rows = results.filter((r) => r.school_id === schoolId && r.year === label);
    if (!rows.length) return null;
    return {
      year: label,
      rows: rows.map((r) => ({
        subject: r.subject,
        grade: r.grade,
        group: r.student_group,
        groupLabel: studentGroupLabel(r.student_group),
        ...(({ tested, pctMetOrAbove }) => ({ tested, pctMetOrAbove }))(shown(r)),
      })),
    };
  };
  const reviewEvidence = (schoolId: string, before: string): ReviewEvidence | null => {
    const r = reviews.filter((x) => x.school_id === schoolId && x.starts_on < before).pop();
    if (!r) return null;
    const f = r.document as Framework;
    return {
      reviewId: '',
      reviewTitle: r.title,
      frameworkId: r.framework_id,
      levels: f.levels.map((l) => ({ value: l.value, label: l.label })),
      indicators: f.domains.flatMap((d) => d.indicators.map((i) => ({ key: i.key, name: i.name, domainName: d.name, equity: i.tags.includes('equity') }))),
      ratedLevels: r.levels,
      focusIndicators: r.focus_indicators,
    };
  };
  /** How a goal of a finished year ended, from the same data the plan page reads. */
  const ended = (schoolId: string, y: number) => (goal: PlanGoal) => {
    const t = goal.target;
    if (!t) return 'partly' as const;
    const p =
      t.kind === 'student'
        ? goalProgress(t, {
            results: results
              .filter((r) => r.school_id === schoolId && r.subject === t.subject && r.grade === t.grade && r.student_group === t.group)
              .map((r) => ({ year: r.year, pctMetOrAbove: shown(r).pctMetOrAbove })),
            lastYear: yearLabel(y),
          })
        : goalProgress(t, {
            ratings: reviews
              .filter((r) => r.school_id === schoolId && r.framework_id === t.frameworkId)
              .map((r) => ({ label: r.title, date: r.starts_on, level: r.levels[t.indicatorKey] ?? null })),
            baselineDate: `${y}-07-01`,
            until: `${y + 1}-07-01`,
          });
    return p.status === 'met' ? ('met' as const) : p.status === 'off_track' ? ('not_met' as const) : ('partly' as const);
  };

  const years: { school: (typeof schools)[number]; y: DemoPlanYear }[] = [];
  for (const school of schools) {
    const random = seededRandom(seedOf(school.name));
    const last = generateDemoPlanYear({
      schoolYear: year - 1,
      review: reviewEvidence(school.id, `${year}-01-01`),
      results: resultEvidence(school.id, yearLabel(year - 2)),
      reflections: [],
      through: today,
      random,
      key: `${year - 1}`,
      ended: ended(school.id, year - 1),
    });
    const seeds: ReflectionSeed[] = last
      ? last.reflections.map((r) => ({
          goalTitle: last.current.goals[r.goalIndex]!.title,
          target: last.current.goals[r.goalIndex]!.target!,
          result: r.result,
          learned: r.learned,
        }))
      : [];
    const current = generateDemoPlanYear({
      schoolYear: year,
      review: reviewEvidence(school.id, `${year}-07-01`),
      results: resultEvidence(school.id, yearLabel(year - 1)),
      reflections: seeds,
      through: today,
      random,
      key: `${year}`,
    });
    for (const y of [last, current]) if (y) years.push({ school, y });
  }
  await insertYears(db, organizationId, years);
  return years.length;
}

/** Every table in one statement, so the demo loads in a handful of round trips. */
async function insertYears(db: Kysely<Database>, organizationId: string, years: { school: { id: string; district_id: string }; y: DemoPlanYear }[]) {
  if (!years.length) return;
  const key = (schoolId: string, schoolYear: number) => `${schoolId}:${schoolYear}`;
  const sets = await db
    .insertInto('outcome_set')
    .values(
      years.map(({ school, y }) => ({
        organization_id: organizationId,
        district_id: school.district_id,
        school_id: school.id,
        school_year: y.schoolYear,
        status: 'approved' as const,
        approved_at: new Date(`${y.approvedOn}T16:00:00Z`),
        version: 2,
      })),
    )
    .returning(['id', 'school_id', 'school_year'])
    .execute();
  const setId = new Map(sets.map((s) => [key(s.school_id, s.school_year), s.id]));
  const outcomes = await db
    .insertInto('annual_outcome')
    .values(
      years.flatMap(({ school, y }) =>
        y.outcomes.map((o, i) => ({
          outcome_set_id: setId.get(key(school.id, y.schoolYear))!,
          district_id: school.district_id,
          position: i + 1,
          kind: o.target.kind,
          target: JSON.stringify(o.target),
          title: o.title,
          reason: o.reason,
          source: o.source,
        })),
      ),
    )
    .returning(['id', 'outcome_set_id', 'position'])
    .execute();
  const link = (setKey: string, doc: PlanSnapshot): PlanSnapshot => ({
    goals: doc.goals.map((g, i) => ({ ...g, outcomeId: outcomes.find((o) => o.outcome_set_id === setId.get(setKey) && o.position === i + 1)?.id ?? null })),
  });
  const docs = new Map(
    years.map(({ school, y }) => [
      key(school.id, y.schoolYear),
      { current: link(key(school.id, y.schoolYear), y.current), first: link(key(school.id, y.schoolYear), y.firstVersion) },
    ]),
  );
  const plans = await db
    .insertInto('plan')
    .values(
      years.map(({ school, y }) => ({
        organization_id: organizationId,
        district_id: school.district_id,
        school_id: school.id,
        school_year: y.schoolYear,
        outcome_set_id: setId.get(key(school.id, y.schoolYear))!,
        document: JSON.stringify(docs.get(key(school.id, y.schoolYear))!.current),
        version: 3,
        created_at: new Date(`${y.approvedOn}T17:00:00Z`),
        updated_at: new Date(`${y.revision.on}T15:00:00Z`),
      })),
    )
    .returning(['id', 'school_id', 'school_year'])
    .execute();
  const planId = new Map(plans.map((p) => [key(p.school_id, p.school_year), p.id]));
  const each = years.map(({ school, y }) => ({
    school,
    y,
    plan: planId.get(key(school.id, y.schoolYear))!,
    goals: docs.get(key(school.id, y.schoolYear))!.current.goals,
  }));
  await db
    .insertInto('plan_revision')
    .values(
      each.map(({ school, y, plan }) => ({
        plan_id: plan,
        district_id: school.district_id,
        number: 1,
        reason: y.revision.reason,
        document: JSON.stringify(docs.get(key(school.id, y.schoolYear))!.first),
        plan_version: 1,
        created_at: new Date(`${y.revision.on}T14:00:00Z`),
      })),
    )
    .execute();
  const checkins = each.flatMap(({ school, y, plan, goals }) =>
    y.checkins.map((c) => ({
      plan_id: plan,
      district_id: school.district_id,
      goal_id: c.goalIndex === null ? null : goals[c.goalIndex]!.id,
      status: c.status,
      evidence: c.evidence,
      notes: c.notes,
      checked_on: c.on,
    })),
  );
  if (checkins.length) await db.insertInto('plan_checkin').values(checkins).execute();
  const reflections = each.flatMap(({ school, y, plan, goals }) =>
    y.reflections.map((r) => ({
      plan_id: plan,
      goal_id: goals[r.goalIndex]!.id,
      district_id: school.district_id,
      result: r.result,
      learned: r.learned,
      updated_by: null,
    })),
  );
  if (reflections.length) await db.insertInto('goal_reflection').values(reflections).execute();
}
