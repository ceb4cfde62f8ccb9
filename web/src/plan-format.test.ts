import { describe, expect, it } from 'vitest';
import type { PlanGoal } from './queries/plans';
import { isOverdue, localDate, overdueCount } from './plan-format';

describe('plan actions past due', () => {
  it('takes the local calendar date, not the UTC one', () => {
    expect(localDate(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
    expect(localDate(new Date(2026, 11, 31, 0, 5))).toBe('2026-12-31');
  });

  it('flags an action due before today that is not done; due today, done, or undated is not overdue', () => {
    const today = '2026-03-10';
    expect(isOverdue({ dueOn: '2026-03-09', status: 'in_progress' }, today)).toBe(true);
    expect(isOverdue({ dueOn: '2026-03-09', status: 'blocked' }, today)).toBe(true);
    expect(isOverdue({ dueOn: '2026-03-10', status: 'not_started' }, today)).toBe(false);
    expect(isOverdue({ dueOn: '2026-03-09', status: 'done' }, today)).toBe(false);
    expect(isOverdue({ dueOn: null, status: 'not_started' }, today)).toBe(false);
  });

  it('counts the overdue actions of a goal across its strategies', () => {
    const action = (id: string, dueOn: string | null, status: string) => ({ id, title: id, owner: '', startOn: null, dueOn, status });
    const goal: PlanGoal = {
      id: 'g',
      title: 'Goal',
      outcomeId: null,
      target: null,
      targetDate: null,
      strategies: [
        { id: 's1', title: 'One', actions: [action('a', '2026-01-01', 'not_started'), action('b', '2026-01-01', 'done')] },
        { id: 's2', title: 'Two', actions: [action('c', '2025-12-01', 'in_progress'), action('d', '2027-01-01', 'not_started')] },
      ],
    };
    expect(overdueCount(goal, '2026-03-10')).toBe(2);
  });
});
