// Tables of the network: organizations, districts, schools, partnerships, collaborations and teams.
import type { SchoolLevel, SupportLevel, PartnershipPhase, TeamKind } from '../../domain/vocabulary';
export type { SchoolLevel, SupportLevel, PartnershipPhase, TeamKind };
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp, Version } from './columns';

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
