// The shapes of the API's answers, as the web app reads them (dates arrive as ISO strings).
import type { PartnershipPhase, Role, SchoolLevel, ScopeKind, SupportLevel, TeamKind } from '../../src/db/schema';

export type { PartnershipPhase, Role, ScopeKind, SupportLevel, TeamKind };

export interface Session {
  signedIn: boolean;
  setupNeeded: boolean;
  demo: boolean;
  csrfToken?: string;
  person?: { id: string; name: string; email: string };
  organization?: { id: string; name: string; isDemo: boolean };
  roles?: Role[];
  can?: { managePeople: boolean; readAudit: boolean; importResults?: boolean };
  orgWide?: boolean;
}

/** One row of the network table: a school with its current partnership (if any). */
export interface SchoolRow {
  id: string;
  name: string;
  state_code: string;
  level: SchoolLevel;
  grade_low: number;
  grade_high: number;
  enrollment: number | null;
  city: string | null;
  district_id: string;
  district_name: string;
  support_level: SupportLevel | null;
  coach_days_per_week: number | null;
  start_year: number | null;
  end_year: number | null;
  phase: PartnershipPhase | null;
}

export interface Partnership {
  id: string;
  start_year: number;
  end_year: number;
  support_level: SupportLevel;
  coach_days_per_week: number;
  phase: PartnershipPhase;
}

export interface TeamMember {
  id: string;
  name: string;
  title: string | null;
  role: Role;
}

export interface Team {
  id: string;
  name: string;
  kind: TeamKind;
  members: TeamMember[];
}

export interface SchoolDetail {
  id: string;
  name: string;
  state_code: string;
  level: SchoolLevel;
  grade_low: number;
  grade_high: number;
  enrollment: number | null;
  city: string | null;
  version: number;
  district_id: string;
  district_name: string;
  state: string;
  partnerships: Partnership[];
  teams: Team[];
  staff: (TeamMember & { email: string })[];
  can: { edit: boolean; readStudents: boolean };
}

export interface District {
  id: string;
  name: string;
  state: string;
  state_code: string;
  school_count: number;
}

export interface DistrictDetail {
  id: string;
  name: string;
  state: string;
  state_code: string;
  /** Only the schools and district teams this person may see. */
  schools: SchoolRow[];
  teams: { id: string; name: string; kind: TeamKind }[];
  /** A school's own staff read the district's page and results, not its reviews. */
  can: { readReviews: boolean; edit: boolean };
}

/** A person with their roles, and one page of them, as the server's schema declares them. */
export type { PeoplePage, PersonRow } from '../../src/server/routes/people';

export type Scopes = Record<ScopeKind, { id: string; name: string }[]>;
