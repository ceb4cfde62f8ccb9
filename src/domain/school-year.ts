// School years: the label the app writes ("2025-26"), the year running on a day, and its first and last days.
//
// A school year runs from July 1 to June 30 and is named by the calendar year it starts in (2025 is "2025-26").
// "Today" is the calendar day in UTC, on the server and in the browser alike: the year a page offers by default
// is then the year the server answers for, wherever the person is. (Near midnight on June 30 in the Americas the
// new year has already begun; a person picks the other year from the list.) The clock is an argument, so tests
// and the demo choose the moment.

/** The zone in which "today", and so the current school year, is read. */
export const SCHOOL_YEAR_TIME_ZONE = 'UTC';

/** The moment now; pass another to see the school year as of then. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** July (1-12), the month a school year starts in. */
const FIRST_MONTH = 7;

/** "2025-26" for the school year starting in 2025; "1999-00" for 1999. */
export function schoolYearLabel(startYear: number): string {
  return `${startYear}-${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/** Several years as "2023-24 to 2027-28", or one label when they are the same year. */
export function schoolYearRange(startYear: number, endYear: number): string {
  return startYear === endYear ? schoolYearLabel(startYear) : `${schoolYearLabel(startYear)} to ${schoolYearLabel(endYear)}`;
}

/** The starting year of a label written the way the app writes it ("2017-18" → 2017); null for anything else. */
export function schoolYearOfLabel(label: string): number | null {
  const m = /^(\d{4})-(\d{2})$/.exec(label);
  if (!m) return null;
  const start = Number(m[1]);
  return (start + 1) % 100 === Number(m[2]) ? start : null;
}

/** Every school year from one label to another, inclusive: "2014-15".."2016-17" → 2014-15, 2015-16, 2016-17. */
export function schoolYearsBetween(from: string, to: string): string[] {
  const start = schoolYearOfLabel(from);
  const end = schoolYearOfLabel(to);
  if (start === null || end === null) return [];
  const years: string[] = [];
  for (let y = start; y <= end; y++) years.push(schoolYearLabel(y));
  return years;
}

/** The school year a calendar day ("2026-07-01", or any text starting "YYYY-MM") falls in; null when it is no date. */
export function schoolYearOfDate(date: string): number | null {
  const m = /^(\d{4})-(\d{2})/.exec(date);
  if (!m) return null;
  const year = Number(m[1]);
  return Number(m[2]) >= FIRST_MONTH ? year : year - 1;
}

/** The school year running at a moment, by its calendar day in UTC. */
export function schoolYearAt(moment: Date): number {
  return moment.getUTCMonth() + 1 >= FIRST_MONTH ? moment.getUTCFullYear() : moment.getUTCFullYear() - 1;
}

/** The school year running now, by the clock given (the system's by default). */
export function currentSchoolYear(clock: Clock = systemClock): number {
  return schoolYearAt(clock());
}

/** The first day of a school year, "2025-07-01". */
export function schoolYearStart(startYear: number): string {
  return `${startYear}-07-01`;
}

/** The last day of a school year, "2026-06-30". */
export function schoolYearEnd(startYear: number): string {
  return `${startYear + 1}-06-30`;
}
