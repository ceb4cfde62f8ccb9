// Annual outcomes and plans: proposals from the latest review and results, drafts with comments, approval,
// the living plan with version checks, check-ins, revisions and reflections, and the network table.
import { sql, type Kysely } from 'kysely';
import type { Grant } from '../../domain/access';
import { emptyCheckinProblem } from '../../domain/checkins';
import { AppError, notFound } from '../../domain/errors';
import type { Framework } from '../../domain/framework';
import {
  diffPlans,
  goalProgress,
  MAX_OUTCOMES,
  MIN_OUTCOMES,
  outcomeKey,
  outcomeTitle,
  planStatus,
  proposeOutcomes,
  type Candidate,
  type OutcomeTarget,
  type PlanGoal,
  type PlanSnapshot,
  type Progress,
  type ProgressStatus,
  type RatingObservation,
  type ReflectionSeed,
  type ResultObservation,
} from '../../domain/outcomes';
import { showCounts } from '../../domain/results';
import { studentGroupLabel } from '../../importers/student-groups';
import { atomic } from '../atomic';
import type { Database } from '../schema';
import { recordAudit } from './audit';
import { currentPartnership } from './network';
import { visibleSchools } from './scope';

type Db = Kysely<Database>;

export const yearLabel = (y: number) => `${y}-${String((y + 1) % 100).padStart(2, '0')}`;
/** Implementation goals are read from reviews held in their school year, which starts in July. */
const yearStart = (y: number) => `${y}-07-01`;

export interface OutcomeInput {
  id?: string;
  target: OutcomeTarget;
  title?: string;
  reason?: string;
  source: 'review' | 'results' | 'reflection' | 'team';
}

async function schoolOf(db: Db, schoolId: string) {
  const s = await db
    .selectFrom('school')
    .innerJoin('district', 'district.id', 'school.district_id')
    .select(['school.id', 'school.name', 'school.organization_id', 'school.district_id', 'district.name as district_name', 'district.state'])
    .where('school.id', '=', schoolId)
    .executeTakeFirst();
  if (!s) throw notFound('The school');
  return s;
}

// ---- Evidence for proposals.

/**
 * The framework a school's outcomes use: the one its latest implementation outcome (this year or before) names.
 * Null when it has none yet, and any school framework will do.
 */
async function outcomeFrameworkKey(db: Db, schoolId: string, year: number) {
  const row = await db
    .selectFrom('annual_outcome as o')
    .innerJoin('outcome_set as s', 's.id', 'o.outcome_set_id')
    .innerJoin('framework as f', (j) => j.on(sql<boolean>`f.id::text = o.target ->> 'frameworkId'`))
    .select('f.key')
    .where('s.school_id', '=', schoolId)
    .where('s.school_year', '<=', year)
    .where('o.kind', '=', 'implementation')
    .orderBy('s.school_year', 'desc')
    .orderBy('o.position')
    .limit(1)
    .executeTakeFirst();
  return row?.key ?? null;
}

/**
 * The latest complete finalized review of a school on the framework its outcomes use, with the level that counts
 * for each indicator. A review finalized as partial never stands in for a complete one.
 */
async function latestReview(db: Db, schoolId: string, year: number) {
  const frameworkKey = await outcomeFrameworkKey(db, schoolId, year);
  let q = db
    .selectFrom('review')
    .innerJoin('framework', 'framework.id', 'review.framework_id')
    .select(['review.id', 'review.title', 'review.starts_on', 'review.levels', 'review.focus_indicators', 'framework.id as framework_id', 'framework.document'])
    .where('review.school_id', '=', schoolId)
    .where('review.status', '=', 'finalized')
    .where('review.partial', '=', false)
    .where('framework.kind', '=', 'school')
    .where('review.starts_on', '<', `${year + 1}-07-01`);
  if (frameworkKey) q = q.where('framework.key', '=', frameworkKey);
  return q.orderBy('review.starts_on', 'desc').limit(1).executeTakeFirst();
}

/** All-grade results of the latest year for a school, every group, as anyone reading the plan sees them. */
async function latestResults(db: Db, schoolId: string) {
  const rows = await db
    .selectFrom('aggregate_result as r')
    .innerJoin('result_entity as e', 'e.id', 'r.entity_id')
    .select(['r.year', 'r.subject', 'r.grade', 'r.student_group', 'r.tested', 'r.met_or_above', 'r.pct_met_or_above', 'r.suppressed', 'r.assessment'])
    .where('e.school_id', '=', schoolId)
    .where('r.grade', '=', 'all')
    .where('r.assessment', '=', 'smarter-balanced')
    .execute();
  const year = rows.map((r) => r.year).sort().pop();
  if (!year) return null;
  return {
    year,
    rows: rows
      .filter((r) => r.year === year)
      .map((r) => {
        const shown = showCounts(r, false);
        return { subject: r.subject, grade: r.grade, group: r.student_group, groupLabel: studentGroupLabel(r.student_group), tested: shown.tested, pctMetOrAbove: shown.pctMetOrAbove };
      }),
  };
}

async function reflectionSeeds(db: Db, schoolId: string, year: number): Promise<ReflectionSeed[]> {
  const plan = await db.selectFrom('plan').select(['id', 'document']).where('school_id', '=', schoolId).where('school_year', '=', year - 1).executeTakeFirst();
  if (!plan) return [];
  const goals = (plan.document as PlanSnapshot).goals;
  const reflections = await db.selectFrom('goal_reflection').selectAll().where('plan_id', '=', plan.id).execute();
  return reflections.flatMap((r) => {
    const goal = goals.find((g) => g.id === r.goal_id);
    return goal?.target ? [{ goalTitle: goal.title, target: goal.target, result: r.result, learned: r.learned }] : [];
  });
}

export async function outcomeCandidates(db: Db, schoolId: string, year: number): Promise<{ candidates: Candidate[]; evidence: { review: string | null; reviewId: string | null; resultsYear: string | null; reflections: number } }> {
  const [review, results, reflections] = await Promise.all([latestReview(db, schoolId, year), latestResults(db, schoolId), reflectionSeeds(db, schoolId, year)]);
  const framework = review?.document as Framework | undefined;
  const candidates = proposeOutcomes({
    review:
      review && framework
        ? {
            reviewId: review.id,
            reviewTitle: review.title,
            frameworkId: review.framework_id,
            levels: framework.levels.map((l) => ({ value: l.value, label: l.label })),
            indicators: framework.domains.flatMap((d) => d.indicators.map((i) => ({ key: i.key, name: i.name, domainName: d.name, equity: i.tags.includes('equity') }))),
            ratedLevels: review.levels,
            focusIndicators: review.focus_indicators,
          }
        : null,
    results,
    reflections,
  });
  return { candidates, evidence: { review: review ? `${review.title} (${review.starts_on})` : null, reviewId: review?.id ?? null, resultsYear: results?.year ?? null, reflections: reflections.length } };
}

// ---- Outcome sets.

async function setFor(db: Db, schoolId: string, year: number) {
  return db.selectFrom('outcome_set').selectAll().where('school_id', '=', schoolId).where('school_year', '=', year).executeTakeFirst();
}

export async function getOutcomes(db: Db, schoolId: string, year: number) {
  const school = await schoolOf(db, schoolId);
  const set = await setFor(db, schoolId, year);
  const [outcomes, comments, approver] = set
    ? await Promise.all([
        db.selectFrom('annual_outcome').selectAll().where('outcome_set_id', '=', set.id).orderBy('position').execute(),
        db
          .selectFrom('outcome_comment as c')
          .leftJoin('person as p', 'p.id', 'c.person_id')
          .select(['c.id', 'c.outcome_id', 'c.body', 'c.created_at', 'p.name as person_name'])
          .where('c.outcome_set_id', '=', set.id)
          .orderBy('c.created_at')
          .execute(),
        set.approved_by ? db.selectFrom('person').select('name').where('id', '=', set.approved_by).executeTakeFirst() : undefined,
      ])
    : [[], [], undefined];
  const proposals = !set || set.status === 'draft' ? await outcomeCandidates(db, schoolId, year) : null;
  return {
    school: { id: school.id, name: school.name, districtId: school.district_id, districtName: school.district_name },
    schoolYear: year,
    yearLabel: yearLabel(year),
    set: set
      ? { id: set.id, status: set.status, version: set.version, approvedAt: set.approved_at, approvedBy: approver?.name ?? null, updatedAt: set.updated_at }
      : null,
    outcomes: outcomes.map((o) => ({ id: o.id, position: o.position, kind: o.kind, target: o.target as OutcomeTarget, title: o.title, reason: o.reason, source: o.source })),
    comments: comments.map((c) => ({ id: c.id, outcomeId: c.outcome_id, body: c.body, createdAt: c.created_at, by: c.person_name ?? 'someone no longer here' })),
    candidates: proposals?.candidates ?? [],
    evidence: proposals?.evidence ?? null,
  };
}

function checkOutcomes(outcomes: OutcomeInput[]) {
  if (outcomes.length > MAX_OUTCOMES) throw new AppError('invalid_input', `A year has at most ${MAX_OUTCOMES} outcomes; this draft has ${outcomes.length}.`, [{ where: 'outcomes', message: `at most ${MAX_OUTCOMES}` }]);
  const keys = new Set<string>();
  outcomes.forEach((o, i) => {
    // The same indicator, or the same subject, grade and group, twice is one outcome with two targets.
    const key = outcomeKey(o.target);
    if (keys.has(key)) throw new AppError('invalid_input', `Outcome ${i + 1} repeats an earlier one.`, [{ where: `outcomes[${i}]`, message: 'repeats an earlier outcome' }]);
    keys.add(key);
    if (o.target.kind === 'student' && o.target.target <= o.target.baseline)
      throw new AppError('invalid_input', `Outcome ${i + 1}: the target must be above the baseline.`, [{ where: `outcomes[${i}].target.target`, message: 'must be above the baseline' }]);
    if (o.target.kind === 'implementation' && o.target.baselineLevel !== null && o.target.targetLevel <= o.target.baselineLevel)
      throw new AppError('invalid_input', `Outcome ${i + 1}: the target level must be above the current level.`, [{ where: `outcomes[${i}].target.targetLevel`, message: 'must be above the current level' }]);
  });
}

function stale(what: string, current: unknown): AppError {
  return new AppError('stale_version', `${what} changed since you opened it. Your change was not saved; see what changed, then try again.`, [], { current });
}

/** The outcomes of a year as they are now, for a stale save to show (null when there is no draft yet). */
async function outcomesNow(db: Db, schoolId: string, year: number) {
  const set = await db.selectFrom('outcome_set').select(['id', 'status', 'version']).where('school_id', '=', schoolId).where('school_year', '=', year).executeTakeFirst();
  if (!set) return null;
  const outcomes = await db.selectFrom('annual_outcome').select(['id', 'position', 'kind', 'target', 'title', 'reason', 'source']).where('outcome_set_id', '=', set.id).orderBy('position').execute();
  return { version: set.version, status: set.status, outcomes: outcomes.map((o) => ({ id: o.id, position: o.position, kind: o.kind, target: o.target as OutcomeTarget, title: o.title, reason: o.reason, source: o.source })) };
}

/** The plan of a year as it is now, for a stale save to show (null when there is none). */
async function planNow(db: Db, schoolId: string, year: number) {
  const plan = await db.selectFrom('plan').select(['version', 'document']).where('school_id', '=', schoolId).where('school_year', '=', year).executeTakeFirst();
  return plan ? { version: plan.version, document: plan.document } : null;
}

/** Saves the draft outcomes of a year (creating the draft on first save); an approved set is locked. */
export async function saveOutcomes(db: Db, organizationId: string, schoolId: string, year: number, version: number | null, outcomes: OutcomeInput[], actorId: string) {
  checkOutcomes(outcomes);
  const school = await schoolOf(db, schoolId);
  await atomic(db, async (trx) => {
    let set = await trx.selectFrom('outcome_set').selectAll().where('school_id', '=', schoolId).where('school_year', '=', year).forUpdate().executeTakeFirst();
    if (set && set.status === 'approved') throw new AppError('conflict', `The outcomes for ${yearLabel(year)} are approved and locked; an organization admin can reopen them.`);
    if ((set?.version ?? null) !== version) throw stale('The outcomes', await outcomesNow(trx, schoolId, year));
    const before = set ? await trx.selectFrom('annual_outcome').select(['id', 'title']).where('outcome_set_id', '=', set.id).orderBy('position').execute() : [];
    if (!set) {
      // Two first saves at once: the later insert waits for the earlier one and then inserts nothing; its writer is
      // told, with the draft the other saved, exactly as a later stale save is.
      const created = await trx
        .insertInto('outcome_set')
        .values({ organization_id: organizationId, district_id: school.district_id, school_id: schoolId, school_year: year, created_by: actorId })
        .onConflict((oc) => oc.columns(['school_id', 'school_year']).doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!created) throw stale('The outcomes', await outcomesNow(trx, schoolId, year));
      set = created;
    } else await trx.updateTable('outcome_set').set({ version: set.version + 1, updated_at: new Date() }).where('id', '=', set.id).execute();
    const keep = outcomes.map((o) => o.id).filter((id): id is string => Boolean(id) && before.some((b) => b.id === id));
    await trx
      .deleteFrom('annual_outcome')
      .where('outcome_set_id', '=', set.id)
      .$if(keep.length > 0, (q) => q.where('id', 'not in', keep))
      .execute();
    for (const [i, o] of outcomes.entries()) {
      const values = { position: i + 1, kind: o.target.kind, target: JSON.stringify(o.target), title: o.title?.trim() || outcomeTitle(o.target), reason: o.reason ?? '', source: o.source };
      if (o.id && keep.includes(o.id)) await trx.updateTable('annual_outcome').set(values).where('id', '=', o.id).execute();
      else await trx.insertInto('annual_outcome').values({ ...values, outcome_set_id: set.id, district_id: school.district_id }).execute();
    }
    await recordAudit(trx, {
      organizationId,
      actorId,
      action: before.length || version !== null ? 'outcomes.update' : 'outcomes.create',
      objectKind: 'outcome_set',
      objectId: set.id,
      before: { outcomes: before.map((b) => b.title) },
      after: { outcomes: outcomes.map((o) => o.title?.trim() || outcomeTitle(o.target)) },
    });
  });
  return getOutcomes(db, schoolId, year);
}

export async function commentOnOutcomes(db: Db, organizationId: string, schoolId: string, year: number, outcomeId: string | null, body: string, actorId: string) {
  const set = await setFor(db, schoolId, year);
  if (!set) throw new AppError('conflict', `There is no draft of the outcomes for ${yearLabel(year)} yet.`);
  if (set.status === 'approved') throw new AppError('conflict', 'The outcomes are approved; comments are for drafts.');
  if (outcomeId && !(await db.selectFrom('annual_outcome').select('id').where('id', '=', outcomeId).where('outcome_set_id', '=', set.id).executeTakeFirst()))
    throw new AppError('invalid_input', 'That outcome is not in this draft.', [{ where: 'outcomeId', message: 'not in this draft' }]);
  await atomic(db, async (trx) => {
    const row = await trx.insertInto('outcome_comment').values({ outcome_set_id: set.id, district_id: set.district_id, outcome_id: outcomeId, person_id: actorId, body }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, { organizationId, actorId, action: 'outcomes.comment', objectKind: 'outcome_set', objectId: set.id, after: { commentId: row.id, outcomeId, body } });
  });
  return getOutcomes(db, schoolId, year);
}

/** Approves and locks the year's outcomes (3 to 6 of them) and starts the year's plan with a goal for each, if there is no plan yet. */
export async function approveOutcomes(db: Db, organizationId: string, schoolId: string, year: number, version: number, actorId: string) {
  await atomic(db, async (trx) => {
    // No key of the set changes: a plan saved at the same moment may still refer to it (its foreign key check
    // shares the row), so the two never wait on each other in a circle.
    const set = await trx.selectFrom('outcome_set').selectAll().where('school_id', '=', schoolId).where('school_year', '=', year).forNoKeyUpdate().executeTakeFirst();
    if (!set) throw new AppError('conflict', `There is no draft of the outcomes for ${yearLabel(year)} yet.`);
    if (set.status === 'approved') throw new AppError('conflict', 'These outcomes are already approved.');
    if (set.version !== version) throw stale('The outcomes', await outcomesNow(trx, schoolId, year));
    const outcomes = await trx.selectFrom('annual_outcome').selectAll().where('outcome_set_id', '=', set.id).orderBy('position').execute();
    if (outcomes.length < MIN_OUTCOMES || outcomes.length > MAX_OUTCOMES)
      throw new AppError('invalid_input', `A year's outcomes are ${MIN_OUTCOMES} to ${MAX_OUTCOMES}; this draft has ${outcomes.length}.`, [{ where: 'outcomes', message: `${MIN_OUTCOMES} to ${MAX_OUTCOMES} needed` }]);
    await trx.updateTable('outcome_set').set({ status: 'approved', approved_at: new Date(), approved_by: actorId, version: set.version + 1, updated_at: new Date() }).where('id', '=', set.id).execute();
    await recordAudit(trx, { organizationId, actorId, action: 'outcomes.approve', objectKind: 'outcome_set', objectId: set.id, before: { status: 'draft' }, after: { status: 'approved', outcomes: outcomes.map((o) => o.title) } });
    const linkPlan = () => trx.updateTable('plan').set({ outcome_set_id: set.id }).where('school_id', '=', schoolId).where('school_year', '=', year).execute();
    const plan = await trx.selectFrom('plan').select('id').where('school_id', '=', schoolId).where('school_year', '=', year).executeTakeFirst();
    if (plan) await linkPlan();
    else {
      const document: PlanSnapshot = {
        goals: outcomes.map((o) => ({ id: crypto.randomUUID(), title: o.title, outcomeId: o.id, target: o.target as OutcomeTarget, targetDate: `${year + 1}-06-15`, strategies: [] })),
      };
      const created = await trx
        .insertInto('plan')
        .values({ organization_id: organizationId, district_id: set.district_id, school_id: schoolId, school_year: year, outcome_set_id: set.id, document: JSON.stringify(document), created_by: actorId, updated_by: actorId })
        .onConflict((oc) => oc.columns(['school_id', 'school_year']).doNothing())
        .returning('id')
        .executeTakeFirst();
      // Someone saved the year's first plan meanwhile: it is kept, and answers to these outcomes.
      if (!created) await linkPlan();
      else await recordAudit(trx, { organizationId, actorId, action: 'plan.create', objectKind: 'plan', objectId: created.id, after: document });
    }
  });
  return getOutcomes(db, schoolId, year);
}

export async function reopenOutcomes(db: Db, organizationId: string, schoolId: string, year: number, reason: string, actorId: string) {
  await atomic(db, async (trx) => {
    const set = await trx.selectFrom('outcome_set').selectAll().where('school_id', '=', schoolId).where('school_year', '=', year).forUpdate().executeTakeFirst();
    if (!set) throw new AppError('conflict', `There are no outcomes for ${yearLabel(year)}.`);
    if (set.status !== 'approved') throw new AppError('conflict', 'These outcomes are already a draft.');
    await trx.updateTable('outcome_set').set({ status: 'draft', approved_at: null, approved_by: null, version: set.version + 1, updated_at: new Date() }).where('id', '=', set.id).execute();
    await recordAudit(trx, { organizationId, actorId, action: 'outcomes.reopen', objectKind: 'outcome_set', objectId: set.id, before: { status: 'approved' }, after: { status: 'draft', reason } });
  });
  return getOutcomes(db, schoolId, year);
}

// ---- Plans.

/** The observations goal progress is read from, for many schools at once. */
async function progressData(db: Db, plans: { school_id: string; school_year: number; document: unknown }[]) {
  const schoolIds = [...new Set(plans.map((p) => p.school_id))];
  const targets = plans.flatMap((p) => (p.document as PlanSnapshot).goals.map((g) => g.target).filter((t): t is OutcomeTarget => t !== null));
  const studentTargets = targets.filter((t): t is Extract<OutcomeTarget, { kind: 'student' }> => t.kind === 'student');
  const frameworks = [...new Set(targets.flatMap((t) => (t.kind === 'implementation' ? [t.frameworkId] : [])))];
  const years = plans.map((p) => p.school_year);
  // Only the rows a goal can read: its school, subject, grade and group, after its baseline and up to the end of its plan's year.
  const wanted = [
    ...new Map(
      plans.flatMap((p) =>
        (p.document as PlanSnapshot).goals.flatMap((g) =>
          g.target?.kind === 'student' ? [[`${p.school_id}|${g.target.subject}|${g.target.grade}|${g.target.group}|${g.target.baselineYear}|${p.school_year}`, { school: p.school_id, t: g.target, last: yearLabel(p.school_year) }] as const] : [],
        ),
      ),
    ).values(),
  ];
  const column = <T>(pick: (w: (typeof wanted)[number]) => T) => wanted.map(pick);
  const [results, reviews] = await Promise.all([
    wanted.length
      ? sql<{ school_id: string; year: string; subject: string; grade: string; student_group: string; tested: number | null; met_or_above: number | null; pct_met_or_above: string | null; suppressed: boolean }>`
          select e.school_id, r.year, r.subject, r.grade, r.student_group, r.tested, r.met_or_above, r.pct_met_or_above, r.suppressed
          from unnest(${column((w) => w.school)}::uuid[], ${column((w) => w.t.subject)}::text[], ${column((w) => w.t.grade)}::text[], ${column((w) => w.t.group)}::text[], ${column((w) => w.t.baselineYear)}::text[], ${column((w) => w.last)}::text[])
            as w(school_id, subject, grade, grp, after, last)
          join result_entity e on e.school_id = w.school_id
          join aggregate_result r on r.entity_id = e.id and r.assessment = 'smarter-balanced' and r.subject = w.subject and r.grade = w.grade
            and r.student_group = w.grp and r.year > w.after and r.year <= w.last`
          .execute(db)
          .then((r) => r.rows)
      : [],
    frameworks.length && schoolIds.length
      ? db
          .selectFrom('review')
          .select(['school_id', 'framework_id', 'title', 'starts_on', 'levels'])
          .where(sql<boolean>`school_id = any(${schoolIds}::uuid[])`)
          .where('framework_id', 'in', frameworks)
          .where('status', '=', 'finalized')
          .where('starts_on', '>=', yearStart(Math.min(...years)))
          .where('starts_on', '<', yearStart(Math.max(...years) + 1))
          .execute()
      : [],
  ]);
  const resultsOf = new Map<string, ResultObservation[]>();
  for (const r of results) {
    const k = `${r.school_id}|${r.subject}|${r.grade}|${r.student_group}`;
    const shown = showCounts(r, false);
    let list = resultsOf.get(k);
    if (!list) resultsOf.set(k, (list = []));
    list.push({ year: r.year, pctMetOrAbove: shown.pctMetOrAbove });
  }
  const reviewsOf = new Map<string, { title: string; starts_on: string; levels: Record<string, number> }[]>();
  for (const r of reviews) {
    const k = `${r.school_id}|${r.framework_id}`;
    let list = reviewsOf.get(k);
    if (!list) reviewsOf.set(k, (list = []));
    list.push(r);
  }
  return (schoolId: string, year: number, goal: PlanGoal): Progress | null => {
    const t = goal.target;
    if (!t) return null;
    if (t.kind === 'student') return goalProgress(t, { results: resultsOf.get(`${schoolId}|${t.subject}|${t.grade}|${t.group}`) ?? [], lastYear: yearLabel(year) });
    const ratings: RatingObservation[] = (reviewsOf.get(`${schoolId}|${t.frameworkId}`) ?? []).map((r) => ({ label: r.title, date: r.starts_on, level: r.levels[t.indicatorKey] ?? null }));
    return goalProgress(t, { ratings, baselineDate: yearStart(year), until: yearStart(year + 1) });
  };
}

async function planRow(db: Db, schoolId: string, year: number) {
  return db.selectFrom('plan').selectAll().where('school_id', '=', schoolId).where('school_year', '=', year).executeTakeFirst();
}

export async function getPlan(db: Db, schoolId: string, year: number) {
  const school = await schoolOf(db, schoolId);
  const plan = await planRow(db, schoolId, year);
  const outcomeSet = await setFor(db, schoolId, year);
  if (!plan)
    return {
      school: { id: school.id, name: school.name, districtId: school.district_id, districtName: school.district_name },
      schoolYear: year,
      yearLabel: yearLabel(year),
      outcomesStatus: outcomeSet?.status ?? null,
      plan: null,
      progress: {},
      status: 'no_data' as const,
      checkins: [],
      revisions: [],
      reflections: {},
    };
  const [progressOf, checkins, revisions, reflections, updatedBy] = await Promise.all([
    progressData(db, [plan]),
    db
      .selectFrom('plan_checkin as c')
      .leftJoin('person as p', 'p.id', 'c.created_by')
      .select(['c.id', 'c.goal_id', 'c.status', 'c.evidence', 'c.notes', 'c.checked_on', 'c.created_at', 'p.name as by'])
      .where('c.plan_id', '=', plan.id)
      .orderBy('c.checked_on', 'desc')
      .orderBy('c.created_at', 'desc')
      .execute(),
    db
      .selectFrom('plan_revision as r')
      .leftJoin('person as p', 'p.id', 'r.created_by')
      .select(['r.number', 'r.reason', 'r.created_at', 'r.plan_version', 'p.name as by'])
      .where('r.plan_id', '=', plan.id)
      .orderBy('r.number')
      .execute(),
    db.selectFrom('goal_reflection').selectAll().where('plan_id', '=', plan.id).execute(),
    plan.updated_by ? db.selectFrom('person').select('name').where('id', '=', plan.updated_by).executeTakeFirst() : undefined,
  ]);
  const document = plan.document as PlanSnapshot;
  const progress: Record<string, Progress> = {};
  for (const g of document.goals) {
    const p = progressOf(schoolId, year, g);
    if (p) progress[g.id] = p;
  }
  return {
    school: { id: school.id, name: school.name, districtId: school.district_id, districtName: school.district_name },
    schoolYear: year,
    yearLabel: yearLabel(year),
    outcomesStatus: outcomeSet?.status ?? null,
    plan: { id: plan.id, version: plan.version, document, updatedAt: plan.updated_at, updatedBy: updatedBy?.name ?? null },
    progress,
    status: planStatus(Object.values(progress).map((p) => p.status)),
    checkins: checkins.map((c) => ({ id: c.id, goalId: c.goal_id, status: c.status, evidence: c.evidence, notes: c.notes, checkedOn: c.checked_on, by: c.by })),
    revisions: revisions.map((r) => ({ number: r.number, reason: r.reason, createdAt: r.created_at, planVersion: r.plan_version, by: r.by })),
    reflections: Object.fromEntries(reflections.map((r) => [r.goal_id, { result: r.result, learned: r.learned, updatedAt: r.updated_at }])),
  };
}

function checkDocument(document: PlanSnapshot, outcomeIds: Set<string>) {
  const ids = new Set<string>();
  const unique = (id: string, where: string) => {
    if (ids.has(id)) throw new AppError('invalid_input', `${where} uses an id already used elsewhere in the plan.`, [{ where, message: 'duplicate id' }]);
    ids.add(id);
  };
  document.goals.forEach((g, gi) => {
    unique(g.id, `goals[${gi}].id`);
    if (g.outcomeId && !outcomeIds.has(g.outcomeId)) throw new AppError('invalid_input', `Goal ${gi + 1} is linked to an outcome that is not this year's.`, [{ where: `goals[${gi}].outcomeId`, message: 'not an outcome of this year' }]);
    g.strategies.forEach((s, si) => {
      unique(s.id, `goals[${gi}].strategies[${si}].id`);
      s.actions.forEach((a, ai) => {
        unique(a.id, `goals[${gi}].strategies[${si}].actions[${ai}].id`);
        if (a.startOn && a.dueOn && a.dueOn < a.startOn)
          throw new AppError('invalid_input', `Goal ${gi + 1} › Strategy ${si + 1} › Action ${ai + 1}: the due date is before the start date.`, [{ where: `goals[${gi}].strategies[${si}].actions[${ai}].dueOn`, message: `Goal ${gi + 1} › Strategy ${si + 1} › Action ${ai + 1}: the due date is before the start date` }]);
      });
    });
  });
}

/** Saves the whole plan; a stale version is refused with the plan as it now is, so the screen can show what changed. */
export async function savePlan(db: Db, organizationId: string, schoolId: string, year: number, version: number | null, document: PlanSnapshot, actorId: string) {
  const school = await schoolOf(db, schoolId);
  await atomic(db, async (trx) => {
    const plan = await trx.selectFrom('plan').selectAll().where('school_id', '=', schoolId).where('school_year', '=', year).forUpdate().executeTakeFirst();
    if ((plan?.version ?? null) !== version) throw stale('The plan', plan ? { version: plan.version, document: plan.document } : null);
    const set = await trx.selectFrom('outcome_set').select('id').where('school_id', '=', schoolId).where('school_year', '=', year).executeTakeFirst();
    const outcomeIds = new Set(set ? (await trx.selectFrom('annual_outcome').select('id').where('outcome_set_id', '=', set.id).execute()).map((o) => o.id) : []);
    checkDocument(document, outcomeIds);
    if (!plan) {
      // Two first saves at once: the later insert waits for the earlier one and then inserts nothing; its writer
      // is told, with the plan the other saved, exactly as a later stale save is.
      const created = await trx
        .insertInto('plan')
        .values({ organization_id: organizationId, district_id: school.district_id, school_id: schoolId, school_year: year, outcome_set_id: set?.id ?? null, document: JSON.stringify(document), created_by: actorId, updated_by: actorId })
        .onConflict((oc) => oc.columns(['school_id', 'school_year']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!created) throw stale('The plan', await planNow(trx, schoolId, year));
      await recordAudit(trx, { organizationId, actorId, action: 'plan.create', objectKind: 'plan', objectId: created.id, after: document });
    } else {
      await trx.updateTable('plan').set({ document: JSON.stringify(document), version: plan.version + 1, updated_by: actorId, updated_at: new Date() }).where('id', '=', plan.id).execute();
      await recordAudit(trx, { organizationId, actorId, action: 'plan.update', objectKind: 'plan', objectId: plan.id, before: plan.document, after: document });
    }
  });
  return getPlan(db, schoolId, year);
}

async function existingPlan(db: Db, schoolId: string, year: number) {
  const plan = await planRow(db, schoolId, year);
  if (!plan) throw new AppError('not_found', `There is no plan for ${yearLabel(year)} yet.`);
  return plan;
}

export async function addCheckin(db: Db, organizationId: string, schoolId: string, year: number, input: { goalId: string | null; status: 'on_track' | 'at_risk' | 'off_track'; evidence: string; notes: string; checkedOn: string }, actorId: string) {
  const plan = await existingPlan(db, schoolId, year);
  if (input.goalId && !(plan.document as PlanSnapshot).goals.some((g) => g.id === input.goalId))
    throw new AppError('invalid_input', 'That goal is not in the plan.', [{ where: 'goalId', message: 'not a goal of this plan' }]);
  const last = await db
    .selectFrom('plan_checkin')
    .select('status')
    .where('plan_id', '=', plan.id)
    .where('goal_id', input.goalId === null ? 'is' : '=', input.goalId)
    .orderBy('checked_on', 'desc')
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  const empty = emptyCheckinProblem(input, last?.status ?? null);
  if (empty) throw new AppError('invalid_input', empty, [{ where: 'evidence', message: empty }]);
  await atomic(db, async (trx) => {
    const row = await trx
      .insertInto('plan_checkin')
      .values({ plan_id: plan.id, district_id: plan.district_id, goal_id: input.goalId, status: input.status, evidence: input.evidence, notes: input.notes, checked_on: input.checkedOn, created_by: actorId })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { organizationId, actorId, action: 'plan.checkin', objectKind: 'plan', objectId: plan.id, after: { checkinId: row.id, ...input } });
  });
  return getPlan(db, schoolId, year);
}

/** Keeps the plan as it is now as a dated, numbered revision with its reason. */
export async function addRevision(db: Db, organizationId: string, schoolId: string, year: number, reason: string, actorId: string) {
  await atomic(db, async (trx) => {
    const plan = await trx.selectFrom('plan').selectAll().where('school_id', '=', schoolId).where('school_year', '=', year).forUpdate().executeTakeFirst();
    if (!plan) throw new AppError('not_found', `There is no plan for ${yearLabel(year)} yet.`);
    const last = await trx.selectFrom('plan_revision').select(sql<number>`coalesce(max(number), 0)`.as('n')).where('plan_id', '=', plan.id).executeTakeFirstOrThrow();
    const number = Number(last.n) + 1;
    await trx.insertInto('plan_revision').values({ plan_id: plan.id, district_id: plan.district_id, number, reason, document: JSON.stringify(plan.document), plan_version: plan.version, created_by: actorId }).execute();
    await recordAudit(trx, { organizationId, actorId, action: 'plan.revision', objectKind: 'plan', objectId: plan.id, after: { number, reason } });
  });
  return getPlan(db, schoolId, year);
}

/** What changed between two versions of a plan: revision numbers, or 'current' for the plan as it is now. */
export async function planChanges(db: Db, schoolId: string, year: number, from: number | 'current', to: number | 'current') {
  const plan = await existingPlan(db, schoolId, year);
  const version = async (v: number | 'current') => {
    if (v === 'current') return plan.document as PlanSnapshot;
    const r = await db.selectFrom('plan_revision').select('document').where('plan_id', '=', plan.id).where('number', '=', v).executeTakeFirst();
    if (!r) throw new AppError('not_found', `There is no revision ${v} of this plan.`);
    return r.document as PlanSnapshot;
  };
  return { from, to, changes: diffPlans(await version(from), await version(to)) };
}

export async function saveReflection(db: Db, organizationId: string, schoolId: string, year: number, goalId: string, input: { result: 'met' | 'partly' | 'not_met'; learned: string }, actorId: string) {
  const plan = await existingPlan(db, schoolId, year);
  if (!(plan.document as PlanSnapshot).goals.some((g) => g.id === goalId)) throw new AppError('invalid_input', 'That goal is not in the plan.', [{ where: 'goalId', message: 'not a goal of this plan' }]);
  await atomic(db, async (trx) => {
    const before = await trx.selectFrom('goal_reflection').selectAll().where('plan_id', '=', plan.id).where('goal_id', '=', goalId).executeTakeFirst();
    await trx
      .insertInto('goal_reflection')
      .values({ plan_id: plan.id, goal_id: goalId, district_id: plan.district_id, result: input.result, learned: input.learned, updated_by: actorId })
      .onConflict((oc) => oc.columns(['plan_id', 'goal_id']).doUpdateSet({ result: input.result, learned: input.learned, updated_by: actorId, updated_at: new Date() }))
      .execute();
    await recordAudit(trx, { organizationId, actorId, action: 'plan.reflection', objectKind: 'plan', objectId: plan.id, before: before ? { goalId, result: before.result, learned: before.learned } : undefined, after: { goalId, ...input } });
  });
  return getPlan(db, schoolId, year);
}

// ---- The network table.

export interface NetworkPlanQuery {
  organizationId: string;
  grants: readonly Grant[];
  year: number;
  district?: string;
  coach?: string;
  type?: 'implementation' | 'student';
}

export async function networkPlans(db: Db, q: NetworkPlanQuery) {
  const schools = await db
    .selectFrom('school')
    .innerJoin('district', 'district.id', 'school.district_id')
    .leftJoin(currentPartnership(db), (j) => j.onRef('partnership.school_id', '=', 'school.id'))
    .select(['school.id', 'school.name', 'district.id as district_id', 'district.name as district_name', 'partnership.support_level'])
    .where(visibleSchools(q.grants, q.organizationId))
    .$if(Boolean(q.district), (w) => w.where('school.district_id', '=', q.district!))
    .orderBy('school.name')
    .execute();
  const ids = schools.map((s) => s.id);
  const [sets, plans, coaches, checkins] = ids.length
    ? await Promise.all([
        // Each set with how many outcomes of each kind it has, in the same round as the plans.
        db
          .selectFrom('outcome_set')
          .select([
            'id',
            'school_id',
            'status',
            sql<number>`(select count(*) from annual_outcome o where o.outcome_set_id = outcome_set.id and o.kind = 'implementation')::int`.as('implementation'),
            sql<number>`(select count(*) from annual_outcome o where o.outcome_set_id = outcome_set.id and o.kind = 'student')::int`.as('student'),
          ])
          .where(sql<boolean>`school_id = any(${ids}::uuid[])`)
          .where('school_year', '=', q.year)
          .execute(),
        // Only each goal's id and target: the strategies and actions are not shown here.
        db
          .selectFrom('plan')
          .select([
            'id',
            'school_id',
            'school_year',
            sql<{ goals: PlanGoal[] }>`jsonb_build_object('goals', coalesce((select jsonb_agg(jsonb_build_object('id', g->'id', 'target', g->'target')) from jsonb_array_elements(document->'goals') g), '[]'::jsonb))`.as('document'),
          ])
          .where(sql<boolean>`school_id = any(${ids}::uuid[])`)
          .where('school_year', '=', q.year)
          .execute(),
        db
          .selectFrom('membership as m')
          .innerJoin('person as p', 'p.id', 'm.person_id')
          .select(['m.scope_id', 'p.id', 'p.name'])
          .where('m.role', '=', 'coach')
          .where('m.scope_kind', '=', 'school')
          .where(sql<boolean>`m.scope_id = any(${ids}::uuid[])`)
          .execute(),
        db
          .selectFrom('plan_checkin as c')
          .innerJoin('plan', 'plan.id', 'c.plan_id')
          .distinctOn('plan.school_id')
          .select(['plan.school_id', 'c.checked_on', 'c.status'])
          .where(sql<boolean>`plan.school_id = any(${ids}::uuid[])`)
          .where('plan.school_year', '=', q.year)
          .orderBy('plan.school_id')
          .orderBy('c.checked_on', 'desc')
          .orderBy('c.created_at', 'desc')
          .execute(),
      ])
    : [[], [], [], []];
  const progressOf = await progressData(db, plans);
  const group = <T, K>(items: readonly T[], keyOf: (t: T) => K) => {
    const m = new Map<K, T[]>();
    for (const item of items) {
      const k = keyOf(item);
      let list = m.get(k);
      if (!list) m.set(k, (list = []));
      list.push(item);
    }
    return m;
  };
  const setOf = new Map(sets.map((x) => [x.school_id, x]));
  const planOf = new Map(plans.map((x) => [x.school_id, x]));
  const coachesOf = group(coaches, (c) => c.scope_id);
  const lastCheckinOf = new Map<string, (typeof checkins)[number]>();
  for (const c of checkins) if (!lastCheckinOf.has(c.school_id)) lastCheckinOf.set(c.school_id, c);
  const rows = schools.map((s) => {
    const set = setOf.get(s.id);
    const plan = planOf.get(s.id);
    const goals = plan ? (plan.document as PlanSnapshot).goals : [];
    const statuses: ProgressStatus[] = goals.map((g) => progressOf(s.id, q.year, g)?.status ?? 'no_data');
    const count = (st: ProgressStatus) => statuses.filter((x) => x === st).length;
    const last = lastCheckinOf.get(s.id);
    return {
      id: s.id,
      name: s.name,
      district: { id: s.district_id, name: s.district_name },
      coaches: (coachesOf.get(s.id) ?? []).map((c) => ({ id: c.id, name: c.name })),
      outcomes: { status: set?.status ?? null, implementation: set?.implementation ?? 0, student: set?.student ?? 0 },
      goals: { total: goals.length, met: count('met'), onTrack: count('on_track'), atRisk: count('at_risk'), offTrack: count('off_track'), noData: count('no_data') },
      status: plan ? planStatus(statuses) : ('no_data' as const),
      hasPlan: Boolean(plan),
      lastCheckin: last ? { on: last.checked_on, status: last.status } : null,
    };
  });
  // A school without a partnership (a comparison school) is listed only once it has outcomes or a plan;
  // the others are counted, so none goes missing unsaid.
  const partnered = new Set(schools.filter((s) => s.support_level !== null).map((s) => s.id));
  const listed = rows.filter((r) => partnered.has(r.id) || r.outcomes.status !== null || r.hasPlan);
  const filtered = listed.filter((r) => (!q.coach || r.coaches.some((c) => c.id === q.coach)) && (!q.type || r.outcomes[q.type] > 0));
  const coachList = [...new Map(coaches.map((c) => [c.id, c.name])).entries()].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
  return { year: q.year, yearLabel: yearLabel(q.year), coaches: coachList, schools: filtered, unlistedWithoutPartnership: rows.length - listed.length };
}
