// Who may do what where: roles grant permissions over the subtree of the scope they are granted at.
import { ROLES, type ReviewType, type Role, type ScopeKind } from './vocabulary';
import type { Source } from './rating';

export type Permission =
  | 'read' // see the object and its aggregates
  | 'read_aggregates' // see a district's name, its reported results and the schools the person sees in it (implied by read)
  | 'edit' // change program data: school details, teams, reviews, plans
  | 'comment' // add comments to drafts (annual outcomes) of a school they work in
  | 'read_students' // see student-level rows
  | 'manage_people' // people, memberships, invitations
  | 'read_audit' // browse the audit log
  | 'import_results' // import assessment results and rosters
  | 'rate_external' // give a review's external and consensus ratings (the reviewers)
  | 'admin'; // reopen finalized work, organization settings

export { ROLES };

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
  org_admin: ['read', 'edit', 'comment', 'manage_people', 'read_audit', 'import_results', 'rate_external', 'admin'],
  network_director: ['read', 'edit', 'comment', 'read_audit', 'import_results', 'rate_external'],
  coach: ['read', 'edit', 'comment', 'read_students', 'rate_external'],
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
  /** For a school or team grant: the district that school or team is in. */
  districtId?: string | null;
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
  /** For a review: the people named as its reviewers. */
  reviewerIds?: readonly string[];
}

/** What naming a person as a reviewer of a review lets them do there, whatever their role. */
const NAMED_REVIEWER_PERMISSIONS: readonly Permission[] = ['read', 'rate_external'];

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

/**
 * A school or team grant lets its holder read their own district's aggregates (its page and reported
 * results, to compare with), nothing else of the district: not its reviews, teams or other schools.
 */
function readsOwnDistrict(grant: Grant, object: ObjectScope): boolean {
  if ((grant.scopeKind !== 'school' && grant.scopeKind !== 'team') || object.schoolId || object.teamId) return false;
  return !!grant.districtId && grant.districtId === object.districtId;
}

/** Whether a role gives a permission where it is granted; `read` includes `read_aggregates`. */
const roleAllows = (role: Role, permission: Permission) => ROLE_PERMISSIONS[role].includes(permission === 'read_aggregates' ? 'read' : permission);

export type Decision = 'allow' | 'forbidden' | 'not_found';

/**
 * The one access decision. An object no grant reaches is `not_found` (its existence is not
 * revealed); one that is visible but whose grants lack the permission is `forbidden`. A person
 * named as a reviewer of a review reads it and rates it as a reviewer, whatever their grants.
 */
export function decide(
  grants: readonly Grant[],
  object: ObjectScope,
  permission: Permission,
  teamSchoolIds: ReadonlyMap<string, string> = new Map(),
  personId?: string,
): Decision {
  const named = personId !== undefined && (object.reviewerIds?.includes(personId) ?? false);
  if (named && NAMED_REVIEWER_PERMISSIONS.includes(permission)) return 'allow';
  let visible = named;
  for (const g of grants) {
    if (covers(g, object)) {
      visible = true;
      if (roleAllows(g.role, permission)) return 'allow';
    } else if (readsUpward(g, object, teamSchoolIds)) {
      visible = true;
      if (permission === 'read' || permission === 'read_aggregates' || (permission === 'comment' && ROLE_PERMISSIONS[g.role].includes('comment')))
        return 'allow';
    } else if (readsOwnDistrict(g, object)) {
      visible = true;
      if (permission === 'read_aggregates') return 'allow';
    }
  }
  return visible ? 'forbidden' : 'not_found';
}

/** The roles of a school's or district's own staff: they give its self rating, never the external one. */
const OWN_STAFF: readonly Role[] = ['district_leader', 'school_leader', 'team_member'];

/** Whether the grants make a person one of the reviewed school's (or district's) own staff. */
export function isOwnStaff(grants: readonly Grant[], object: ObjectScope, teamSchoolIds: ReadonlyMap<string, string> = new Map()): boolean {
  return grants.some((g) => OWN_STAFF.includes(g.role) && (covers(g, object) || readsUpward(g, object, teamSchoolIds)));
}

export interface ReviewScope extends ObjectScope {
  type: ReviewType;
}

/**
 * The rating sources a person may give on a review. The self rating is the school's (or district's)
 * own view, given by whoever may edit the review; the external and consensus ratings are the
 * reviewers': roles with `rate_external` and the people named as the review's reviewers. A
 * self-assessment has a self rating only.
 */
export function ratingSources(
  grants: readonly Grant[],
  review: ReviewScope,
  teamSchoolIds: ReadonlyMap<string, string> = new Map(),
  personId?: string,
): Source[] {
  const out: Source[] = [];
  if (decide(grants, review, 'edit', teamSchoolIds, personId) === 'allow') out.push('self');
  if (review.type !== 'self_assessment' && decide(grants, review, 'rate_external', teamSchoolIds, personId) === 'allow') out.push('external', 'consensus');
  return out;
}

/** The source whose raters close a review: its reviewers, except a self-assessment, which the school closes itself. */
export const finalizingSource = (type: ReviewType): Source => (type === 'self_assessment' ? 'self' : 'consensus');

const REVIEWERS = "the partner's coaches, network directors and organization admins, and the people named as reviewers of this review";

/** Why a person may not give a rating source on a review, in a sentence they can act on. */
export function ratingRefusal(source: Source, type: ReviewType): string {
  if (source === 'self') return 'Your role does not allow rating this review. Ask an organization admin if you need it.';
  if (type === 'self_assessment') return `A self-assessment has a self rating only; give ${source} ratings in a support review or a transformation review.`;
  const what = source === 'external' ? 'give the external rating' : 'record the consensus rating';
  return `Only the review's reviewers ${what}: ${REVIEWERS}. The school's own staff and district leaders give the self rating; if you are one of the reviewers, ask the review's coach or an organization admin to name you.`;
}

/** Why a person may not finalize a review. */
export function finalizeRefusal(type: ReviewType): string {
  if (type === 'self_assessment') return 'Your role does not allow finalizing this review. Ask an organization admin if you need it.';
  return `Only the review's reviewers finalize it: ${REVIEWERS}. Ask one of them to finalize it.`;
}

/** Whether any grant gives this permission anywhere (e.g. to show the admin menu). */
export function hasAnywhere(grants: readonly Grant[], permission: Permission): boolean {
  return grants.some((g) => ROLE_PERMISSIONS[g.role].includes(permission));
}

export function validScope(role: Role, scopeKind: ScopeKind): boolean {
  return ROLE_SCOPES[role].includes(scopeKind);
}
