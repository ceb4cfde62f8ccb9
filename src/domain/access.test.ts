import { describe, expect, it } from 'vitest';
import { decide, hasAnywhere, isOwnStaff, ratingRefusal, ratingSources, validScope, type Grant, type ObjectScope } from './access';

const org = 'org-1';
const schoolA: ObjectScope = { organizationId: org, districtId: 'd-1', schoolId: 's-a', collaborationIds: ['c-1'] };
const schoolB: ObjectScope = { organizationId: org, districtId: 'd-2', schoolId: 's-b' };
const teamA: ObjectScope = { ...schoolA, teamId: 't-a' };

describe('decide', () => {
  it('lets an org-wide role reach every object of its organization only', () => {
    const g: Grant[] = [{ role: 'network_director', scopeKind: 'organization', scopeId: org }];
    expect(decide(g, schoolB, 'read')).toBe('allow');
    expect(decide(g, schoolB, 'manage_people')).toBe('forbidden');
    expect(decide(g, { organizationId: 'org-2' }, 'read')).toBe('not_found');
  });

  it('hides out-of-scope objects and forbids in-scope ones without the permission', () => {
    const viewer: Grant[] = [{ role: 'viewer', scopeKind: 'school', scopeId: 's-a' }];
    expect(decide(viewer, schoolA, 'read')).toBe('allow');
    expect(decide(viewer, schoolA, 'edit')).toBe('forbidden');
    expect(decide(viewer, schoolB, 'read')).toBe('not_found');
  });

  it('covers a district’s schools and teams, and a collaboration’s districts', () => {
    expect(decide([{ role: 'district_leader', scopeKind: 'district', scopeId: 'd-1' }], teamA, 'edit')).toBe('allow');
    expect(decide([{ role: 'coach', scopeKind: 'collaboration', scopeId: 'c-1' }], schoolA, 'edit')).toBe('allow');
    expect(decide([{ role: 'coach', scopeKind: 'collaboration', scopeId: 'c-1' }], schoolB, 'read')).toBe('not_found');
  });

  it('lets a team member read their school but not edit it, and not read other schools', () => {
    const g: Grant[] = [{ role: 'team_member', scopeKind: 'team', scopeId: 't-a' }];
    const teams = new Map([['t-a', 's-a']]);
    expect(decide(g, schoolA, 'read', teams)).toBe('allow');
    expect(decide(g, schoolA, 'edit', teams)).toBe('forbidden');
    expect(decide(g, schoolA, 'read_students', teams)).toBe('forbidden');
    expect(decide(g, teamA, 'read_students', teams)).toBe('allow');
    expect(decide(g, schoolB, 'read', teams)).toBe('not_found');
    // Teachers add their voice to their school's draft outcomes; a viewer only reads.
    expect(decide(g, schoolA, 'comment', teams)).toBe('allow');
    expect(decide(g, schoolB, 'comment', teams)).toBe('not_found');
    expect(decide([{ role: 'viewer', scopeKind: 'organization', scopeId: org }], schoolA, 'comment')).toBe('forbidden');
  });

  it('gives student rows to school staff and coaches only', () => {
    expect(decide([{ role: 'school_leader', scopeKind: 'school', scopeId: 's-a' }], schoolA, 'read_students')).toBe('allow');
    expect(decide([{ role: 'coach', scopeKind: 'school', scopeId: 's-a' }], schoolA, 'read_students')).toBe('allow');
    expect(decide([{ role: 'district_leader', scopeKind: 'district', scopeId: 'd-1' }], schoolA, 'read_students')).toBe('forbidden');
    expect(decide([{ role: 'network_director', scopeKind: 'organization', scopeId: org }], schoolA, 'read_students')).toBe('forbidden');
  });

  it('takes the union of grants', () => {
    const g: Grant[] = [
      { role: 'viewer', scopeKind: 'organization', scopeId: org },
      { role: 'school_leader', scopeKind: 'school', scopeId: 's-a' },
    ];
    expect(decide(g, schoolA, 'edit')).toBe('allow');
    expect(decide(g, schoolB, 'edit')).toBe('forbidden');
    expect(hasAnywhere(g, 'manage_people')).toBe(false);
  });

  it('knows where each role may be granted', () => {
    expect(validScope('org_admin', 'organization')).toBe(true);
    expect(validScope('org_admin', 'school')).toBe(false);
    expect(validScope('school_leader', 'district')).toBe(false);
  });
});

describe('rating sources', () => {
  const review = { ...schoolA, type: 'transformation_fall' as const };
  const leader: Grant[] = [{ role: 'school_leader', scopeKind: 'school', scopeId: 's-a' }];
  const coach: Grant[] = [{ role: 'coach', scopeKind: 'school', scopeId: 's-a' }];

  it('gives the school its self rating and the reviewers the external and consensus ratings', () => {
    expect(ratingSources(leader, review)).toEqual(['self']);
    expect(ratingSources([{ role: 'district_leader', scopeKind: 'district', scopeId: 'd-1' }], review)).toEqual(['self']);
    expect(ratingSources(coach, review)).toEqual(['self', 'external', 'consensus']);
    expect(ratingSources([{ role: 'network_director', scopeKind: 'organization', scopeId: org }], review)).toEqual(['self', 'external', 'consensus']);
    expect(ratingSources([{ role: 'viewer', scopeKind: 'organization', scopeId: org }], review)).toEqual([]);
  });

  it('lets a person named as reviewer read and rate that review as a reviewer, whatever their role', () => {
    const peer: Grant[] = [{ role: 'school_leader', scopeKind: 'school', scopeId: 's-b' }];
    expect(decide(peer, review, 'read', new Map(), 'p-peer')).toBe('not_found');
    const named = { ...review, reviewerIds: ['p-peer'] };
    expect(decide(peer, named, 'read', new Map(), 'p-peer')).toBe('allow');
    expect(decide(peer, named, 'edit', new Map(), 'p-peer')).toBe('forbidden');
    expect(ratingSources(peer, named, new Map(), 'p-peer')).toEqual(['external', 'consensus']);
    expect(ratingSources(peer, named, new Map(), 'someone-else')).toEqual([]);
  });

  it('keeps a self-assessment to its self rating, with a sentence for anything else', () => {
    expect(ratingSources(coach, { ...review, type: 'self_assessment' })).toEqual(['self']);
    expect(ratingRefusal('external', 'self_assessment')).toMatch(/^A self-assessment has a self rating only/);
    expect(ratingRefusal('external', 'transformation_fall')).toMatch(/^Only the review's reviewers give the external rating: /);
  });

  it('knows a school’s and a district’s own staff', () => {
    const teams = new Map([['t-a', 's-a']]);
    expect(isOwnStaff(leader, schoolA)).toBe(true);
    expect(isOwnStaff(leader, schoolB)).toBe(false);
    expect(isOwnStaff([{ role: 'team_member', scopeKind: 'team', scopeId: 't-a' }], schoolA, teams)).toBe(true);
    expect(isOwnStaff([{ role: 'district_leader', scopeKind: 'district', scopeId: 'd-1' }], schoolA)).toBe(true);
    expect(isOwnStaff(coach, schoolA)).toBe(false);
  });
});

describe("a school's own staff and their district", () => {
  const districtOne: ObjectScope = { organizationId: org, districtId: 'd-1', collaborationIds: ['c-1'] };
  const districtTeam: ObjectScope = { ...districtOne, teamId: 't-district' };
  const leader: Grant[] = [{ role: 'school_leader', scopeKind: 'school', scopeId: 's-a', districtId: 'd-1' }];
  const teacher: Grant[] = [{ role: 'team_member', scopeKind: 'team', scopeId: 't-a', districtId: 'd-1' }];

  it('read the aggregates of the district their school is in, and nothing else of it', () => {
    for (const g of [leader, teacher]) {
      expect(decide(g, districtOne, 'read_aggregates')).toBe('allow');
      expect(decide(g, districtOne, 'read')).toBe('forbidden');
      expect(decide(g, districtOne, 'edit')).toBe('forbidden');
      expect(decide(g, districtTeam, 'read')).toBe('not_found');
      expect(decide(g, { organizationId: org, districtId: 'd-2' }, 'read_aggregates')).toBe('not_found');
    }
    // Another school of the same district stays out of reach.
    expect(decide(leader, { ...districtOne, schoolId: 's-other' }, 'read_aggregates')).toBe('not_found');
  });

  it('leave everyone else as before: read includes the aggregates', () => {
    expect(decide([{ role: 'district_leader', scopeKind: 'district', scopeId: 'd-1' }], districtOne, 'read_aggregates')).toBe('allow');
    expect(decide([{ role: 'viewer', scopeKind: 'organization', scopeId: org }], districtOne, 'read_aggregates')).toBe('allow');
    // A grant that does not say where its school is reaches no district.
    expect(decide([{ role: 'school_leader', scopeKind: 'school', scopeId: 's-a' }], districtOne, 'read_aggregates')).toBe('not_found');
  });
});
