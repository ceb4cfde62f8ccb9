// Reading goal progress for many plans at once from the results and review ratings found for them.
import { schoolYearLabel, schoolYearStart } from './school-year';
import { goalProgress, type Figure, type Progress, type RatingObservation, type ResultObservation } from './outcomes';
import type { PlanGoal } from './plan-versions';

/** A result a student goal can read: its school, subject, grade and group, as anyone reading the plan sees it. */
export interface GoalResult {
  schoolId: string;
  year: string;
  subject: string;
  grade: string;
  group: string;
  pctMetOrAbove: Figure;
}

/** A finalized review an implementation goal can read its indicator's level from. */
export interface GoalReview {
  schoolId: string;
  frameworkId: string;
  title: string;
  startsOn: string;
  levels: Record<string, number>;
}

/** Each goal's progress in its school's plan of a year, or null for a goal with no measure linked. */
export type ProgressOf = (schoolId: string, year: number, goal: PlanGoal) => Progress | null;

function groupBy<T>(items: readonly T[], keyOf: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    let list = m.get(k);
    if (!list) m.set(k, (list = []));
    list.push(item);
  }
  return m;
}

export function progressReader(results: readonly GoalResult[], reviews: readonly GoalReview[]): ProgressOf {
  const resultsOf = groupBy(results, (r) => `${r.schoolId}|${r.subject}|${r.grade}|${r.group}`);
  const reviewsOf = groupBy(reviews, (r) => `${r.schoolId}|${r.frameworkId}`);
  return (schoolId, year, goal) => {
    const t = goal.target;
    if (!t) return null;
    if (t.kind === 'student') {
      const observed: ResultObservation[] = (resultsOf.get(`${schoolId}|${t.subject}|${t.grade}|${t.group}`) ?? []).map((r) => ({
        year: r.year,
        pctMetOrAbove: r.pctMetOrAbove,
      }));
      return goalProgress(t, { results: observed, lastYear: schoolYearLabel(year) });
    }
    const ratings: RatingObservation[] = (reviewsOf.get(`${schoolId}|${t.frameworkId}`) ?? []).map((r) => ({
      label: r.title,
      date: r.startsOn,
      level: r.levels[t.indicatorKey] ?? null,
    }));
    return goalProgress(t, { ratings, baselineDate: schoolYearStart(year), until: schoolYearStart(year + 1) });
  };
}
