import { describe, expect, it } from 'vitest';
import { apportion, DEMO_TOTAL_ENROLLMENT, generateDemoNetwork, partnerSchools, partnershipPhase } from './demo';

describe('demo network', () => {
  const asOf = new Date('2026-11-24T12:00:00Z');
  const network = generateDemoNetwork(asOf);

  it('is the same every time for the same date', () => {
    expect(generateDemoNetwork(asOf)).toEqual(network);
  });

  it('has 19 partner schools in 2 districts with about 14,200 students, and 6 comparison schools beside them', () => {
    const partners = partnerSchools(network);
    expect(partners).toHaveLength(19);
    expect(network.schools).toHaveLength(25);
    expect(new Set(partners.map((s) => s.districtKey)).size).toBe(2);
    expect(partners.reduce((sum, s) => sum + s.enrollment, 0)).toBe(DEMO_TOTAL_ENROLLMENT);
    expect(new Set(partners.map((s) => s.level))).toEqual(new Set(['elementary', 'middle', 'high', 'k8']));
    const comparison = network.schools.filter((s) => !partners.includes(s));
    expect(new Set(comparison.map((s) => s.districtKey))).toEqual(new Set(partners.map((s) => s.districtKey)));
    expect(new Set(comparison.map((s) => s.name)).size + new Set(partners.map((s) => s.name)).size).toBe(25);
  });

  it('uses state codes that cannot be real California schools', () => {
    for (const s of network.schools) expect(s.stateCode).toMatch(/^99\d{12}$/);
    expect(new Set(network.schools.map((s) => s.stateCode)).size).toBe(25);
  });

  it('has about 150 people with unique emails and every role', () => {
    expect(network.people.length).toBeGreaterThanOrEqual(140);
    expect(network.people.length).toBeLessThanOrEqual(160);
    expect(new Set(network.people.map((p) => p.email)).size).toBe(network.people.length);
    expect(new Set(network.memberships.map((m) => m.role))).toEqual(
      new Set(['org_admin', 'network_director', 'coach', 'district_leader', 'school_leader', 'team_member', 'viewer']),
    );
  });

  it('gives comparison schools no partnership and no people', () => {
    const partners = new Set(partnerSchools(network).map((s) => s.key));
    const comparison = network.schools.filter((s) => !partners.has(s.key));
    for (const s of comparison) {
      expect(network.partnerships.some((p) => p.schoolKey === s.key)).toBe(false);
      expect(network.memberships.some((m) => m.scopeKey === s.key)).toBe(false);
      expect(network.teams.some((t) => t.schoolKey === s.key)).toBe(false);
    }
  });

  it('gives every partner school a partnership, a principal, an ILT and a coach; intensive ones two coaches at 3.5 days', () => {
    for (const s of partnerSchools(network)) {
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
  it('moves partnerships from direct support to gradual release to sustaining', () => {
    expect(partnershipPhase(2025, 2028, 2026)).toBe('direct_support');
    expect(partnershipPhase(2024, 2028, 2026)).toBe('gradual_release');
    expect(partnershipPhase(2021, 2025, 2026)).toBe('sustaining');
  });
});
