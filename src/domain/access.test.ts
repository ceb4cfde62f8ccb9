import { describe, expect, it } from 'vitest';
import { decide, hasAnywhere, validScope, type Grant, type ObjectScope } from './access';

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
