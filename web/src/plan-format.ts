// What the plan screens compute for display: status words and colours, school years, today's local date, which
// actions are past due and not done, and ids for new goals, strategies and actions.
import type { PlanAction, PlanGoal, ProgressStatus } from './queries/plans';

export const STATUS_LABELS: Record<ProgressStatus, string> = {
  met: 'Met',
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  no_data: 'No data yet',
};
/** Dark enough for text on white; the words carry the meaning, the colour only helps. */
export const STATUS_COLORS: Record<ProgressStatus, string> = {
  met: '#1b6b2a',
  on_track: '#1b6b2a',
  at_risk: '#8a5300',
  off_track: '#a3261b',
  no_data: '#495057',
};

/** Red dark enough for text on white (WCAG AA), for overdue actions, removals and errors. */
export const OVERDUE_COLOR = '#a3261b';

/** A short id for a new goal, strategy or action, unique within its plan. */
export const newId = () => crypto.randomUUID().slice(0, 8);

// "2026-27" for 2026, as everywhere else.
export { schoolYearLabel as yearLabel } from '../../src/domain/school-year';

/** The local calendar date, "2026-03-09": a due date is a day where the person is, not in UTC. */
export function localDate(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** An action is overdue when its due date is before today and it is not done; an action due today is not. */
export function isOverdue(action: Pick<PlanAction, 'dueOn' | 'status'>, today: string): boolean {
  return action.dueOn !== null && action.dueOn !== '' && action.dueOn < today && action.status !== 'done';
}

/** How many of a goal's actions are overdue. */
export function overdueCount(goal: PlanGoal, today: string): number {
  return goal.strategies.reduce((n, s) => n + s.actions.filter((a) => isOverdue(a, today)).length, 0);
}
