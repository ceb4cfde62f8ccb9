// A school's annual outcomes in the database: the evidence proposals come from, the year's set with its outcomes and
// comments, and the writes that save a draft, comment on it, approve it (starting the plan) and reopen it, audited.
import { sql, type Kysely } from 'kysely';
import { AppError, notFound } from '../../domain/errors';
import type { Framework } from '../../domain/framework';
import { schoolYearLabel as yearLabel, schoolYearStart } from '../../domain/school-year';
import { outcomeTitle, type OutcomeTarget, type ReflectionSeed, type ResultEvidence, type ReviewEvidence } from '../../domain/outcomes';
import type { PlanSnapshot } from '../../domain/plan-versions';
import { checkApprovable, checkOutcomes, firstPlanOf, stale, type OutcomeInput } from '../../domain/plan-rules';
import { showCounts } from '../../domain/results';
import { studentGroupLabel } from '../../importers/student-groups';
import { atomic } from '../atomic';
import type { Database } from '../schema';
import { recordAudit } from './audit';

type Db = Kysely<Database>;

/** The school an outcomes or plan page is about, with its district. */
export async function planSchool(db: Db, schoolId: string) {
  const s = await db
    .selectFrom('school')
    .innerJoin('district', 'district.id', 'school.district_id')
    .select(['school.id', 'school.name', 'school.district_id', 'district.name as district_name'])
    .where('school.id', '=', schoolId)
    .executeTakeFirst();
  if (!s) throw notFound('The school');
  return s;
}

/** The organization's name, and whether it is the demo, for a printed page. */
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
    .where('review.starts_on', '<', schoolYearStart(year + 1));
  if (frameworkKey) q = q.where('framework.key', '=', frameworkKey);
  const review = await q.orderBy('review.starts_on', 'desc').limit(1).executeTakeFirst();
  if (!review) return null;
  const framework = review.document as Framework;
  const evidence: ReviewEvidence = {
    reviewId: review.id,
    reviewTitle: review.title,
    frameworkId: review.framework_id,
    levels: framework.levels.map((l) => ({ value: l.value, label: l.label })),
    indicators: framework.domains.flatMap((d) =>
      d.indicators.map((i) => ({ key: i.key, name: i.name, domainName: d.name, equity: i.tags.includes('equity') })),
    ),
    ratedLevels: review.levels,
    focusIndicators: review.focus_indicators,
  };
  return { evidence, startsOn: review.starts_on };
}

/** All-grade results of the latest year for a school, every group, as anyone reading the plan sees them. */
async function latestResults(db: Db, schoolId: string): Promise<ResultEvidence | null> {
  const rows = await db
    .selectFrom('aggregate_result as r')
    .innerJoin('result_entity as e', 'e.id', 'r.entity_id')
    .select(['r.year', 'r.subject', 'r.grade', 'r.student_group', 'r.tested', 'r.met_or_above', 'r.pct_met_or_above', 'r.suppressed', 'r.assessment'])
    .where('e.school_id', '=', schoolId)
    .where('r.grade', '=', 'all')
    .where('r.assessment', '=', 'smarter-balanced')
    .execute();
  const year = rows
    .map((r) => r.year)
    .sort()
    .pop();
  if (!year) return null;
  return {
    year,
    rows: rows
      .filter((r) => r.year === year)
      .map((r) => {
        const shown = showCounts(r, false);
        return {
          subject: r.subject,
          grade: r.grade,
          group: r.student_group,
          groupLabel: studentGroupLabel(r.student_group),
          tested: shown.tested,
          pctMetOrAbove: shown.pctMetOrAbove,
        };
      }),
  };
}

/** Last year's reflections on goals with a measure, to propose again what was not fully met. */
async function reflectionSeeds(db: Db, schoolId: string, year: number): Promise<ReflectionSeed[]> {
  const plan = await db
    .selectFrom('plan')
    .select(['id', 'document'])
    .where('school_id', '=', schoolId)
    .where('school_year', '=', year - 1)
    .executeTakeFirst();
  if (!plan) return [];
  const goals = (plan.document as PlanSnapshot).goals;
  const reflections = await db.selectFrom('goal_reflection').selectAll().where('plan_id', '=', plan.id).execute();
  return reflections.flatMap((r) => {
    const goal = goals.find((g) => g.id === r.goal_id);
    return goal?.target ? [{ goalTitle: goal.title, target: goal.target, result: r.result, learned: r.learned }] : [];
  });
}

/** What a year's proposals are made from: the latest review, the latest results and last year's reflections. */
export async function proposalEvidence(db: Db, schoolId: string, year: number) {
  const [review, results, reflections] = await Promise.all([
    latestReview(db, schoolId, year),
    latestResults(db, schoolId),
    reflectionSeeds(db, schoolId, year),
  ]);
  return { review, results, reflections };
}
export type ProposalEvidence = Awaited<ReturnType<typeof proposalEvidence>>;

// ---- Outcome sets.

async function setFor(db: Db, schoolId: string, year: number) {
  return db.selectFrom('outcome_set').selectAll().where('school_id', '=', schoolId).where('school_year', '=', year).executeTakeFirst();
}

/** The status of a year's outcomes, or null before the first draft. */
export async function outcomesStatus(db: Db, schoolId: string, year: number) {
  const set = await db.selectFrom('outcome_set').select('status').where('school_id', '=', schoolId).where('school_year', '=', year).executeTakeFirst();
  return set?.status ?? null;
}

const outcomeColumns = ['id', 'position', 'kind', 'target', 'title', 'reason', 'source'] as const;
/** An outcome as stored, its target read as the domain's. */
const outcomeOf = <T extends { target: unknown }>(o: T) => ({ ...o, target: o.target as OutcomeTarget });

/** A school's outcomes of a year: the set (null before the first draft), its outcomes and comments, and for a draft the evidence for proposals. */
export async function outcomesOf(db: Db, schoolId: string, year: number) {
  const school = await planSchool(db, schoolId);
  const set = await setFor(db, schoolId, year);
  const [outcomes, comments, approver] = set
    ? await Promise.all([
        db.selectFrom('annual_outcome').select(outcomeColumns).where('outcome_set_id', '=', set.id).orderBy('position').execute(),
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
  const evidence = !set || set.status === 'draft' ? await proposalEvidence(db, schoolId, year) : null;
  return { school, year, set: set ? { ...set, approved_by_name: approver?.name ?? null } : null, outcomes: outcomes.map(outcomeOf), comments, evidence };
}
export type OutcomesRows = Awaited<ReturnType<typeof outcomesOf>>;

/** The outcomes of a year as they are now, for a stale save to show (null when there is no draft yet). */
async function outcomesNow(db: Db, schoolId: string, year: number) {
  const set = await db
    .selectFrom('outcome_set')
    .select(['id', 'status', 'version'])
    .where('school_id', '=', schoolId)
    .where('school_year', '=', year)
    .executeTakeFirst();
  if (!set) return null;
  const outcomes = await db.selectFrom('annual_outcome').select(outcomeColumns).where('outcome_set_id', '=', set.id).orderBy('position').execute();
  return { version: set.version, status: set.status, outcomes: outcomes.map(outcomeOf) };
}

/** Saves the draft outcomes of a year (creating the draft on first save); an approved set is locked. */
export async function saveOutcomes(
  db: Db,
  organizationId: string,
  schoolId: string,
  year: number,
  version: number | null,
  outcomes: OutcomeInput[],
  actorId: string,
) {
  checkOutcomes(outcomes);
  const school = await planSchool(db, schoolId);
  await atomic(db, async (trx) => {
    let set = await trx.selectFrom('outcome_set').selectAll().where('school_id', '=', schoolId).where('school_year', '=', year).forUpdate().executeTakeFirst();
    if (set && set.status === 'approved')
      throw new AppError('conflict', `The outcomes for ${yearLabel(year)} are approved and locked; an organization admin can reopen them.`);
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
    } else
      await trx
        .updateTable('outcome_set')
        .set({ version: set.version + 1, updated_at: new Date() })
        .where('id', '=', set.id)
        .execute();
    const keep = outcomes.map((o) => o.id).filter((id): id is string => Boolean(id) && before.some((b) => b.id === id));
    await trx
      .deleteFrom('annual_outcome')
      .where('outcome_set_id', '=', set.id)
      .$if(keep.length > 0, (q) => q.where('id', 'not in', keep))
      .execute();
    for (const [i, o] of outcomes.entries()) {
      const values = {
        position: i + 1,
        kind: o.target.kind,
        target: JSON.stringify(o.target),
        title: o.title?.trim() || outcomeTitle(o.target),
        reason: o.reason ?? '',
        source: o.source,
      };
      if (o.id && keep.includes(o.id)) await trx.updateTable('annual_outcome').set(values).where('id', '=', o.id).execute();
      else
        await trx
          .insertInto('annual_outcome')
          .values({ ...values, outcome_set_id: set.id, district_id: school.district_id })
          .execute();
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
}

/** A comment on a draft, on one of its outcomes or on the whole set. */
export async function commentOnOutcomes(
  db: Db,
  organizationId: string,
  schoolId: string,
  year: number,
  outcomeId: string | null,
  body: string,
  actorId: string,
) {
  const set = await setFor(db, schoolId, year);
  if (!set) throw new AppError('conflict', `There is no draft of the outcomes for ${yearLabel(year)} yet.`);
  if (set.status === 'approved') throw new AppError('conflict', 'The outcomes are approved; comments are for drafts.');
  if (outcomeId && !(await db.selectFrom('annual_outcome').select('id').where('id', '=', outcomeId).where('outcome_set_id', '=', set.id).executeTakeFirst()))
    throw new AppError('invalid_input', 'That outcome is not in this draft.', [{ where: 'outcomeId', message: 'not in this draft' }]);
  await atomic(db, async (trx) => {
    const row = await trx
      .insertInto('outcome_comment')
      .values({ outcome_set_id: set.id, district_id: set.district_id, outcome_id: outcomeId, person_id: actorId, body })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId,
      actorId,
      action: 'outcomes.comment',
      objectKind: 'outcome_set',
      objectId: set.id,
      after: { commentId: row.id, outcomeId, body },
    });
  });
}

/** Approves and locks the year's outcomes (3 to 6 of them) and starts the year's plan with a goal for each, if there is no plan yet. */
export async function approveOutcomes(db: Db, organizationId: string, schoolId: string, year: number, version: number, actorId: string) {
  await atomic(db, async (trx) => {
    // No key of the set changes: a plan saved at the same moment may still refer to it (its foreign key check
    // shares the row), so the two never wait on each other in a circle.
    const set = await trx
      .selectFrom('outcome_set')
      .selectAll()
      .where('school_id', '=', schoolId)
      .where('school_year', '=', year)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (!set) throw new AppError('conflict', `There is no draft of the outcomes for ${yearLabel(year)} yet.`);
    if (set.status === 'approved') throw new AppError('conflict', 'These outcomes are already approved.');
    if (set.version !== version) throw stale('The outcomes', await outcomesNow(trx, schoolId, year));
    const outcomes = (await trx.selectFrom('annual_outcome').select(outcomeColumns).where('outcome_set_id', '=', set.id).orderBy('position').execute()).map(
      outcomeOf,
    );
    checkApprovable(outcomes.length);
    await trx
      .updateTable('outcome_set')
      .set({ status: 'approved', approved_at: new Date(), approved_by: actorId, version: set.version + 1, updated_at: new Date() })
      .where('id', '=', set.id)
      .execute();
    await recordAudit(trx, {
      organizationId,
      actorId,
      action: 'outcomes.approve',
      objectKind: 'outcome_set',
      objectId: set.id,
      before: { status: 'draft' },
      after: { status: 'approved', outcomes: outcomes.map((o) => o.title) },
    });
    const linkPlan = () => trx.updateTable('plan').set({ outcome_set_id: set.id }).where('school_id', '=', schoolId).where('school_year', '=', year).execute();
    const plan = await trx.selectFrom('plan').select('id').where('school_id', '=', schoolId).where('school_year', '=', year).executeTakeFirst();
    if (plan) await linkPlan();
    else {
      const document = firstPlanOf(outcomes, year);
      const created = await trx
        .insertInto('plan')
        .values({
          organization_id: organizationId,
          district_id: set.district_id,
          school_id: schoolId,
          school_year: year,
          outcome_set_id: set.id,
          document: JSON.stringify(document),
          created_by: actorId,
          updated_by: actorId,
        })
        .onConflict((oc) => oc.columns(['school_id', 'school_year']).doNothing())
        .returning('id')
        .executeTakeFirst();
      // Someone saved the year's first plan meanwhile: it is kept, and answers to these outcomes.
      if (!created) await linkPlan();
      else await recordAudit(trx, { organizationId, actorId, action: 'plan.create', objectKind: 'plan', objectId: created.id, after: document });
    }
  });
}

/** Turns approved outcomes back into a draft, with the reason kept in the audit. */
export async function reopenOutcomes(db: Db, organizationId: string, schoolId: string, year: number, reason: string, actorId: string) {
  await atomic(db, async (trx) => {
    const set = await trx
      .selectFrom('outcome_set')
      .selectAll()
      .where('school_id', '=', schoolId)
      .where('school_year', '=', year)
      .forUpdate()
      .executeTakeFirst();
    if (!set) throw new AppError('conflict', `There are no outcomes for ${yearLabel(year)}.`);
    if (set.status !== 'approved') throw new AppError('conflict', 'These outcomes are already a draft.');
    await trx
      .updateTable('outcome_set')
      .set({ status: 'draft', approved_at: null, approved_by: null, version: set.version + 1, updated_at: new Date() })
      .where('id', '=', set.id)
      .execute();
    await recordAudit(trx, {
      organizationId,
      actorId,
      action: 'outcomes.reopen',
      objectKind: 'outcome_set',
      objectId: set.id,
      before: { status: 'approved' },
      after: { status: 'draft', reason },
    });
  });
}
