// Student-result metrics on plain numbers; a suppressed or missing figure is null and never counts as 0.
import { valueOf, type Shown } from './suppression';

/** A figure that may be missing or suppressed at the source. */
export type Figure = Shown | null | undefined;

/** Percent at or above standard; null when either count is unknown or nobody was tested. */
export function pctMetOrAbove(metOrAbove: Figure, tested: Figure): number | null {
  const met = valueOf(metOrAbove);
  const n = valueOf(tested);
  if (met === null || n === null || n <= 0) return null;
  return (100 * met) / n;
}

/** How many results sit at each level 1..levels; unknown levels are not counted. */
export function countsByLevel(levels: readonly (number | null | undefined)[], levelCount = 4): number[] {
  const counts = new Array<number>(levelCount).fill(0);
  for (const level of levels) {
    if (level === null || level === undefined || !Number.isInteger(level) || level < 1 || level > levelCount) continue;
    counts[level - 1]!++;
  }
  return counts;
}

/** Met or above from counts by level: levels at or above `metLevel` (3 on Smarter Balanced). */
export function metOrAboveFromLevels(counts: readonly Figure[], metLevel = 3): number | null {
  let total = 0;
  for (const c of counts.slice(metLevel - 1)) {
    const v = valueOf(c);
    if (v === null) return null;
    total += v;
  }
  return total;
}

/** Mean of the known scores; null when there are none. */
export function meanScaleScore(scores: readonly Figure[]): number | null {
  let sum = 0;
  let n = 0;
  for (const s of scores) {
    const v = valueOf(s);
    if (v === null) continue;
    sum += v;
    n++;
  }
  return n === 0 ? null : sum / n;
}

/** Change from an earlier figure to a later one; null when either side is suppressed or missing. */
export function growth(earlier: Figure, later: Figure): number | null {
  const a = valueOf(earlier);
  const b = valueOf(later);
  return a === null || b === null ? null : b - a;
}

export interface YearFigure {
  year: string;
  value: Figure;
}

/** Year-over-year changes of a series sorted by year; a gap in the data gives a null change. */
export function growthByYear(series: readonly YearFigure[]): { from: string; to: string; change: number | null }[] {
  const sorted = [...series].sort((a, b) => a.year.localeCompare(b.year));
  return sorted.slice(1).map((point, i) => ({ from: sorted[i]!.year, to: point.year, change: growth(sorted[i]!.value, point.value) }));
}

/** A student group against all students (negative: the group is behind); null when either is unknown. */
export function gap(group: Figure, allStudents: Figure): number | null {
  return growth(allStudents, group);
}

export interface Comparison {
  value: number | null;
  district: number | null;
  state: number | null;
  vsDistrict: number | null;
  vsState: number | null;
}

/** A school's figure beside its district's and state's rows. */
export function compareToDistrictAndState(value: Figure, district: Figure, state: Figure): Comparison {
  return {
    value: valueOf(value),
    district: valueOf(district),
    state: valueOf(state),
    vsDistrict: growth(district, value),
    vsState: growth(state, value),
  };
}

export interface GroupMean {
  mean: number | null;
  includedCount: number;
  leftOutCount: number;
}

function meanOf(values: readonly Figure[]): GroupMean {
  const known = values.map(valueOf).filter((v): v is number => v !== null);
  return {
    mean: known.length ? known.reduce((a, b) => a + b, 0) / known.length : null,
    includedCount: known.length,
    leftOutCount: values.length - known.length,
  };
}

export interface PartnerComparison {
  partner: GroupMean;
  comparison: GroupMean;
  /** Partner mean minus comparison mean, in percentage points of % met; null when either side has no data. */
  difference: number | null;
}

/**
 * Partner schools against comparison schools: the difference in the mean of each school's % met or
 * above (each school counts once, whatever its size). Suppressed schools are left out and counted.
 */
export function partnerVsComparison(partnerPcts: readonly Figure[], comparisonPcts: readonly Figure[]): PartnerComparison {
  const partner = meanOf(partnerPcts);
  const comparison = meanOf(comparisonPcts);
  return { partner, comparison, difference: partner.mean === null || comparison.mean === null ? null : partner.mean - comparison.mean };
}

export interface CountRow {
  tested: Figure;
  metOrAbove: Figure;
}

export interface EntitySum {
  tested: number;
  metOrAbove: number;
  /** metOrAbove / tested over the rows included; null when none was. */
  pct: number | null;
  includedCount: number;
  /** Rows whose tested or met count was suppressed or missing, so the UI can say how many were left out. */
  leftOutCount: number;
}

/**
 * Adds up counts over schools or districts. A row joins the sum only when both its counts are known:
 * a suppressed met count is never read as 0, and its tested students are kept out of the denominator
 * too, so the percentage compares like with like.
 */
export function sumOverEntities(rows: readonly CountRow[]): EntitySum {
  let tested = 0;
  let metOrAbove = 0;
  let includedCount = 0;
  for (const row of rows) {
    const n = valueOf(row.tested);
    const met = valueOf(row.metOrAbove);
    if (n === null || met === null) continue;
    tested += n;
    metOrAbove += met;
    includedCount++;
  }
  return { tested, metOrAbove, pct: pctMetOrAbove(metOrAbove, tested), includedCount, leftOutCount: rows.length - includedCount };
}
