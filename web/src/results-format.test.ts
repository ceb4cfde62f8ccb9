import { describe, expect, it } from 'vitest';
import { difference, gradeLabel, percent, points, sortSchools } from './results-format';
import type { NetworkResults } from './queries/results';

type School = NetworkResults['schools'][number];
const school = (name: string, growth: number | null, latest: number | '*' | null, supportLevel: School['supportLevel'] = 'intensive'): School => ({
  id: name,
  name,
  district: { id: 'd', name: name.startsWith('A') ? 'Zeta' : 'Alpha' },
  supportLevel,
  byYear: { '2024-25': { tested: 100, pctMetOrAbove: latest } },
  growth,
  growthFrom: growth === null ? null : '2022-23',
  growthTo: growth === null ? null : '2024-25',
});

describe('figures', () => {
  it('writes hidden figures as *, missing ones as a dash, never as 0', () => {
    expect([percent('*'), percent(null), percent(0), percent(31.84)]).toEqual(['*', '—', '0.0%', '31.8%']);
    expect([points(3.24), points(-4), points(0.01), points(null)]).toEqual(['+3.2 pts', '−4.0 pts', '0.0 pts', '—']);
    expect([difference('*', 30), difference(35, null), difference(35, 30)]).toEqual([null, null, 5]);
    expect([gradeLabel('all'), gradeLabel('0'), gradeLabel('11')]).toEqual(['All grades', 'Kindergarten', 'Grade 11']);
  });
});

describe('sortSchools', () => {
  const schools = [school('Birch', 2.5, 40), school('Aspen', -1, '*'), school('Cedar', null, 55, null), school('Dogwood', 7, 30)];

  it('sorts by growth either way, with schools without growth last both times', () => {
    expect(sortSchools(schools, 'growth', 'desc', '2024-25').map((s) => s.name)).toEqual(['Dogwood', 'Birch', 'Aspen', 'Cedar']);
    expect(sortSchools(schools, 'growth', 'asc', '2024-25').map((s) => s.name)).toEqual(['Aspen', 'Birch', 'Dogwood', 'Cedar']);
  });

  it('sorts by the latest year with a hidden figure last, and by support level with non-partners last', () => {
    expect(sortSchools(schools, 'latest', 'desc', '2024-25').map((s) => s.name)).toEqual(['Cedar', 'Birch', 'Dogwood', 'Aspen']);
    expect(sortSchools(schools, 'support', 'asc', '2024-25').map((s) => s.name)).toEqual(['Aspen', 'Birch', 'Dogwood', 'Cedar']);
    expect(sortSchools(schools, 'district', 'asc', '2024-25').map((s) => s.name)).toEqual(['Birch', 'Cedar', 'Dogwood', 'Aspen']);
  });
});
