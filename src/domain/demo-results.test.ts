import { describe, expect, it } from 'vitest';
import { generateDemoNetwork, partnerSchools } from './demo';
import { generateDemoResults } from './demo-results';

describe('demo results', () => {
  const asOf = new Date('2026-11-24T12:00:00Z');
  const network = generateDemoNetwork(asOf);
  const results = generateDemoResults(network, asOf);
  const partners = partnerSchools(network);
  const comparison = network.schools.filter((s) => !partners.includes(s));
  const allStudents = (code: string, year: string, subject: string) =>
    results.aggregates.find((a) => a.entity.code === code && a.year === year && a.subject === subject && a.grade === 'all' && a.group === 'all');

  it('gives comparison schools their school rows for every year, and no students or student results', () => {
    expect(comparison.length).toBeGreaterThan(0);
    const codes = new Set(comparison.map((s) => s.stateCode));
    for (const s of comparison) for (const year of results.years) expect(allStudents(s.stateCode, year, 'ela')?.tested).toBeGreaterThan(100);
    expect(results.students.some((s) => codes.has(s.schoolId ?? ''))).toBe(false);
    expect(results.results.some((r) => codes.has(r.schoolId ?? ''))).toBe(false);
    // Partner schools keep their student rows.
    for (const s of partners) expect(results.students.some((x) => x.schoolId === s.stateCode)).toBe(true);
  });

  it('adds every school, partner or comparison, into its district rows', () => {
    const year = results.years[results.years.length - 1]!;
    for (const d of network.districts) {
      const schools = network.schools.filter((s) => s.districtKey === d.key);
      const sum = schools.reduce((n, s) => n + (allStudents(s.stateCode, year, 'math')?.tested ?? 0), 0);
      expect(allStudents(d.stateCode, year, 'math')?.tested).toBe(sum);
    }
  });

  it('has partner schools rising faster than the comparison schools beside them', () => {
    const first = results.years[0]!;
    const last = results.years[results.years.length - 1]!;
    const meanGrowth = (schools: typeof partners) =>
      schools.reduce((n, s) => n + allStudents(s.stateCode, last, 'ela')!.pctMetOrAbove! - allStudents(s.stateCode, first, 'ela')!.pctMetOrAbove!, 0) /
      schools.length;
    expect(meanGrowth(partners)).toBeGreaterThan(meanGrowth(comparison) + 2);
  });
});
