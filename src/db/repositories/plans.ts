// A school's living plan in the database: the plan of a year with its check-ins, revisions and reflections, and the
// writes that save it with a version check, record a check-in, keep a revision and save a reflection, audited.
import { sql, type Kysely } from 'kysely';
import { emptyCheckinProblem, type CheckinStatus } from '../../domain/checkins';
import { AppError } from '../../domain/errors';
import { schoolYearLabel as yearLabel } from '../../domain/school-year';
import type { PlanSnapshot } from '../../domain/plan-versions';
import { checkGoalOfPlan, checkPlanDocument, stale } from '../../domain/plan-rules';
import { atomic } from '../atomic';
import type { Database } from '../schema';
import { recordAudit } from './audit';
import { outcomesStatus, planSchool } from './outcomes';
import { goalProgressOf } from './plan-progress';

type Db = Kysely<Database>;

export async function planRow(db: Db, schoolId: string, year: number) {
  return db.selectFrom('plan').selectAll().where('school_id', '=', schoolId).where('school_year', '=', year).executeTakeFirst();
}

async function existingPlan(db: Db, schoolId: string, year: number) {
  const plan = await planRow(db, schoolId, year);
  if (!plan) throw new AppError('not_found', `There is no plan for ${yearLabel(year)} yet.`);
  return { ...plan, document: plan.document as PlanSnapshot };
}

/** A school's plan of a year (null before the first save) with what it is read with: progress, check-ins, revisions, reflections. */
export async function planOf(db: Db, schoolId: string, year: number) {
  const [school, row, status] = await Promise.all([planSchool(db, schoolId), planRow(db, schoolId, year), outcomesStatus(db, schoolId, year)]);
  const base = { school, year, outcomesStatus: status };
  if (!row) return { ...base, plan: null, progressOf: null, checkins: [], revisions: [], reflections: [] };
  const plan = { ...row, document: row.document as PlanSnapshot };
  const [progressOf, checkins, revisions, reflections, updatedBy] = await Promise.all([
    goalProgressOf(db, [plan]),
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
    db.selectFrom('goal_reflection').select(['goal_id', 'result', 'learned', 'updated_at']).where('plan_id', '=', plan.id).execute(),
    plan.updated_by ? db.selectFrom('person').select('name').where('id', '=', plan.updated_by).executeTakeFirst() : undefined,
  ]);
  return { ...base, plan: { ...plan, updated_by_name: updatedBy?.name ?? null }, progressOf, checkins, revisions, reflections };
}
export type PlanRows = Awaited<ReturnType<typeof planOf>>;

/** The plan of a year as it is now, for a stale save to show (null when there is none). */
async function planNow(db: Db, schoolId: string, year: number) {
  const plan = await planRow(db, schoolId, year);
  return plan ? { version: plan.version, document: plan.document as PlanSnapshot } : null;
}

/** Saves the whole plan; a stale version is refused with the plan as it now is, so the screen can show what changed. */
export async function savePlan(
  db: Db,
  organizationId: string,
  schoolId: string,
  year: number,
  version: number | null,
  document: PlanSnapshot,
  actorId: string,
) {
  const school = await planSchool(db, schoolId);
  await atomic(db, async (trx) => {
    const plan = await trx.selectFrom('plan').selectAll().where('school_id', '=', schoolId).where('school_year', '=', year).forUpdate().executeTakeFirst();
    if ((plan?.version ?? null) !== version) throw stale('The plan', plan ? { version: plan.version, document: plan.document } : null);
    const set = await trx.selectFrom('outcome_set').select('id').where('school_id', '=', schoolId).where('school_year', '=', year).executeTakeFirst();
    const outcomeIds = new Set(
      set ? (await trx.selectFrom('annual_outcome').select('id').where('outcome_set_id', '=', set.id).execute()).map((o) => o.id) : [],
    );
    checkPlanDocument(document, outcomeIds);
    if (!plan) {
      // Two first saves at once: the later insert waits for the earlier one and then inserts nothing; its writer
      // is told, with the plan the other saved, exactly as a later stale save is.
      const created = await trx
        .insertInto('plan')
        .values({
          organization_id: organizationId,
          district_id: school.district_id,
          school_id: schoolId,
          school_year: year,
          outcome_set_id: set?.id ?? null,
          document: JSON.stringify(document),
          created_by: actorId,
          updated_by: actorId,
        })
        .onConflict((oc) => oc.columns(['school_id', 'school_year']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!created) throw stale('The plan', await planNow(trx, schoolId, year));
      await recordAudit(trx, { organizationId, actorId, action: 'plan.create', objectKind: 'plan', objectId: created.id, after: document });
    } else {
      await trx
        .updateTable('plan')
        .set({ document: JSON.stringify(document), version: plan.version + 1, updated_by: actorId, updated_at: new Date() })
        .where('id', '=', plan.id)
        .execute();
      await recordAudit(trx, { organizationId, actorId, action: 'plan.update', objectKind: 'plan', objectId: plan.id, before: plan.document, after: document });
    }
  });
}

export interface CheckinInput {
  goalId: string | null;
  status: CheckinStatus;
  evidence: string;
  notes: string;
  checkedOn: string;
}

/** Records the team's reading of a goal (or of the whole plan); one that adds nothing to the last is refused. */
export async function addCheckin(db: Db, organizationId: string, schoolId: string, year: number, input: CheckinInput, actorId: string) {
  const plan = await existingPlan(db, schoolId, year);
  if (input.goalId) checkGoalOfPlan(plan.document, input.goalId);
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
      .values({
        plan_id: plan.id,
        district_id: plan.district_id,
        goal_id: input.goalId,
        status: input.status,
        evidence: input.evidence,
        notes: input.notes,
        checked_on: input.checkedOn,
        created_by: actorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { organizationId, actorId, action: 'plan.checkin', objectKind: 'plan', objectId: plan.id, after: { checkinId: row.id, ...input } });
  });
}

/** Keeps the plan as it is now as a dated, numbered revision with its reason. */
export async function addRevision(db: Db, organizationId: string, schoolId: string, year: number, reason: string, actorId: string) {
  await atomic(db, async (trx) => {
    const plan = await trx.selectFrom('plan').selectAll().where('school_id', '=', schoolId).where('school_year', '=', year).forUpdate().executeTakeFirst();
    if (!plan) throw new AppError('not_found', `There is no plan for ${yearLabel(year)} yet.`);
    const last = await trx
      .selectFrom('plan_revision')
      .select(sql<number>`coalesce(max(number), 0)`.as('n'))
      .where('plan_id', '=', plan.id)
      .executeTakeFirstOrThrow();
    const number = Number(last.n) + 1;
    await trx
      .insertInto('plan_revision')
      .values({
        plan_id: plan.id,
        district_id: plan.district_id,
        number,
        reason,
        document: JSON.stringify(plan.document),
        plan_version: plan.version,
        created_by: actorId,
      })
      .execute();
    await recordAudit(trx, { organizationId, actorId, action: 'plan.revision', objectKind: 'plan', objectId: plan.id, after: { number, reason } });
  });
}

/** A version of a year's plan: a revision's number, or 'current' for the plan as it is now. */
export async function planVersions(db: Db, schoolId: string, year: number, versions: readonly (number | 'current')[]): Promise<PlanSnapshot[]> {
  const plan = await existingPlan(db, schoolId, year);
  return Promise.all(
    versions.map(async (v) => {
      if (v === 'current') return plan.document;
      const r = await db.selectFrom('plan_revision').select('document').where('plan_id', '=', plan.id).where('number', '=', v).executeTakeFirst();
      if (!r) throw new AppError('not_found', `There is no revision ${v} of this plan.`);
      return r.document as PlanSnapshot;
    }),
  );
}

/** The team's end-of-year reflection on a goal: met or not, and what they learned. */
export async function saveReflection(
  db: Db,
  organizationId: string,
  schoolId: string,
  year: number,
  goalId: string,
  input: { result: 'met' | 'partly' | 'not_met'; learned: string },
  actorId: string,
) {
  const plan = await existingPlan(db, schoolId, year);
  checkGoalOfPlan(plan.document, goalId);
  await atomic(db, async (trx) => {
    const before = await trx.selectFrom('goal_reflection').selectAll().where('plan_id', '=', plan.id).where('goal_id', '=', goalId).executeTakeFirst();
    await trx
      .insertInto('goal_reflection')
      .values({ plan_id: plan.id, goal_id: goalId, district_id: plan.district_id, result: input.result, learned: input.learned, updated_by: actorId })
      .onConflict((oc) =>
        oc.columns(['plan_id', 'goal_id']).doUpdateSet({ result: input.result, learned: input.learned, updated_by: actorId, updated_at: new Date() }),
      )
      .execute();
    await recordAudit(trx, {
      organizationId,
      actorId,
      action: 'plan.reflection',
      objectKind: 'plan',
      objectId: plan.id,
      before: before ? { goalId, result: before.result, learned: before.learned } : undefined,
      after: { goalId, ...input },
    });
  });
}
