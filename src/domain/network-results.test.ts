import { describe, expect, it } from 'vitest';
import { networkTable, type NetworkResultRow, type NetworkSchoolRow } from './network-results';

const school = (id: string, partner: boolean): NetworkSchoolRow => ({
  id,
  name: `School ${id}`,
  district: { id: 'd', name: 'District' },
  supportLevel: partner ? 'intensive' : null,
});
const row = (schoolId: string, year: string, tested: number | null, metOrAbove: number | null): NetworkResultRow => ({
  schoolId,
  year,
  tested,
  met_or_above: metOrAbove,
  pct_met_or_above: tested && metOrAbove !== null ? (100 * metOrAbove) / tested : null,
  suppressed: tested === null,
});

describe('the network results table', () => {
  const years = ['2016-17', '2017-18', '2018-19'];
  const schools = [school('a', true), school('b', false), school('c', false)];
  const rows = [
    row('a', '2016-17', 100, 40),
    row('a', '2017-18', 100, 45),
    row('a', '2018-19', 100, 50),
    // Growth runs from the first to the last shown year: 2017-18 is hidden (8 tested).
    row('b', '2016-17', 50, 10),
    row('b', '2017-18', 8, 4),
    row('b', '2018-19', 50, 20),
    row('c', '2018-19', null, null),
  ];

  it('leaves a school with hidden counts out of the totals and counts it, never as 0', () => {
    const t = networkTable(schools, rows, years);
    expect(t.network.find((n) => n.year === '2017-18')).toEqual({ year: '2017-18', tested: 100, pctMetOrAbove: 45, includedCount: 1, leftOutCount: 2 });
    expect(t.schools.find((s) => s.id === 'b')!.byYear['2017-18']).toEqual({ tested: '*', pctMetOrAbove: '*' });
  });

  it('gives each school its growth between its first and last shown year', () => {
    const b = networkTable(schools, rows, years).schools.find((s) => s.id === 'b')!;
    expect([b.growth, b.growthFrom, b.growthTo]).toEqual([20, '2016-17', '2018-19']);
    const c = networkTable(schools, rows, years).schools.find((s) => s.id === 'c')!;
    expect([c.growth, c.growthFrom, c.growthTo]).toEqual([null, null, null]);
  });

  it('shows a small group as it is at a school whose students the viewer may see', () => {
    const b = networkTable(schools, rows, years, new Set(['b'])).schools.find((s) => s.id === 'b')!;
    expect(b.byYear['2017-18']).toEqual({ tested: 8, pctMetOrAbove: 50 });
  });

  it('sets partner schools against the others, year by year', () => {
    const c = networkTable(schools, rows, years).comparison.find((x) => x.year === '2018-19')!;
    expect(c.partner.mean).toBe(50);
    expect(c.comparison).toMatchObject({ mean: 40, includedCount: 1, leftOutCount: 1 });
    expect(c.difference).toBe(10);
  });
});
