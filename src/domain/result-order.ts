// The order results are read in: by year, subject, grade (all grades first), student group, test.
import type { StoredResult } from './results';

export const gradeOrder = (grade: string) => (grade === 'all' ? -1 : Number(grade));

/** Student groups as offered: all students first, then the groups by code. */
export const groupOrder = (a: string, b: string) => (a === 'all' ? -1 : b === 'all' ? 1 : a.localeCompare(b));

export const byGrade = (a: string, b: string) => gradeOrder(a) - gradeOrder(b);

export const resultOrder = (a: StoredResult, b: StoredResult) =>
  a.year.localeCompare(b.year) ||
  a.subject.localeCompare(b.subject) ||
  byGrade(a.grade, b.grade) ||
  a.group.localeCompare(b.group) ||
  a.assessment.localeCompare(b.assessment);

/** The distinct values, sorted. */
export function distinct<T>(values: T[], order?: (a: T, b: T) => number): T[] {
  return [...new Set(values)].sort(order);
}
