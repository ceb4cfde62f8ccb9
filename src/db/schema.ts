// The Kysely `Database` interface, written beside the migrations: one table type per table, each kept with its feature in ./schema/.
import type { Insertable, Selectable } from 'kysely';
import type {
  OrganizationTable,
  DistrictTable,
  SchoolTable,
  PartnershipTable,
  CollaborationTable,
  CollaborationDistrictTable,
  TeamTable,
} from './schema/network';
import type { PersonTable, MembershipTable, AuditLogTable, SessionTable, PasswordLinkTable, ApiTokenTable, FailedAttemptTable } from './schema/people';
import type { FrameworkTable, ReviewTable, ReviewReviewerTable, RatingTable, EvidenceTable } from './schema/reviews';
import type { ImportRunTable, ResultEntityTable, AggregateResultTable, StudentTable, StudentResultTable } from './schema/results';
import type {
  OutcomeSetTable,
  AnnualOutcomeTable,
  OutcomeCommentTable,
  PlanTable,
  PlanRevisionTable,
  PlanCheckinTable,
  GoalReflectionTable,
} from './schema/plans';

export type {
  SchoolLevel,
  SupportLevel,
  PartnershipPhase,
  TeamKind,
  OrganizationTable,
  DistrictTable,
  SchoolTable,
  PartnershipTable,
  CollaborationTable,
  CollaborationDistrictTable,
  TeamTable,
} from './schema/network';
export type {
  Role,
  ScopeKind,
  PersonTable,
  MembershipTable,
  AuditLogTable,
  SessionTable,
  PasswordLinkTable,
  ApiTokenTable,
  FailedAttemptTable,
} from './schema/people';
export type { FrameworkTable, ReviewType, RatingSource, EvidenceKind, ReviewTable, ReviewReviewerTable, RatingTable, EvidenceTable } from './schema/reviews';
export type { ImportFormat, ImportStatus, ImportRunTable, ResultEntityTable, AggregateResultTable, StudentTable, StudentResultTable } from './schema/results';
export type {
  OutcomeSetTable,
  AnnualOutcomeTable,
  OutcomeCommentTable,
  PlanTable,
  PlanRevisionTable,
  CheckinStatus,
  PlanCheckinTable,
  GoalReflectionTable,
} from './schema/plans';

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
