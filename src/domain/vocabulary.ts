// The domain's words for kinds of things, as the database stores them and every layer names them (see DOMAIN.md).

// The lists are values too, so the API's schemas accept and declare exactly these words.
export const SCHOOL_LEVELS = ['elementary', 'middle', 'high', 'k8', 'k12'] as const;
export const SUPPORT_LEVELS = ['intensive', 'light_touch'] as const;
export const PARTNERSHIP_PHASES = ['direct_support', 'gradual_release', 'sustaining'] as const;
export const TEAM_KINDS = ['ilt', 'grade_level', 'department', 'plc', 'district_team'] as const;
export const SCOPE_KINDS = ['organization', 'collaboration', 'district', 'school', 'team'] as const;

export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];
export type SupportLevel = (typeof SUPPORT_LEVELS)[number];
export type PartnershipPhase = (typeof PARTNERSHIP_PHASES)[number];
export type TeamKind = (typeof TEAM_KINDS)[number];
export const ROLES = ['org_admin', 'network_director', 'coach', 'district_leader', 'school_leader', 'team_member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export type ScopeKind = (typeof SCOPE_KINDS)[number];
export const REVIEW_TYPES = ['self_assessment', 'support_review', 'transformation_fall', 'transformation_spring', 'district_review'] as const;
export type ReviewType = (typeof REVIEW_TYPES)[number];
