// Annual outcomes and plan goals: candidates proposed from the latest review and results, progress
// computed from data (never typed by hand where data exist). What changed between plan versions is in plan-versions.ts.
import { SUPPRESSED } from './suppression';

export const MIN_OUTCOMES = 3;
export const MAX_OUTCOMES = 6;

/** An indicator of a framework to reach a level by the end of the year. */
export interface ImplementationTarget {
  kind: 'implementation';
  frameworkId: string;
  indicatorKey: string;
  indicatorName: string;
  domainName: string;
  baselineLevel: number | null;
  targetLevel: number;
  /** Level number → label on the framework's scale, so a title reads in words. */
  levelLabels: Record<string, string>;
}

/** A result for a group of students, subject and grade to move from a baseline to a target. */
export interface StudentTarget {
  kind: 'student';
  subject: string;
  grade: string;
  group: string;
  groupLabel: string;
  metric: 'pct_met_or_above';
  baseline: number;
  baselineYear: string;
  target: number;
}

export type OutcomeTarget = ImplementationTarget | StudentTarget;

export interface Candidate {
  /** Stable for the same proposal, so a proposal already taken can be recognised. */
  key: string;
  title: string;
  target: OutcomeTarget;
  /** Why Trellis proposes it, in a sentence a principal can check. */
  reason: string;
  source: 'review' | 'results' | 'reflection';
  /** Higher comes first. */
  priority: number;
}

export interface ReviewIndicator {
  key: string;
  name: string;
  domainName: string;
  equity: boolean;
}

export interface ReviewEvidence {
  reviewId: string;
  reviewTitle: string;
  frameworkId: string;
  /** The framework's scale, lowest first. */
  levels: { value: number; label: string }[];
  indicators: ReviewIndicator[];
  /** The level that counts for each rated indicator (consensus, else external, else self). */
  ratedLevels: Record<string, number>;
  focusIndicators: string[];
}

export type Figure = number | typeof SUPPRESSED | null;

export interface ResultEvidence {
  /** The latest year with results. */
  year: string;
  rows: { subject: string; grade: string; group: string; groupLabel: string; tested: Figure; pctMetOrAbove: Figure }[];
}

export interface ReflectionSeed {
  goalTitle: string;
  target: OutcomeTarget;
  result: 'met' | 'partly' | 'not_met';
  learned: string;
}

const SUBJECTS: Record<string, string> = { ela: 'ELA', math: 'math' };
const pct = (v: number) => `${Math.round(v * 10) / 10}%`;
const subjectName = (s: string) => SUBJECTS[s] ?? s;
const gradeName = (g: string) => (g === 'all' ? '' : g === '0' ? ', kindergarten' : `, grade ${g}`);

/** "Data & assessment: Developing → Full Implementation"; "English learners, ELA, % at or above standard 18% → 26%". */
export function outcomeTitle(target: OutcomeTarget): string {
  if (target.kind === 'implementation') {
    const from = target.baselineLevel === null ? 'not rated' : (target.levelLabels[String(target.baselineLevel)] ?? `level ${target.baselineLevel}`);
    const to = target.levelLabels[String(target.targetLevel)] ?? `level ${target.targetLevel}`;
    return `${target.indicatorName}: ${from} → ${to}`;
  }
  return `${target.groupLabel}, ${subjectName(target.subject)}${gradeName(target.grade)}, % at or above standard ${pct(target.baseline)} → ${pct(target.target)}`;
}

/** The same outcome proposed twice (from the review and from last year's reflection) is one candidate. */
export function outcomeKey(target: OutcomeTarget): string {
  return target.kind === 'implementation'
    ? `indicator:${target.frameworkId}:${target.indicatorKey}`
    : `result:${target.subject}:${target.grade}:${target.group}`;
}

/**
 * A year's target for a group: close a third of its gap to all students, at least 3 points, and never past 100%.
 * A group at or above all students aims 3 points higher.
 */
export function studentTargetFor(baseline: number, allStudents: number | null): number {
  const gap = allStudents === null ? 0 : Math.max(0, allStudents - baseline);
  const step = Math.max(3, gap / 3);
  return Math.min(100, Math.round((baseline + step) * 10) / 10);
}

function reviewCandidates(review: ReviewEvidence): Candidate[] {
  const top = review.levels[review.levels.length - 1]?.value ?? 0;
  const labels = Object.fromEntries(review.levels.map((l) => [String(l.value), l.label]));
  const out: Candidate[] = [];
  for (const indicator of review.indicators) {
    const level = review.ratedLevels[indicator.key];
    if (level === undefined || level >= top) continue;
    const next = review.levels.find((l) => l.value > level)!.value;
    const focus = review.focusIndicators.includes(indicator.key);
    const reasons = [`rated ${labels[String(level)] ?? level} (${level} of ${top}) in ${review.reviewTitle}`];
    if (focus) reasons.push('a focus indicator of that review');
    if (indicator.equity) reasons.push('tagged equity');
    // Lower levels first; focus and equity indicators ahead of others at the same level.
    const priority = 100 - (level / top) * 60 + (focus ? 15 : 0) + (indicator.equity ? 10 : 0);
    const target: ImplementationTarget = {
      kind: 'implementation',
      frameworkId: review.frameworkId,
      indicatorKey: indicator.key,
      indicatorName: indicator.name,
      domainName: indicator.domainName,
      baselineLevel: level,
      targetLevel: next,
      levelLabels: labels,
    };
    out.push({ key: outcomeKey(target), title: outcomeTitle(target), target, reason: capitalize(reasons.join('; ')), source: 'review', priority });
  }
  return out;
}

function resultCandidates(results: ResultEvidence): Candidate[] {
  const out: Candidate[] = [];
  const known = (v: Figure): v is number => typeof v === 'number';
  for (const row of results.rows) {
    if (row.group === 'all' || !known(row.pctMetOrAbove) || !known(row.tested)) continue;
    const all = results.rows.find((r) => r.subject === row.subject && r.grade === row.grade && r.group === 'all');
    const allPct = all && known(all.pctMetOrAbove) ? all.pctMetOrAbove : null;
    const gap = allPct === null ? null : row.pctMetOrAbove - allPct;
    // A group worth a year's outcome: well below all students, or low on its own.
    const wide = gap !== null && gap <= -5;
    const low = row.pctMetOrAbove < 25;
    if (!wide && !low) continue;
    const target: StudentTarget = {
      kind: 'student',
      subject: row.subject,
      grade: row.grade,
      group: row.group,
      groupLabel: row.groupLabel,
      metric: 'pct_met_or_above',
      baseline: row.pctMetOrAbove,
      baselineYear: results.year,
      target: studentTargetFor(row.pctMetOrAbove, allPct),
    };
    const reasons = [
      `${pct(row.pctMetOrAbove)} at or above standard in ${subjectName(row.subject)}${gradeName(row.grade)} in ${results.year} (${row.tested} students)`,
    ];
    if (gap !== null && gap < 0) reasons.push(`${Math.round(-gap * 10) / 10} points below all students (${pct(allPct!)})`);
    if (low) reasons.push('one of the lowest groups');
    const priority = 60 + Math.min(40, gap === null ? 0 : -gap) + (low ? 10 : 0) + (row.grade === 'all' ? 5 : 0);
    out.push({ key: outcomeKey(target), title: outcomeTitle(target), target, reason: capitalize(reasons.join('; ')), source: 'results', priority });
  }
  return out;
}

function reflectionCandidates(seeds: readonly ReflectionSeed[]): Candidate[] {
  return seeds
    .filter((s) => s.result !== 'met')
    .map((s) => ({
      key: outcomeKey(s.target),
      title: outcomeTitle(s.target),
      target: s.target,
      reason: `Last year's goal "${s.goalTitle}" was ${s.result === 'partly' ? 'partly met' : 'not met'}${s.learned.trim() ? `; the team learned: ${s.learned.trim()}` : ''}`,
      source: 'reflection' as const,
      priority: s.result === 'not_met' ? 95 : 85,
    }));
}

/**
 * Candidate outcomes for next year, best first: the lowest-rated indicators of the latest review (focus and
 * equity indicators ahead), the groups with the widest gaps or lowest results, and last year's goals not met.
 * A figure hidden as * never proposes anything. The same outcome from two sources keeps both reasons.
 */
export function proposeOutcomes(
  input: { review?: ReviewEvidence | null; results?: ResultEvidence | null; reflections?: readonly ReflectionSeed[] },
  limit = 12,
): Candidate[] {
  const all = [
    ...(input.review ? reviewCandidates(input.review) : []),
    ...(input.results ? resultCandidates(input.results) : []),
    ...reflectionCandidates(input.reflections ?? []),
  ];
  const byKey = new Map<string, Candidate>();
  for (const c of all) {
    const seen = byKey.get(c.key);
    if (!seen) byKey.set(c.key, c);
    else
      byKey.set(c.key, {
        ...(seen.priority >= c.priority ? seen : c),
        reason: `${seen.reason}. ${c.reason}`,
        priority: Math.max(seen.priority, c.priority) + 5,
      });
  }
  return [...byKey.values()].sort((a, b) => b.priority - a.priority || a.title.localeCompare(b.title)).slice(0, limit);
}

export type ProgressStatus = 'met' | 'on_track' | 'at_risk' | 'off_track' | 'no_data';

export interface Progress {
  status: ProgressStatus;
  /** The latest figure after the baseline: a % or a level; null when none. */
  current: number | null;
  /** The year or review the figure comes from. */
  asOf: string | null;
  /** Share of the way from baseline to target (0 = baseline, 1 = target), when both ends are known. */
  fraction: number | null;
  /** What a person reads beside the status. */
  note: string;
}

export interface ResultObservation {
  year: string;
  pctMetOrAbove: Figure;
}

export interface RatingObservation {
  label: string;
  date: string;
  level: number | null;
}

/**
 * Progress of a goal from the data: for a student target, the latest result after its baseline year;
 * for an implementation target, the level in the latest review after the baseline. No figure yet, or a
 * hidden one, is "no data"; the status is never inferred from a person's say-so.
 */
export function goalProgress(
  target: OutcomeTarget,
  data: {
    results?: readonly ResultObservation[];
    ratings?: readonly RatingObservation[];
    baselineDate?: string | null /** The plan's year ends: later results and reviews belong to another year. */;
    lastYear?: string;
    until?: string;
  },
): Progress {
  if (target.kind === 'student') {
    const later = (data.results ?? [])
      .filter((r) => r.year > target.baselineYear && (!data.lastYear || r.year <= data.lastYear))
      .sort((a, b) => a.year.localeCompare(b.year));
    const latest = later[later.length - 1];
    if (!latest) return { status: 'no_data', current: null, asOf: null, fraction: null, note: `No results after ${target.baselineYear} yet` };
    if (latest.pctMetOrAbove === SUPPRESSED)
      return {
        status: 'no_data',
        current: null,
        asOf: latest.year,
        fraction: null,
        note: `The ${latest.year} figure is hidden (fewer than 11 students or suppressed)`,
      };
    if (latest.pctMetOrAbove === null)
      return { status: 'no_data', current: null, asOf: latest.year, fraction: null, note: `No figure reported for ${latest.year}` };
    const current = latest.pctMetOrAbove;
    const span = target.target - target.baseline;
    const fraction = span === 0 ? (current >= target.target ? 1 : 0) : (current - target.baseline) / span;
    const status: ProgressStatus = current >= target.target ? 'met' : fraction >= 0.5 ? 'on_track' : fraction > 0 ? 'at_risk' : 'off_track';
    return {
      status,
      current,
      asOf: latest.year,
      fraction,
      note: `${pct(current)} in ${latest.year} (baseline ${pct(target.baseline)}, target ${pct(target.target)})`,
    };
  }
  const after = (data.ratings ?? [])
    .filter((r) => r.level !== null && (!data.baselineDate || r.date > data.baselineDate) && (!data.until || r.date < data.until))
    .sort((a, b) => a.date.localeCompare(b.date));
  const latest = after[after.length - 1];
  const label = (v: number) => target.levelLabels[String(v)] ?? `level ${v}`;
  if (!latest) return { status: 'no_data', current: null, asOf: null, fraction: null, note: 'Not rated in a review since the baseline yet' };
  const level = latest.level!;
  const base = target.baselineLevel;
  const fraction = base === null || target.targetLevel === base ? null : (level - base) / (target.targetLevel - base);
  const status: ProgressStatus =
    level >= target.targetLevel ? 'met' : base === null ? 'at_risk' : level > base ? 'on_track' : level === base ? 'at_risk' : 'off_track';
  return { status, current: level, asOf: latest.label, fraction, note: `${label(level)} in ${latest.label} (target ${label(target.targetLevel)})` };
}

const SEVERITY: Record<ProgressStatus, number> = { off_track: 4, at_risk: 3, on_track: 2, met: 1, no_data: 0 };

/** A plan's status in the network table: its worst goal with data; "no data" only when no goal has any. Met counts as on track. */
export function planStatus(statuses: readonly ProgressStatus[]): Exclude<ProgressStatus, 'met'> {
  const worst = statuses.reduce<ProgressStatus>((w, s) => (SEVERITY[s] > SEVERITY[w] ? s : w), 'no_data');
  return worst === 'met' ? 'on_track' : worst;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
