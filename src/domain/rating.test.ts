// Rating logic on small hand-made reviews: level order, the level that counts, self vs external, summaries, deltas, calibration, heatmaps.
import { describe, expect, it } from 'vitest';
import type { Framework } from './framework';
import {
  calibration,
  calibrationPairs,
  compareLevels,
  completeness,
  consensusSuggestion,
  deltas,
  effectiveLevel,
  heatmap,
  isValidLevel,
  ratingsBySource,
  scaleEnds,
  summarizeReview,
  validation,
  type Rating,
} from './rating';

const levels = [1, 2, 3, 4].map((value) => ({ value, label: `L${value}` }));
const indicator = (key: string, tags: string[] = []) => ({
  key,
  name: key.toUpperCase(),
  kind: 'practice' as const,
  tags,
  levels: levels.map((l) => ({ level: l.value, descriptor: `${key} at ${l.value}` })),
});
const framework: Framework = {
  key: 'tiny',
  name: 'Tiny rubric',
  version: 1,
  kind: 'school',
  description: 'for tests',
  levels,
  domains: [
    { key: 'lead', name: 'Leadership', indicators: [indicator('a'), indicator('b', ['equity'])] },
    { key: 'inst', name: 'Instruction', indicators: [indicator('c'), indicator('d', ['equity'])] },
  ],
};
const r = (indicatorKey: string, source: Rating['source'], level: number | null): Rating => ({ indicatorKey, source, level });

describe('levels', () => {
  it('are valid only when on the scale', () => {
    expect([0, 1, 4, 5, 2.5, '2', null].map((v) => isValidLevel(framework, v))).toEqual([false, true, true, false, false, false, false]);
    expect(scaleEnds(framework)).toEqual({ bottom: 1, top: 4 });
  });

  it('order lowest to highest, with "not rated" before every level', () => {
    expect([3, null, 1, 4, null, 2].sort(compareLevels)).toEqual([null, null, 1, 2, 3, 4]);
    expect(compareLevels(2, 2)).toBe(0);
    expect(Math.sign(compareLevels(1, null))).toBe(1);
    expect(Math.sign(compareLevels(3, 4))).toBe(-1);
  });

  it('split a review by source, keeping a source that looked but left an indicator unrated', () => {
    const s = ratingsBySource([r('a', 'self', 3), r('a', 'external', 2), r('b', 'self', null), r('a', 'consensus', 2)]);
    expect([...s.self]).toEqual([
      ['a', 3],
      ['b', null],
    ]);
    expect([...s.external]).toEqual([['a', 2]]);
    expect([...s.consensus]).toEqual([['a', 2]]);
  });
});

describe('effective level', () => {
  it('prefers consensus, then external, then self, and skips empty ratings', () => {
    const ratings = [r('a', 'self', 4), r('a', 'external', 2), r('b', 'self', 3), r('c', 'consensus', null), r('c', 'external', 1)];
    expect(effectiveLevel(ratings, 'a')).toBe(2);
    expect(effectiveLevel([...ratings, r('a', 'consensus', 3)], 'a')).toBe(3);
    expect(effectiveLevel(ratings, 'b')).toBe(3);
    expect(effectiveLevel(ratings, 'c')).toBe(1);
    expect(effectiveLevel(ratings, 'd')).toBeNull();
  });
});

describe('self vs external', () => {
  it('validates equal ratings and challenges different ones with a direction', () => {
    expect(validation(3, 3)).toEqual({ status: 'validated' });
    expect(validation(4, 2)).toEqual({ status: 'challenged', direction: 'self_higher', by: 2 });
    expect(validation(1, 2)).toEqual({ status: 'challenged', direction: 'self_lower', by: 1 });
    expect(validation(null, 2)).toBeNull();
    expect(validation(2, null)).toBeNull();
  });
  it('suggests a consensus from the evidence and flags wide gaps', () => {
    expect(consensusSuggestion(4, 2)).toMatchObject({ level: 2, wideGap: true });
    expect(consensusSuggestion(3, 2)).toMatchObject({ level: 2, wideGap: false });
    expect(consensusSuggestion(3, null)).toMatchObject({ level: 3, wideGap: false });
    expect(consensusSuggestion(1, 3)).toMatchObject({ level: 3, wideGap: true });
    expect(consensusSuggestion(null, 2)).toMatchObject({ level: 2, wideGap: false });
    expect(consensusSuggestion(null, null)).toMatchObject({ level: null, wideGap: false });
  });
});

describe('summary', () => {
  it('averages by domain, names strengths and growth areas, lists equity items', () => {
    const s = summarizeReview(framework, [r('a', 'consensus', 4), r('b', 'external', 1), r('c', 'self', 2)]);
    expect(s.rated).toBe(3);
    expect(s.total).toBe(4);
    expect(s.domains).toEqual([
      { key: 'lead', name: 'Leadership', mean: 2.5, rated: 2, total: 2 },
      { key: 'inst', name: 'Instruction', mean: 2, rated: 1, total: 2 },
    ]);
    expect(s.strengths.map((x) => x.indicatorKey)).toEqual(['a', 'c']);
    expect(s.growthAreas.map((x) => x.indicatorKey)).toEqual(['b', 'c']);
    expect(s.equity.map((x) => [x.indicatorKey, x.level])).toEqual([
      ['b', 1],
      ['d', null],
    ]);
  });

  it('keeps the top of the scale out of growth areas and the bottom out of strengths', () => {
    const s = summarizeReview(framework, [r('a', 'consensus', 4), r('b', 'consensus', 4), r('c', 'consensus', 1), r('d', 'consensus', 1)]);
    expect(s.strengths.map((x) => x.indicatorKey)).toEqual(['a', 'b']);
    expect(s.growthAreas.map((x) => x.indicatorKey)).toEqual(['d', 'c']);
    const empty = summarizeReview(framework, []);
    expect(empty.domains.map((d) => d.mean)).toEqual([null, null]);
    expect(empty.strengths).toEqual([]);
  });

  it('averages domains by key, even when two domains share a name', () => {
    const twins: Framework = { ...framework, domains: framework.domains.map((d) => ({ ...d, name: 'Same' })) };
    const s = summarizeReview(twins, [r('a', 'consensus', 4), r('b', 'consensus', 4), r('c', 'consensus', 1)]);
    expect(s.domains.map((d) => [d.key, d.mean, d.rated])).toEqual([
      ['lead', 4, 2],
      ['inst', 1, 1],
    ]);
  });
});

describe('deltas', () => {
  it('gives the change per indicator and marks focus indicators; missing sides stay null', () => {
    const d = deltas(framework, [r('a', 'consensus', 1), r('b', 'consensus', 2)], [r('a', 'consensus', 3), r('c', 'external', 2)], ['a']);
    expect(d.map((x) => [x.indicatorKey, x.from, x.to, x.change, x.focus])).toEqual([
      ['a', 1, 3, 2, true],
      ['b', 2, null, null, false],
      ['c', null, 2, null, false],
      ['d', null, null, null, false],
    ]);
  });
});

describe('calibration', () => {
  it('measures how far self ratings sit from external ones', () => {
    const pairs = calibrationPairs([
      r('a', 'self', 4),
      r('a', 'external', 2),
      r('b', 'self', 2),
      r('b', 'external', 3),
      r('c', 'self', 3),
      r('c', 'external', 3),
      r('d', 'self', 2),
    ]);
    const c = calibration(framework, pairs);
    expect(c.overall.n).toBe(3);
    expect(c.overall.meanDifference).toBe(0.3);
    expect(c.overall.selfHigher).toBeCloseTo(1 / 3);
    expect(c.overall.selfLower).toBeCloseTo(1 / 3);
    expect(c.overall.equal).toBeCloseTo(1 / 3);
    expect(c.byIndicator.find((x) => x.indicatorKey === 'd')).toMatchObject({ n: 0, meanDifference: null, selfHigher: null });
  });

  it('pools pairs from many schools, per indicator and overall', () => {
    const north = calibrationPairs([r('a', 'self', 4), r('a', 'external', 3), r('b', 'self', 3), r('b', 'external', 1)]);
    const south = calibrationPairs([
      r('a', 'self', 2),
      r('a', 'external', 2),
      r('b', 'self', 1),
      r('b', 'external', 2),
      r('gone', 'self', 4),
      r('gone', 'external', 1),
    ]);
    const c = calibration(framework, [...north, ...south]);
    // a: +1 and 0; b: +2 and -1. The indicator no longer in the framework is left out.
    expect(c.overall).toEqual({ n: 4, meanDifference: 0.5, selfHigher: 0.5, selfLower: 0.25, equal: 0.25 });
    expect(c.byIndicator.find((x) => x.indicatorKey === 'a')).toMatchObject({ n: 2, meanDifference: 0.5, selfHigher: 0.5, equal: 0.5 });
    expect(c.byIndicator.find((x) => x.indicatorKey === 'b')).toMatchObject({ n: 2, meanDifference: 0.5, selfHigher: 0.5, selfLower: 0.5 });
  });

  it('reads a school that rates itself lower than the evidence as a negative difference', () => {
    const c = calibration(framework, calibrationPairs([r('a', 'self', 1), r('a', 'external', 3), r('c', 'self', 2), r('c', 'external', 3)]));
    expect(c.overall.meanDifference).toBe(-1.5);
    expect(c.overall.selfLower).toBe(1);
  });
});

describe('heatmap', () => {
  it('orders reviews by date and leaves unrated cells empty', () => {
    const h = heatmap(framework, [
      { id: 'spring', label: 'Spring', date: '2026-04-01', ratings: [r('a', 'consensus', 3)] },
      { id: 'fall', label: 'Fall', date: '2025-10-01', ratings: [r('a', 'consensus', 2), r('b', 'self', 1)] },
    ]);
    expect(h.columns.map((c) => c.id)).toEqual(['fall', 'spring']);
    expect(h.rows.map((x) => [x.indicatorKey, ...x.cells])).toEqual([
      ['a', 2, 3],
      ['b', 1, null],
      ['c', null, null],
      ['d', null, null],
    ]);
    expect(h.rows.filter((x) => x.equity).map((x) => x.indicatorKey)).toEqual(['b', 'd']);
  });

  it('shows consensus over external over self in each cell, and nulls for a review with no ratings', () => {
    const h = heatmap(framework, [
      {
        id: 'one',
        label: 'One',
        date: '2025-01-10',
        ratings: [r('a', 'self', 4), r('a', 'external', 2), r('b', 'self', 3), r('b', 'external', 2), r('b', 'consensus', 3)],
      },
      { id: 'two', label: 'Two', date: '2025-06-10', ratings: [] },
    ]);
    expect(h.rows.map((x) => x.cells)).toEqual([
      [2, null],
      [3, null],
      [null, null],
      [null, null],
    ]);
  });
});

describe('completeness', () => {
  it('counts a support or transformation review complete only when evidence stands behind every indicator', () => {
    const ratings = [r('a', 'external', 2), r('b', 'consensus', 3), r('c', 'self', 3), r('d', 'external', null)];
    expect(completeness(framework, ratings, 'transformation_fall')).toEqual({ rated: 2, total: 4, complete: false, unrated: ['c', 'd'] });
    expect(completeness(framework, [...ratings, r('c', 'external', 1), r('d', 'consensus', 2)], 'support_review')).toMatchObject({
      rated: 4,
      complete: true,
      unrated: [],
    });
  });

  it('counts a self-assessment by its self ratings', () => {
    const all = ['a', 'b', 'c', 'd'].map((k) => r(k, 'self', 2));
    expect(completeness(framework, all, 'self_assessment')).toMatchObject({ rated: 4, total: 4, complete: true });
    expect(completeness(framework, all.slice(0, 3), 'self_assessment')).toMatchObject({ rated: 3, complete: false, unrated: ['d'] });
  });
});
