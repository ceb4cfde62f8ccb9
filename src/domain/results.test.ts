import { describe, expect, it } from 'vitest';
import { showCounts, showResult, type StoredResult } from './results';

const row = (over: Partial<StoredResult>): StoredResult => ({
  year: '2017-18',
  assessment: 'smarter-balanced',
  subject: 'math',
  grade: 'all',
  group: 'all',
  tested: 40,
  metOrAbove: 10,
  pctMetOrAbove: 25,
  levelPercents: [40, 35, 15, 10],
  meanScaleScore: 2450,
  suppressed: false,
  source: 'caaspp',
  line: 7,
  importRunId: 'r',
  ...over,
});

describe('showResult', () => {
  it('shows a large group as it is', () => {
    expect(showResult(row({}), false)).toMatchObject({ tested: 40, metOrAbove: 10, pctMetOrAbove: 25, levelPercents: [40, 35, 15, 10], suppressed: false });
  });
  it('hides every figure of a group under 11 from someone who cannot see the students', () => {
    const shown = showResult(row({ tested: 10, metOrAbove: 3, pctMetOrAbove: 30 }), false);
    expect(shown).toMatchObject({
      tested: '*',
      metOrAbove: '*',
      pctMetOrAbove: '*',
      levelPercents: ['*', '*', '*', '*'],
      meanScaleScore: '*',
      suppressed: true,
    });
  });
  it('shows a small group to staff who may see the student rows', () => {
    expect(showResult(row({ tested: 10, metOrAbove: 3, pctMetOrAbove: 30 }), true)).toMatchObject({ tested: 10, metOrAbove: 3, suppressed: false });
  });
  it('keeps a cell suppressed at the source as * for everyone, and a figure not reported as null', () => {
    expect(showResult(row({ metOrAbove: null, pctMetOrAbove: null, suppressed: true }), true)).toMatchObject({
      tested: 40,
      metOrAbove: '*',
      pctMetOrAbove: '*',
    });
    expect(showResult(row({ meanScaleScore: null }), false).meanScaleScore).toBeNull();
  });
  it('calls a row suppressed only when its headline figure is hidden, and names the levels hidden at the source', () => {
    // An EdSight district with levels 1 and 2 hidden but 76.6% met or exceeded published.
    const partly = showResult(row({ tested: 47, metOrAbove: 36, pctMetOrAbove: 76.6, levelPercents: [null, null, 42.6, 34.0], suppressed: true }), false);
    expect(partly).toMatchObject({ pctMetOrAbove: 76.6, suppressed: false, hiddenLevels: [1, 2], levelPercents: ['*', '*', 42.6, 34.0] });
    expect(
      showResult(row({ tested: 72, metOrAbove: null, pctMetOrAbove: null, levelPercents: [null, null, 36.1, null], suppressed: true }), false),
    ).toMatchObject({ pctMetOrAbove: '*', suppressed: true, hiddenLevels: [1, 2, 4] });
    expect(showResult(row({ tested: 10 }), false)).toMatchObject({ suppressed: true, hiddenLevels: [1, 2, 3, 4] });
    expect(showResult(row({}), false).hiddenLevels).toEqual([]);
  });
  it('treats an unknown tested count as too small', () => {
    expect(showResult(row({ tested: null, suppressed: true }), false)).toMatchObject({ tested: '*', pctMetOrAbove: '*' });
  });
});

describe('showCounts', () => {
  it("shows a stored row's counts by the same rule as a whole row: small groups and source suppression as *", () => {
    expect(showCounts({ tested: 120, met_or_above: 42, pct_met_or_above: '35.0', suppressed: false }, false)).toEqual({
      tested: 120,
      metOrAbove: 42,
      pctMetOrAbove: 35,
    });
    expect(showCounts({ tested: 8, met_or_above: 5, pct_met_or_above: '62.5', suppressed: false }, false)).toEqual({
      tested: '*',
      metOrAbove: '*',
      pctMetOrAbove: '*',
    });
    expect(showCounts({ tested: 8, met_or_above: 5, pct_met_or_above: 62.5, suppressed: false }, true)).toEqual({
      tested: 8,
      metOrAbove: 5,
      pctMetOrAbove: 62.5,
    });
    expect(showCounts({ tested: null, met_or_above: null, pct_met_or_above: null, suppressed: true }, true)).toEqual({
      tested: '*',
      metOrAbove: '*',
      pctMetOrAbove: '*',
    });
  });
});
