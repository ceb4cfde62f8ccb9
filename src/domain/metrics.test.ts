import { describe, expect, it } from 'vitest';
import {
  compareToDistrictAndState,
  countsByLevel,
  gap,
  growth,
  growthByYear,
  meanScaleScore,
  metOrAboveFromLevels,
  partnerVsComparison,
  pctMetOrAbove,
  sumOverEntities,
} from './metrics';

describe('pctMetOrAbove', () => {
  it('is met over tested, in percent', () => {
    expect(pctMetOrAbove(30, 120)).toBe(25);
  });
  it('is unknown when a count is suppressed or nobody was tested', () => {
    expect(pctMetOrAbove('*', 120)).toBeNull();
    expect(pctMetOrAbove(3, null)).toBeNull();
    expect(pctMetOrAbove(0, 0)).toBeNull();
  });
});

describe('counts by level', () => {
  it('counts results per level and ignores unknown levels', () => {
    expect(countsByLevel([1, 2, 2, 4, null, 7, 3])).toEqual([1, 2, 1, 1]);
  });
  it('adds levels 3 and 4 for met or above, and refuses when one is suppressed', () => {
    expect(metOrAboveFromLevels([10, 20, 30, 5])).toBe(35);
    expect(metOrAboveFromLevels([10, 20, '*', 5])).toBeNull();
  });
});

describe('mean scale score', () => {
  it('averages the known scores only', () => {
    expect(meanScaleScore([2400, null, 2500, '*'])).toBe(2450);
    expect(meanScaleScore([null])).toBeNull();
  });
});

describe('growth and gap', () => {
  it('is the change between years, unknown when either side is suppressed', () => {
    expect(growth(40, 46.5)).toBeCloseTo(6.5);
    expect(growth('*', 46.5)).toBeNull();
    expect(growth(40, null)).toBeNull();
  });
  it('lists year-over-year changes in year order', () => {
    const changes = growthByYear([
      { year: '2016-17', value: 45 },
      { year: '2014-15', value: 40 },
      { year: '2015-16', value: '*' },
    ]);
    expect(changes).toEqual([
      { from: '2014-15', to: '2015-16', change: null },
      { from: '2015-16', to: '2016-17', change: null },
    ]);
  });
  it('gives the gap of a group behind all students as a negative number', () => {
    expect(gap(30, 42)).toBe(-12);
    expect(gap('*', 42)).toBeNull();
  });
});

describe('comparison with district and state', () => {
  it('gives the school minus each comparison row', () => {
    expect(compareToDistrictAndState(50, 45, '*')).toEqual({ value: 50, district: 45, state: null, vsDistrict: 5, vsState: null });
  });
});

describe('partner vs comparison schools', () => {
  it('compares the mean of school percentages and counts the schools left out', () => {
    const r = partnerVsComparison([40, 50, '*'], [30, 40, 35, null]);
    expect(r.partner).toEqual({ mean: 45, includedCount: 2, leftOutCount: 1 });
    expect(r.comparison).toEqual({ mean: 35, includedCount: 3, leftOutCount: 1 });
    expect(r.difference).toBe(10);
  });
  it('has no difference when one side has no data', () => {
    expect(partnerVsComparison(['*'], [30]).difference).toBeNull();
  });
});

describe('sumOverEntities', () => {
  it('never reads a suppressed count as 0 and says how many rows were left out', () => {
    const r = sumOverEntities([
      { tested: 100, metOrAbove: 40 },
      { tested: 50, metOrAbove: 10 },
      { tested: 9, metOrAbove: '*' },
      { tested: '*', metOrAbove: '*' },
    ]);
    expect(r).toEqual({ tested: 150, metOrAbove: 50, pct: (100 * 50) / 150, includedCount: 2, leftOutCount: 2 });
  });
  it('has no percentage when every row was left out', () => {
    expect(sumOverEntities([{ tested: null, metOrAbove: 3 }])).toEqual({ tested: 0, metOrAbove: 0, pct: null, includedCount: 0, leftOutCount: 1 });
  });
});
