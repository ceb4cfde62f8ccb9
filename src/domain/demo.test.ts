import { describe, expect, it } from 'vitest';
import { apportion, currentSchoolYear, DEMO_TOTAL_ENROLLMENT, generateDemoNetwork, partnershipPhase } from './demo';

describe('demo network', () => {
  const asOf = new Date('2026-11-24T12:00:00Z');
  const network = generateDemoNetwork(asOf);

  it('is the same every time for the same date', () => {
    expect(generateDemoNetwork(asOf)).toEqual(network);
  });

  it('has 19 schools in 2 districts with about 14,200 students', () => {
    expect(network.schools).toHaveLength(19);
    expect(new Set(network.schools.map((s) => s.districtKey)).size).toBe(2);
    expect(network.schools.reduce((sum, s) => sum + s.enrollment, 0)).toBe(DEMO_TOTAL_ENROLLMENT);
    expect(new Set(network.schools.map((s) => s.level))).toEqual(new Set(['elementary', 'middle', 'high', 'k8']));
  });

  it('uses state codes that cannot be real California schools', () => {
    for (const s of network.schools) expect(s.stateCode).toMatch(/^99\d{12}$/);
    expect(new Set(network.schools.map((s) => s.stateCode)).size).toBe(19);
  });

  it('has about 150 people with unique emails and every role', () => {
    expect(network.people.length).toBeGreaterThanOrEqual(140);
    expect(network.people.length).toBeLessThanOrEqual(160);
    expect(new Set(network.people.map((p) => p.email)).size).toBe(network.people.length);
    expect(new Set(network.memberships.map((m) => m.role))).toEqual(new Set(['org_admin', 'network_director', 'coach', 'district_leader', 'school_leader', 'team_member', 'viewer']));
  });

  it('gives every school a partnership, a principal, an ILT and a coach; intensive ones two coaches at 3.5 days', () => {
    for (const s of network.schools) {
      const p = network.partnerships.find((x) => x.schoolKey === s.key)!;
      const coaches = network.memberships.filter((m) => m.role === 'coach' && m.scopeKey === s.key);
      expect(coaches.length).toBe(p.supportLevel === 'intensive' ? 2 : 1);
      if (p.supportLevel === 'intensive') expect(p.coachDaysPerWeek).toBe(3.5);
      expect(network.memberships.some((m) => m.role === 'school_leader' && m.scopeKey === s.key)).toBe(true);
      expect(network.teams.some((t) => t.schoolKey === s.key && t.kind === 'ilt')).toBe(true);
      expect(p.startYear).toBeLessThanOrEqual(2026);
      expect(p.endYear).toBeGreaterThanOrEqual(2026);
    }
  });
});

describe('helpers', () => {
  it('apportions to the exact total', () => {
    expect(apportion([1, 1, 1], 10)).toEqual([4, 3, 3]);
    expect(apportion([500, 1500], 14_200)).toEqual([3550, 10650]);
  });
  it('starts the school year in July', () => {
    expect(currentSchoolYear(new Date('2026-06-30T00:00:00Z'))).toBe(2025);
    expect(currentSchoolYear(new Date('2026-07-01T00:00:00Z'))).toBe(2026);
  });
  it('moves partnerships from direct support to gradual release to sustaining', () => {
    expect(partnershipPhase(2025, 2028, 2026)).toBe('direct_support');
    expect(partnershipPhase(2024, 2028, 2026)).toBe('gradual_release');
    expect(partnershipPhase(2021, 2025, 2026)).toBe('sustaining');
  });
});
