// Ratings and what they add up to: the level that counts, self vs external, review summaries, deltas, calibration, heatmaps.
import { allIndicators, type Framework } from './framework';

export type Source = 'self' | 'external' | 'consensus';
/** The sources in the order a review gathers them: the school's own view, then evidence, then agreement. */
export const SOURCES: readonly Source[] = ['self', 'external', 'consensus'];

export interface Rating {
  indicatorKey: string;
  source: Source;
  level: number | null;
}

/** A level is valid for a framework when it is one of the values on its scale (framework files number them 1, 2, 3…). */
export function isValidLevel(framework: Framework, level: unknown): level is number {
  return Number.isInteger(level) && framework.levels.some((l) => l.value === level);
}

/** Orders levels from lowest to highest; "not rated" (null) comes before every level, so it never passes for a low rating. */
export function compareLevels(a: number | null, b: number | null): number {
  if (a === null || b === null) return (a === null ? 0 : 1) - (b === null ? 0 : 1);
  return a - b;
}

/** The highest and lowest levels of a framework's scale. */
export function scaleEnds(framework: Framework): { bottom: number; top: number } {
  const values = framework.levels.map((l) => l.value);
  return { bottom: Math.min(...values), top: Math.max(...values) };
}

/** One review's ratings split by source: indicator key → level (null when the source looked but left it unrated). */
export function ratingsBySource(ratings: readonly Rating[]): Record<Source, Map<string, number | null>> {
  const out = { self: new Map(), external: new Map(), consensus: new Map() } as Record<Source, Map<string, number | null>>;
  for (const r of ratings) out[r.source].set(r.indicatorKey, r.level);
  return out;
}

/** The level that counts for an indicator: the consensus, else the external rating, else the self rating. */
export function effectiveLevel(ratings: readonly Rating[], indicatorKey: string): number | null {
  for (const source of ['consensus', 'external', 'self'] as const) {
    const r = ratings.find((x) => x.indicatorKey === indicatorKey && x.source === source && x.level !== null);
    if (r) return r.level;
  }
  return null;
}

const levelOf = (ratings: readonly Rating[], key: string, source: Source) => ratings.find((r) => r.indicatorKey === key && r.source === source)?.level ?? null;

export type Validation = { status: 'validated' } | { status: 'challenged'; direction: 'self_higher' | 'self_lower'; by: number };

/** What external evidence says of a self rating; null until both exist. */
export function validation(self: number | null, external: number | null): Validation | null {
  if (self === null || external === null) return null;
  if (self === external) return { status: 'validated' };
  return { status: 'challenged', direction: self > external ? 'self_higher' : 'self_lower', by: Math.abs(self - external) };
}

/** Where a consensus discussion starts: the evidence-backed external rating, flagged when self and external are 2+ levels apart. */
export function consensusSuggestion(self: number | null, external: number | null): { level: number | null; wideGap: boolean; reason: string } {
  if (external !== null) {
    const wideGap = self !== null && Math.abs(self - external) >= 2;
    return {
      level: external,
      wideGap,
      reason: wideGap
        ? 'Self and external ratings are two or more levels apart: discuss the evidence before agreeing.'
        : 'Starts from the external rating, which rests on evidence.',
    };
  }
  return { level: self, wideGap: false, reason: self === null ? 'Not rated yet.' : 'Only a self rating exists so far.' };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

export interface IndicatorLevelRow {
  indicatorKey: string;
  name: string;
  domainKey: string;
  domainName: string;
  equity: boolean;
  level: number | null;
}

export function summarizeReview(framework: Framework, ratings: readonly Rating[]) {
  const rows: IndicatorLevelRow[] = allIndicators(framework).map((i) => ({
    indicatorKey: i.key,
    name: i.name,
    domainKey: i.domainKey,
    domainName: i.domainName,
    equity: i.tags.includes('equity'),
    level: effectiveLevel(ratings, i.key),
  }));
  const rated = rows.filter((r) => r.level !== null) as (IndicatorLevelRow & { level: number })[];
  const byLevel = [...rated].sort((a, b) => b.level - a.level || a.name.localeCompare(b.name));
  const { bottom, top } = scaleEnds(framework);
  return {
    rated: rated.length,
    total: rows.length,
    domains: framework.domains.map((d) => {
      const levels = rows.filter((r) => r.domainKey === d.key && r.level !== null).map((r) => r.level!);
      return { key: d.key, name: d.name, mean: round1(mean(levels)), rated: levels.length, total: d.indicators.length };
    }),
    // Strengths are the highest-rated indicators above the bottom of the scale; growth areas the lowest below the top.
    strengths: byLevel.filter((r) => r.level > bottom).slice(0, 5),
    growthAreas: [...byLevel]
      .reverse()
      .filter((r) => r.level < top)
      .slice(0, 5),
    equity: rows.filter((r) => r.equity),
    indicators: rows,
  };
}

/** Change per indicator between two reviews on the same framework (e.g. fall baseline → spring). */
export function deltas(framework: Framework, before: readonly Rating[], after: readonly Rating[], focus: readonly string[] = []) {
  return allIndicators(framework).map((i) => {
    const from = effectiveLevel(before, i.key);
    const to = effectiveLevel(after, i.key);
    return {
      indicatorKey: i.key,
      name: i.name,
      domainName: i.domainName,
      from,
      to,
      change: from === null || to === null ? null : to - from,
      focus: focus.includes(i.key),
    };
  });
}

export interface CalibrationPair {
  indicatorKey: string;
  self: number | null;
  external: number | null;
}

function calibrate(pairs: readonly CalibrationPair[]) {
  const both = pairs.filter((p) => p.self !== null && p.external !== null) as { self: number; external: number }[];
  const n = both.length;
  return {
    n,
    meanDifference: round1(mean(both.map((p) => p.self - p.external))),
    selfHigher: n ? both.filter((p) => p.self > p.external).length / n : null,
    selfLower: n ? both.filter((p) => p.self < p.external).length / n : null,
    equal: n ? both.filter((p) => p.self === p.external).length / n : null,
  };
}

/** Self vs external: positive differences mean the school sees itself higher than the evidence does. */
export function calibration(framework: Framework, pairs: readonly CalibrationPair[]) {
  // Pairs for indicators the framework no longer has are left out, so the overall figure agrees with the rows.
  const keys = new Set(allIndicators(framework).map((i) => i.key));
  return {
    overall: calibrate(pairs.filter((p) => keys.has(p.indicatorKey))),
    byIndicator: allIndicators(framework).map((i) => ({
      indicatorKey: i.key,
      name: i.name,
      domainName: i.domainName,
      ...calibrate(pairs.filter((p) => p.indicatorKey === i.key)),
    })),
  };
}

/** Self and external pairs of one review's ratings, for calibration. */
export function calibrationPairs(ratings: readonly Rating[]): CalibrationPair[] {
  const keys = [...new Set(ratings.map((r) => r.indicatorKey))];
  return keys.map((k) => ({ indicatorKey: k, self: levelOf(ratings, k, 'self'), external: levelOf(ratings, k, 'external') }));
}

export interface HeatmapReview {
  id: string;
  label: string;
  date: string;
  ratings: readonly Rating[];
}

/** Indicators × reviews in date order; a cell with no rating stays null, never a guessed level. */
export function heatmap(framework: Framework, reviews: readonly HeatmapReview[]) {
  const ordered = [...reviews].sort((a, b) => a.date.localeCompare(b.date));
  return {
    columns: ordered.map((r) => ({ id: r.id, label: r.label, date: r.date })),
    rows: allIndicators(framework).map((i) => ({
      indicatorKey: i.key,
      name: i.name,
      domainName: i.domainName,
      equity: i.tags.includes('equity'),
      cells: ordered.map((r) => effectiveLevel(r.ratings, i.key)),
    })),
  };
}

/**
 * The sources whose levels make a review complete: a self-assessment is the school's own view; every other
 * review is complete only when evidence stands behind each indicator (an external or consensus level).
 */
export const completingSources = (type: string): readonly Source[] => (type === 'self_assessment' ? ['self'] : ['external', 'consensus']);

/** How much of a framework a review has rated, by the sources that complete it: rated, total and the unrated indicators. */
export function completeness(
  framework: Framework,
  ratings: readonly Rating[],
  type: string,
): { rated: number; total: number; complete: boolean; unrated: string[] } {
  const sources = completingSources(type);
  const keys = allIndicators(framework).map((i) => i.key);
  const levelled = new Set(ratings.filter((r) => r.level !== null && sources.includes(r.source)).map((r) => r.indicatorKey));
  const unrated = keys.filter((k) => !levelled.has(k));
  return { rated: keys.length - unrated.length, total: keys.length, complete: unrated.length === 0, unrated };
}
