import { describe, expect, it } from 'vitest';
import type { AppError } from './errors';
import type { StudentTarget } from './outcomes';
import type { PlanSnapshot } from './plan-versions';
import { checkApprovable, checkOutcomes, checkPlanDocument, firstPlanOf } from './plan-rules';

const student = (group: string, baseline = 20, target = 26): StudentTarget => ({
  kind: 'student',
  subject: 'ela',
  grade: 'all',
  group,
  groupLabel: group,
  metric: 'pct_met_or_above',
  baseline,
  baselineYear: '2025-26',
  target,
});
const refusal = (work: () => void) => {
  try {
    work();
  } catch (error) {
    return { message: (error as AppError).message, where: (error as AppError).details[0]?.where };
  }
  return null;
};

describe('the rules a year of outcomes is held to', () => {
  it('refuses an outcome twice, a target not above its baseline, and more than six', () => {
    expect(
      refusal(() =>
        checkOutcomes([
          { target: student('el'), source: 'team' },
          { target: student('el', 10, 30), source: 'results' },
        ]),
      ),
    ).toEqual({ message: 'Outcome 2 repeats an earlier one.', where: 'outcomes[1]' });
    expect(refusal(() => checkOutcomes([{ target: student('el', 30, 30), source: 'team' }]))).toEqual({
      message: 'Outcome 1: the target must be above the baseline.',
      where: 'outcomes[0].target.target',
    });
    expect(refusal(() => checkOutcomes(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((g) => ({ target: student(g), source: 'team' as const }))))?.message).toBe(
      'A year has at most 6 outcomes; this draft has 7.',
    );
    expect(refusal(() => checkOutcomes([{ target: student('el'), source: 'team' }]))).toBeNull();
  });

  it('approves 3 to 6 outcomes only', () => {
    expect(refusal(() => checkApprovable(2))?.message).toBe("A year's outcomes are 3 to 6; this draft has 2.");
    expect(refusal(() => checkApprovable(3))).toBeNull();
  });

  it('starts the plan with a goal for each approved outcome, due in mid-June', () => {
    let n = 0;
    const plan = firstPlanOf([{ id: 'o1', title: 'English learners, ELA', target: student('el') }], 2026, () => `g${++n}`);
    expect(plan.goals).toEqual([
      { id: 'g1', title: 'English learners, ELA', outcomeId: 'o1', target: student('el'), targetDate: '2027-06-15', strategies: [] },
    ]);
  });
});

describe('the rules a plan is held to', () => {
  const action = { id: 'a1', title: 'Tutoring', owner: '', startOn: '2026-09-01', dueOn: '2026-10-01', status: 'not_started' };
  const plan = (change: (p: PlanSnapshot) => void = () => {}): PlanSnapshot => {
    const p: PlanSnapshot = {
      goals: [
        {
          id: 'g1',
          title: 'Reading',
          outcomeId: 'o1',
          target: null,
          targetDate: null,
          strategies: [{ id: 's1', title: 'Small groups', actions: [{ ...action }] }],
        },
      ],
    };
    change(p);
    return p;
  };

  it('takes a plan whose ids are unique and whose goals answer to this year', () => {
    expect(refusal(() => checkPlanDocument(plan(), new Set(['o1'])))).toBeNull();
  });

  it('refuses an id used twice, an outcome of another year, and an action due before it starts', () => {
    expect(
      refusal(() =>
        checkPlanDocument(
          plan((p) => (p.goals[0]!.strategies[0]!.id = 'g1')),
          new Set(['o1']),
        ),
      )?.where,
    ).toBe('goals[0].strategies[0].id');
    expect(refusal(() => checkPlanDocument(plan(), new Set()))).toEqual({
      message: "Goal 1 is linked to an outcome that is not this year's.",
      where: 'goals[0].outcomeId',
    });
    expect(
      refusal(() =>
        checkPlanDocument(
          plan((p) => (p.goals[0]!.strategies[0]!.actions[0]!.dueOn = '2026-08-01')),
          new Set(['o1']),
        ),
      ),
    ).toEqual({
      message: 'Goal 1 › Strategy 1 › Action 1: the due date is before the start date.',
      where: 'goals[0].strategies[0].actions[0].dueOn',
    });
  });
});
