// The Kysely `Database` interface, written beside the migrations: one table type per table.
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Version = ColumnType<number, number | undefined, number>;
type Json = ColumnType<unknown, string | undefined | null, string | null>;

export type SchoolLevel = 'elementary' | 'middle' | 'high' | 'k8' | 'k12';
export type SupportLevel = 'intensive' | 'light_touch';
export type PartnershipPhase = 'direct_support' | 'gradual_release' | 'sustaining';
export type TeamKind = 'ilt' | 'grade_level' | 'department' | 'plc' | 'district_team';
export type Role =
  | 'org_admin'
  | 'network_director'
  | 'coach'
  | 'district_leader'
  | 'school_leader'
  | 'team_member'
  | 'viewer';
export type ScopeKind = 'organization' | 'collaboration' | 'district' | 'school' | 'team';

export interface OrganizationTable {
  id: Generated<string>;
  name: string;
  slug: string;
  is_demo: Generated<boolean>;
  created_at: Timestamp;
}

export interface DistrictTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  state: string;
  state_code: string;
  version: Version;
  created_at: Timestamp;
}

export interface SchoolTable {
  id: Generated<string>;
  organization_id: string;
  district_id: string;
  name: string;
  state_code: string;
  level: SchoolLevel;
  grade_low: number;
  grade_high: number;
  enrollment: number | null;
  city: string | null;
  version: Version;
  created_at: Timestamp;
}

export interface PartnershipTable {
  id: Generated<string>;
  organization_id: string;
  school_id: string | null;
  district_id: string;
  start_year: number;
  end_year: number;
  support_level: SupportLevel;
  // numeric comes back from PostgreSQL as a string
  coach_days_per_week: ColumnType<string, number | string, number | string>;
  phase: PartnershipPhase;
  version: Version;
  created_at: Timestamp;
}

export interface CollaborationTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  focal_area: string;
  start_year: number;
  end_year: number;
  version: Version;
  created_at: Timestamp;
}

export interface CollaborationDistrictTable {
  collaboration_id: string;
  district_id: string;
  is_pilot_site: Generated<boolean>;
}

export interface TeamTable {
  id: Generated<string>;
  organization_id: string;
  district_id: string;
  school_id: string | null;
  name: string;
  kind: TeamKind;
  version: Version;
  created_at: Timestamp;
}

export interface PersonTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  email: string;
  title: string | null;
  is_active: Generated<boolean>;
  password_hash: string | null;
  version: Version;
  created_at: Timestamp;
}

export interface MembershipTable {
  id: Generated<string>;
  person_id: string;
  role: Role;
  scope_kind: ScopeKind;
  scope_id: string;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  organization_id: string | null;
  actor_id: string | null;
  at: Timestamp;
  action: string;
  object_kind: string;
  object_id: string;
  before: Json;
  after: Json;
}

export interface SessionTable {
  id: string;
  person_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface PasswordLinkTable {
  token_hash: string;
  person_id: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface FrameworkTable {
  id: Generated<string>;
  organization_id: string | null;
  key: string;
  version: number;
  name: string;
  kind: 'school' | 'district';
  status: 'draft' | 'published';
  document: ColumnType<unknown, string, string>;
  built_in: Generated<boolean>;
  revision: Version;
  created_by: string | null;
  created_at: Timestamp;
  published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type ReviewType = 'self_assessment' | 'support_review' | 'transformation_fall' | 'transformation_spring' | 'district_review';
export type RatingSource = 'self' | 'external' | 'consensus';
export type EvidenceKind = 'interview' | 'focus_group' | 'classroom_observation' | 'survey' | 'document' | 'data';

export interface ReviewTable {
  id: Generated<string>;
  organization_id: string;
  district_id: string;
  school_id: string | null;
  framework_id: string;
  type: ReviewType;
  title: string;
  school_year: number;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  participants: ColumnType<unknown, string | undefined, string>;
  focus_indicators: ColumnType<string[], string | undefined, string>;
  levels: ColumnType<Record<string, number>, string | undefined, string>;
  status: ColumnType<'open' | 'finalized', 'open' | 'finalized' | undefined, 'open' | 'finalized'>;
  finalized_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  finalized_by: string | null;
  version: Version;
  created_by: string | null;
  created_at: Timestamp;
}

export interface RatingTable {
  id: Generated<string>;
  review_id: string;
  district_id: string;
  indicator_key: string;
  source: RatingSource;
  level: number | null;
  dimensions: ColumnType<Record<string, number>, string | undefined, string>;
  note: ColumnType<string, string | undefined, string>;
  version: Version;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface EvidenceTable {
  id: Generated<string>;
  rating_id: string;
  district_id: string;
  kind: EvidenceKind;
  note: string;
  created_by: string | null;
  created_at: Timestamp;
}

export interface Database {
  framework: FrameworkTable;
  review: ReviewTable;
  rating: RatingTable;
  evidence: EvidenceTable;
  session: SessionTable;
  password_link: PasswordLinkTable;
  organization: OrganizationTable;
  district: DistrictTable;
  school: SchoolTable;
  partnership: PartnershipTable;
  collaboration: CollaborationTable;
  collaboration_district: CollaborationDistrictTable;
  team: TeamTable;
  person: PersonTable;
  membership: MembershipTable;
  audit_log: AuditLogTable;
}

export type School = Selectable<SchoolTable>;
export type NewSchool = Insertable<SchoolTable>;
export type District = Selectable<DistrictTable>;
export type Person = Selectable<PersonTable>;
export type Team = Selectable<TeamTable>;
