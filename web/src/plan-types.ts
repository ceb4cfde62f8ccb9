// The shapes of the outcomes and plan answers, as the web app reads them (see src/server/routes/plans.ts).
import type { Candidate, OutcomeTarget, PlanChange, PlanGoal, PlanSnapshot, Progress, ProgressStatus } from '../../src/domain/outcomes';

export type { Candidate, OutcomeTarget, PlanChange, PlanGoal, PlanSnapshot, Progress, ProgressStatus };

export interface Can {
  edit: boolean;
  comment: boolean;
  admin: boolean;
}

export interface SchoolRef {
  id: string;
  name: string;
  districtId: string;
  districtName: string;
}

export interface Outcome {
  id: string;
  position: number;
  kind: 'implementation' | 'student';
  target: OutcomeTarget;
  title: string;
  reason: string;
  source: 'review' | 'results' | 'reflection' | 'team';
}

export interface OutcomesAnswer {
  school: SchoolRef;
  schoolYear: number;
  yearLabel: string;
  set: { id: string; status: 'draft' | 'approved'; version: number; approvedAt: string | null; approvedBy: string | null; updatedAt: string } | null;
  outcomes: Outcome[];
  comments: { id: string; outcomeId: string | null; body: string; createdAt: string; by: string }[];
  candidates: Candidate[];
  /** What the proposals come from: the latest complete finalized review ("title (date)"), the latest results and last year's reflections. */
  evidence: { review: string | null; reviewId: string | null; resultsYear: string | null; reflections: number } | null;
  can: Can;
}

export interface PlanAnswer {
  school: SchoolRef;
  schoolYear: number;
  yearLabel: string;
  outcomesStatus: 'draft' | 'approved' | null;
  plan: { id: string; version: number; document: PlanSnapshot; updatedAt: string; updatedBy: string | null } | null;
  progress: Record<string, Progress>;
  status: Exclude<ProgressStatus, 'met'>;
  checkins: { id: string; goalId: string | null; status: 'on_track' | 'at_risk' | 'off_track'; evidence: string; notes: string; checkedOn: string; by: string | null }[];
  revisions: { number: number; reason: string; createdAt: string; planVersion: number; by: string | null }[];
  reflections: Record<string, { result: 'met' | 'partly' | 'not_met'; learned: string; updatedAt: string }>;
  can: Can;
}

export interface NetworkPlans {
  year: number;
  yearLabel: string;
  coaches: { id: string; name: string }[];
  schools: {
    id: string;
    name: string;
    district: { id: string; name: string };
    coaches: { id: string; name: string }[];
    outcomes: { status: 'draft' | 'approved' | null; implementation: number; student: number };
    goals: { total: number; met: number; onTrack: number; atRisk: number; offTrack: number; noData: number };
    status: Exclude<ProgressStatus, 'met'>;
    hasPlan: boolean;
    lastCheckin: { on: string; status: 'on_track' | 'at_risk' | 'off_track' } | null;
  }[];
  /** Schools without a partnership (comparison schools) with no outcomes or plan this year: not listed. */
  unlistedWithoutPartnership: number;
}

export const STATUS_LABELS: Record<ProgressStatus, string> = { met: 'Met', on_track: 'On track', at_risk: 'At risk', off_track: 'Off track', no_data: 'No data yet' };
/** Dark enough for text on white; the words carry the meaning, the colour only helps. */
export const STATUS_COLORS: Record<ProgressStatus, string> = { met: '#1b6b2a', on_track: '#1b6b2a', at_risk: '#8a5300', off_track: '#a3261b', no_data: '#495057' };

// "2026-27" for 2026, and the school year running at a moment, as the server reckons them.
export { schoolYearAt as schoolYearOf, schoolYearLabel as yearLabel } from '../../src/domain/school-year';
