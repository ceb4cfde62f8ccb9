// Tables of annual outcomes and plans: outcome sets, outcomes, comments, plans, revisions, check-ins and goal reflections.
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp, Version } from './columns';

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
