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
  opened_hash: string | null;
  opened_until: Timestamp | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  organization_id: string;
  person_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface FailedAttemptTable {
  kind: 'sign_in' | 'password_change';
  subject: string;
  at: Timestamp;
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
  /** Finalized with indicators unrated, on purpose: such a review never feeds next year's outcome proposals. */
  partial: Generated<boolean>;
  partial_reason: string | null;
  version: Version;
  created_by: string | null;
  created_at: Timestamp;
}

/** A person named as a reviewer of one review: they give its external and consensus ratings. */
export interface ReviewReviewerTable {
  review_id: string;
  person_id: string;
  organization_id: string;
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

export type ImportFormat = 'edsight' | 'caaspp' | 'edfi-xml' | 'student-csv' | 'oneroster';
/** `interrupted`: the process running it stopped (killed, crashed) before it finished; nothing from it was kept. */
export type ImportStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface ImportRunTable {
  id: Generated<string>;
  organization_id: string;
  /** `generated`: records made by code (the demo network), not read from a file. */
  format: ImportFormat | 'generated';
  options: ColumnType<Record<string, unknown>, string | undefined, string>;
  files: ColumnType<{ name: string; sha256: string; bytes: number }[], string | undefined, string>;
  status: ImportStatus;
  total_bytes: ColumnType<string, number | undefined, number>;
  rows_read: ColumnType<number, number | undefined, number>;
  rows_inserted: ColumnType<number, number | undefined, number>;
  rows_updated: ColumnType<number, number | undefined, number>;
  rows_unchanged: ColumnType<number, number | undefined, number>;
  error: ColumnType<{ message: string; details: { where: string; message: string }[] } | null, string | null | undefined, string | null>;
  started_by: string | null;
  started_via: 'cli' | 'web';
  started_at: Timestamp;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The process running the import, and its host: a run whose process is gone is interrupted. */
  pid: ColumnType<number | null, number | null | undefined, number | null>;
  host: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ResultEntityTable {
  id: Generated<string>;
  organization_id: string;
  state: string;
  kind: 'state' | 'county' | 'district' | 'school';
  code: string;
  name: string | null;
  district_id: string | null;
  school_id: string | null;
}

export interface AggregateResultTable {
  organization_id: string;
  entity_id: string;
  district_id: string | null;
  source: string;
  year: string;
  assessment: string;
  subject: string;
  grade: string;
  student_group: string;
  tested: number | null;
  level_counts: (number | null)[] | null;
  level_percents: ColumnType<(string | null)[] | null, (number | null)[] | null, (number | null)[] | null>;
  met_or_above: number | null;
  met_derived: ColumnType<boolean, boolean | undefined, boolean>;
  pct_met_or_above: ColumnType<string | null, number | null, number | null>;
  mean_scale_score: ColumnType<string | null, number | null, number | null>;
  suppressed: boolean;
  source_line: number;
  import_run_id: string;
}

export interface StudentTable {
  id: Generated<string>;
  organization_id: string;
  district_id: string;
  school_id: string | null;
  local_id: string;
  first_name: string | null;
  last_name: string | null;
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  grade: number | null;
  demographics: ColumnType<Record<string, unknown>, string | undefined, string>;
  import_run_id: string;
}

export interface StudentResultTable {
  id: Generated<string>;
  organization_id: string;
  district_id: string;
  student_id: string;
  assessment_id: string;
  assessment_title: string | null;
  subject: string | null;
  grade: number | null;
  school_year: string | null;
  administration_date: string;
  scale_score: ColumnType<string | null, number | null, number | null>;
  raw_score: ColumnType<string | null, number | null, number | null>;
  performance_level: string | null;
  level_ordinal: number | null;
  source_line: number;
  import_run_id: string;
}

export interface OutcomeSetTable {
  id: Generated<string>;
  organization_id: string;
  district_id: string;
  school_id: string;
  school_year: number;
  status: ColumnType<'draft' | 'approved', 'draft' | 'approved' | undefined, 'draft' | 'approved'>;
  approved_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  approved_by: string | null;
  version: Version;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AnnualOutcomeTable {
  id: Generated<string>;
  outcome_set_id: string;
  district_id: string;
  position: number;
  kind: 'implementation' | 'student';
  target: ColumnType<unknown, string, string>;
  title: string;
  reason: ColumnType<string, string | undefined, string>;
  source: 'review' | 'results' | 'reflection' | 'team';
}

export interface OutcomeCommentTable {
  id: Generated<string>;
  outcome_set_id: string;
  district_id: string;
  outcome_id: string | null;
  person_id: string | null;
  body: string;
  created_at: Timestamp;
}

export interface PlanTable {
  id: Generated<string>;
  organization_id: string;
  district_id: string;
  school_id: string;
  school_year: number;
  outcome_set_id: string | null;
  document: ColumnType<unknown, string | undefined, string>;
  version: Version;
  created_by: string | null;
  created_at: Timestamp;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface PlanRevisionTable {
  id: Generated<string>;
  plan_id: string;
  district_id: string;
  number: number;
  reason: string;
  document: ColumnType<unknown, string, string>;
  plan_version: number;
  created_by: string | null;
  created_at: Timestamp;
}

export type CheckinStatus = 'on_track' | 'at_risk' | 'off_track';

export interface PlanCheckinTable {
  id: Generated<string>;
  plan_id: string;
  district_id: string;
  goal_id: string | null;
  status: CheckinStatus;
  evidence: ColumnType<string, string | undefined, string>;
  notes: ColumnType<string, string | undefined, string>;
  checked_on: ColumnType<string, string, string>;
  created_by: string | null;
  created_at: Timestamp;
}

export interface GoalReflectionTable {
  plan_id: string;
  goal_id: string;
  district_id: string;
  result: 'met' | 'partly' | 'not_met';
  learned: ColumnType<string, string | undefined, string>;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface Database {
  import_run: ImportRunTable;
  result_entity: ResultEntityTable;
  aggregate_result: AggregateResultTable;
  student: StudentTable;
  student_result: StudentResultTable;
  outcome_set: OutcomeSetTable;
  annual_outcome: AnnualOutcomeTable;
  outcome_comment: OutcomeCommentTable;
  plan: PlanTable;
  plan_revision: PlanRevisionTable;
  plan_checkin: PlanCheckinTable;
  goal_reflection: GoalReflectionTable;
  framework: FrameworkTable;
  review: ReviewTable;
  review_reviewer: ReviewReviewerTable;
  rating: RatingTable;
  evidence: EvidenceTable;
  session: SessionTable;
  password_link: PasswordLinkTable;
  api_token: ApiTokenTable;
  failed_attempt: FailedAttemptTable;
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
