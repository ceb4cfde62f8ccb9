// Who may do what where: roles grant permissions over the subtree of the scope they are granted at.
import type { Role, ScopeKind } from '../db/schema';

export type Permission =
  | 'read' // see the object and its aggregates
  | 'edit' // change program data: school details, teams, reviews, plans
  | 'comment' // add comments to drafts (annual outcomes) of a school they work in
  | 'read_students' // see student-level rows
  | 'manage_people' // people, memberships, invitations
  | 'read_audit' // browse the audit log
  | 'import_results' // import assessment results and rosters
  | 'admin'; // reopen finalized work, organization settings

export const ROLES: readonly Role[] = [
  'org_admin',
  'network_director',
  'coach',
  'district_leader',
  'school_leader',
  'team_member',
  'viewer',
];

export const ROLE_LABELS: Record<Role, string> = {
  org_admin: 'Organization admin',
  network_director: 'Network director',
  coach: 'Coach',
  district_leader: 'District leader',
  school_leader: 'School leader',
  team_member: 'Team member',
  viewer: 'Viewer',
};

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  org_admin: ['read', 'edit', 'comment', 'manage_people', 'read_audit', 'import_results', 'admin'],
  network_director: ['read', 'edit', 'comment', 'read_audit', 'import_results'],
  coach: ['read', 'edit', 'comment', 'read_students'],
  district_leader: ['read', 'edit', 'comment'],
  school_leader: ['read', 'edit', 'comment', 'read_students'],
  team_member: ['read', 'comment', 'read_students'],
  viewer: ['read'],
};

/** Which scope kinds each role may be granted at. */
export const ROLE_SCOPES: Record<Role, readonly ScopeKind[]> = {
  org_admin: ['organization'],
  network_director: ['organization'],
  coach: ['school', 'team', 'district', 'collaboration'],
  district_leader: ['district'],
  school_leader: ['school'],
  team_member: ['team', 'school'],
  viewer: ['organization', 'district', 'school'],
};

export interface Grant {
  role: Role;
  scopeKind: ScopeKind;
  scopeId: string;
}

/**
 * Where an object sits: the ids of every scope that contains it. A school in a district that is in
 * a collaboration has organization, district, collaboration(s) and school filled in.
 */
export interface ObjectScope {
  organizationId: string;
  districtId?: string | null;
  collaborationIds?: readonly string[];
  schoolId?: string | null;
  teamId?: string | null;
}

function covers(grant: Grant, object: ObjectScope): boolean {
  switch (grant.scopeKind) {
    case 'organization':
      return grant.scopeId === object.organizationId;
    case 'district':
      return grant.scopeId === object.districtId;
    case 'collaboration':
      return object.collaborationIds?.includes(grant.scopeId) ?? false;
    case 'school':
      return grant.scopeId === object.schoolId;
    case 'team':
      return grant.scopeId === object.teamId;
  }
}

/** A team grant lets its members read the school the team belongs to (the school page) and comment on its drafts, nothing wider. */
function readsUpward(grant: Grant, object: ObjectScope, teamSchoolIds: ReadonlyMap<string, string>): boolean {
  if (grant.scopeKind !== 'team' || object.teamId) return false;
  const school = teamSchoolIds.get(grant.scopeId);
  return school !== undefined && school === object.schoolId;
}

export type Decision = 'allow' | 'forbidden' | 'not_found';

/**
 * The one access decision. An object no grant reaches is `not_found` (its existence is not
 * revealed); one that is visible but whose grants lack the permission is `forbidden`.
 */
export function decide(
  grants: readonly Grant[],
  object: ObjectScope,
  permission: Permission,
  teamSchoolIds: ReadonlyMap<string, string> = new Map(),
): Decision {
  let visible = false;
  for (const g of grants) {
    if (covers(g, object)) {
      visible = true;
      if (ROLE_PERMISSIONS[g.role].includes(permission)) return 'allow';
    } else if (readsUpward(g, object, teamSchoolIds)) {
      visible = true;
      if (permission === 'read' || (permission === 'comment' && ROLE_PERMISSIONS[g.role].includes('comment'))) return 'allow';
    }
  }
  return visible ? 'forbidden' : 'not_found';
}

/** Whether any grant gives this permission anywhere (e.g. to show the admin menu). */
export function hasAnywhere(grants: readonly Grant[], permission: Permission): boolean {
  return grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission));
}

export function validScope(role: Role, scopeKind: ScopeKind): boolean {
  return ROLE_SCOPES[role].includes(scopeKind);
}
