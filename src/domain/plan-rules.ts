// The rules a year's outcomes and plan are held to before they are kept: how many outcomes, no outcome twice, targets
// above baselines, ids unique in a plan, goals linked to the year's outcomes, and what approving starts.
import { AppError } from './errors';
import { MAX_OUTCOMES, MIN_OUTCOMES, outcomeKey, type OutcomeTarget } from './outcomes';
import type { PlanSnapshot } from './plan-versions';

export interface OutcomeInput {
  id?: string;
  target: OutcomeTarget;
  title?: string;
  reason?: string;
  source: 'review' | 'results' | 'reflection' | 'team';
}

/** Refuses a draft with too many outcomes, one outcome twice, or a target not above its baseline. */
export function checkOutcomes(outcomes: readonly OutcomeInput[]) {
  if (outcomes.length > MAX_OUTCOMES)
    throw new AppError('invalid_input', `A year has at most ${MAX_OUTCOMES} outcomes; this draft has ${outcomes.length}.`, [
      { where: 'outcomes', message: `at most ${MAX_OUTCOMES}` },
    ]);
  const keys = new Set<string>();
  outcomes.forEach((o, i) => {
    // The same indicator, or the same subject, grade and group, twice is one outcome with two targets.
    const key = outcomeKey(o.target);
    if (keys.has(key))
      throw new AppError('invalid_input', `Outcome ${i + 1} repeats an earlier one.`, [{ where: `outcomes[${i}]`, message: 'repeats an earlier outcome' }]);
    keys.add(key);
    if (o.target.kind === 'student' && o.target.target <= o.target.baseline)
      throw new AppError('invalid_input', `Outcome ${i + 1}: the target must be above the baseline.`, [
        { where: `outcomes[${i}].target.target`, message: 'must be above the baseline' },
      ]);
    if (o.target.kind === 'implementation' && o.target.baselineLevel !== null && o.target.targetLevel <= o.target.baselineLevel)
      throw new AppError('invalid_input', `Outcome ${i + 1}: the target level must be above the current level.`, [
        { where: `outcomes[${i}].target.targetLevel`, message: 'must be above the current level' },
      ]);
  });
}

/** Only a draft of 3 to 6 outcomes may be approved. */
export function checkApprovable(count: number) {
  if (count < MIN_OUTCOMES || count > MAX_OUTCOMES)
    throw new AppError('invalid_input', `A year's outcomes are ${MIN_OUTCOMES} to ${MAX_OUTCOMES}; this draft has ${count}.`, [
      { where: 'outcomes', message: `${MIN_OUTCOMES} to ${MAX_OUTCOMES} needed` },
    ]);
}

/** A save over a version someone else saved first: refused, carrying what is there now so the screen can show it. */
export function stale(what: string, current: unknown): AppError {
  return new AppError('stale_version', `${what} changed since you opened it. Your change was not saved; see what changed, then try again.`, [], { current });
}

/** The plan approving a year's outcomes starts: a goal for each outcome, due in mid-June of the year. */
export function firstPlanOf(
  outcomes: readonly { id: string; title: string; target: OutcomeTarget }[],
  year: number,
  newId: () => string = () => crypto.randomUUID(),
): PlanSnapshot {
  return { goals: outcomes.map((o) => ({ id: newId(), title: o.title, outcomeId: o.id, target: o.target, targetDate: `${year + 1}-06-15`, strategies: [] })) };
}

/** Refuses a plan whose ids repeat, whose goals name an outcome of another year, or whose actions end before they start. */
export function checkPlanDocument(document: PlanSnapshot, outcomeIds: ReadonlySet<string>) {
  const ids = new Set<string>();
  const unique = (id: string, where: string) => {
    if (ids.has(id)) throw new AppError('invalid_input', `${where} uses an id already used elsewhere in the plan.`, [{ where, message: 'duplicate id' }]);
    ids.add(id);
  };
  document.goals.forEach((g, gi) => {
    unique(g.id, `goals[${gi}].id`);
    if (g.outcomeId && !outcomeIds.has(g.outcomeId))
      throw new AppError('invalid_input', `Goal ${gi + 1} is linked to an outcome that is not this year's.`, [
        { where: `goals[${gi}].outcomeId`, message: 'not an outcome of this year' },
      ]);
    g.strategies.forEach((s, si) => {
      unique(s.id, `goals[${gi}].strategies[${si}].id`);
      s.actions.forEach((a, ai) => {
        unique(a.id, `goals[${gi}].strategies[${si}].actions[${ai}].id`);
        if (a.startOn && a.dueOn && a.dueOn < a.startOn) {
          const where = `Goal ${gi + 1} › Strategy ${si + 1} › Action ${ai + 1}: the due date is before the start date`;
          throw new AppError('invalid_input', `${where}.`, [{ where: `goals[${gi}].strategies[${si}].actions[${ai}].dueOn`, message: where }]);
        }
      });
    });
  });
}

/** Check-ins and reflections name a goal of the plan they are for. */
export function checkGoalOfPlan(document: PlanSnapshot, goalId: string) {
  if (!document.goals.some((g) => g.id === goalId))
    throw new AppError('invalid_input', 'That goal is not in the plan.', [{ where: 'goalId', message: 'not a goal of this plan' }]);
}
