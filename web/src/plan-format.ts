// What the plan screens compute for display: today's local date, and which actions are past due and not done.
import type { PlanGoal } from './plan-types';

type Action = PlanGoal['strategies'][number]['actions'][number];

/** The local calendar date, "2026-03-09": a due date is a day where the person is, not in UTC. */
export function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** An action is overdue when its due date is before today and it is not done; an action due today is not. */
export function isOverdue(action: Pick<Action, 'dueOn' | 'status'>, today: string): boolean {
  return action.dueOn !== null && action.dueOn !== '' && action.dueOn < today && action.status !== 'done';
}

/** How many of a goal's actions are overdue. */
export function overdueCount(goal: PlanGoal, today: string): number {
  return goal.strategies.reduce((n, s) => n + s.actions.filter((a) => isOverdue(a, today)).length, 0);
}
