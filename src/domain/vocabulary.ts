// The domain's words for kinds of things, as the database stores them and every layer names them (see DOMAIN.md).

export type SchoolLevel = 'elementary' | 'middle' | 'high' | 'k8' | 'k12';
export type SupportLevel = 'intensive' | 'light_touch';
export type PartnershipPhase = 'direct_support' | 'gradual_release' | 'sustaining';
export type TeamKind = 'ilt' | 'grade_level' | 'department' | 'plc' | 'district_team';
export type Role = 'org_admin' | 'network_director' | 'coach' | 'district_leader' | 'school_leader' | 'team_member' | 'viewer';
export type ScopeKind = 'organization' | 'collaboration' | 'district' | 'school' | 'team';
export type ReviewType = 'self_assessment' | 'support_review' | 'transformation_fall' | 'transformation_spring' | 'district_review';
