// The outcomes and plan endpoints: each one's address, query key and answer type, derived from the server's schemas.
import type { z } from 'zod';
import type {
  approveBody,
  candidate,
  checkinBody,
  commentBody,
  networkPlansAnswer,
  outcome,
  outcomesAnswer,
  outcomeTarget,
  planAnswer,
  planChange,
  planChangesAnswer,
  planConflict,
  planSnapshot,
  progress,
  reasonBody,
  reflectionBody,
  saveOutcomesBody,
  savePlanBody,
  outcomesConflict,
} from '../../../src/server/plans/schemas';
import type { Answer } from '../../../src/server/wire';
import { api, get, query } from '../api';

export type OutcomesAnswer = Answer<typeof outcomesAnswer>;
export type Outcome = Answer<typeof outcome>;
export type Candidate = Answer<typeof candidate>;
export type OutcomeTarget = Answer<typeof outcomeTarget>;
export type PlanAnswer = Answer<typeof planAnswer>;
export type PlanSnapshot = Answer<typeof planSnapshot>;
export type PlanGoal = PlanSnapshot['goals'][number];
export type PlanAction = PlanGoal['strategies'][number]['actions'][number];
export type PlanChange = Answer<typeof planChange>;
export type Progress = Answer<typeof progress>;
export type ProgressStatus = Progress['status'];
export type NetworkPlans = Answer<typeof networkPlansAnswer>;
/** What a stale save of the plan or the outcomes carries: what the other person saved (null when nothing is saved yet). */
export type PlanNow = NonNullable<Answer<typeof planConflict>['current']>;
export type OutcomesNow = NonNullable<Answer<typeof outcomesConflict>['current']>;

/** A school's outcomes of a year, with proposals while they are a draft. */
export const outcomesQuery = (schoolId: string, year: number) => ({
  queryKey: ['outcomes', schoolId, year],
  queryFn: () => get<OutcomesAnswer>(`/api/schools/${schoolId}/outcomes?year=${year}`),
});

/** The printable one-page report of a year's outcomes, as HTML and as a PDF. */
export const outcomesReportUrl = (schoolId: string, year: number, pdf = false) => `/api/schools/${schoolId}/outcomes/report${pdf ? '.pdf' : ''}?year=${year}`;

/** The draft as the page holds it: targets as they were read or proposed (the server checks them again). */
export const saveOutcomes = (
  schoolId: string,
  body: Omit<z.input<typeof saveOutcomesBody>, 'outcomes'> & {
    outcomes: (Pick<Outcome, 'target' | 'source'> & { id?: string; title?: string; reason?: string })[];
  },
) => api<OutcomesAnswer>('PUT', `/api/schools/${schoolId}/outcomes`, body);
export const commentOnOutcomes = (schoolId: string, body: z.input<typeof commentBody>) =>
  api<OutcomesAnswer>('POST', `/api/schools/${schoolId}/outcomes/comments`, body);
export const approveOutcomes = (schoolId: string, body: z.input<typeof approveBody>) =>
  api<OutcomesAnswer>('POST', `/api/schools/${schoolId}/outcomes/approve`, body);
export const reopenOutcomes = (schoolId: string, body: z.input<typeof reasonBody>) =>
  api<OutcomesAnswer>('POST', `/api/schools/${schoolId}/outcomes/reopen`, body);

/** A school's plan of a year, with progress, check-ins, revisions and reflections. */
export const planQuery = (schoolId: string, year: number) => ({
  queryKey: ['plan', schoolId, year],
  queryFn: () => get<PlanAnswer>(`/api/schools/${schoolId}/plan?year=${year}`),
});

/** The whole plan as the page holds it: goals as they were read, edited (the server checks them again). */
export const savePlan = (schoolId: string, body: Omit<z.input<typeof savePlanBody>, 'goals'> & { goals: PlanSnapshot['goals'] }) =>
  api<PlanAnswer>('PUT', `/api/schools/${schoolId}/plan`, body);
export const addCheckin = (schoolId: string, body: z.input<typeof checkinBody>) => api<PlanAnswer>('POST', `/api/schools/${schoolId}/plan/checkins`, body);
export const addRevision = (schoolId: string, body: z.input<typeof reasonBody>) => api<PlanAnswer>('POST', `/api/schools/${schoolId}/plan/revisions`, body);
export const saveReflection = (schoolId: string, body: z.input<typeof reflectionBody>) =>
  api<PlanAnswer>('PUT', `/api/schools/${schoolId}/plan/reflections`, body);

/** What changed between two versions of a plan: revision numbers, or 'current' for the plan as it is now. */
export const planChanges = (schoolId: string, year: number, from: string, to: string) =>
  get<Answer<typeof planChangesAnswer>>(`/api/schools/${schoolId}/plan/changes${query({ year: String(year), from, to })}`);

/** The network plans table of a year, filtered by district, coach and type of outcome. */
export const networkPlansQuery = (year: number, district: string, coach: string, type: string) => ({
  queryKey: ['network-plans', year, district, coach, type],
  queryFn: () => get<NetworkPlans>(`/api/plans/network${query({ year: String(year), district, coach, type })}`),
});
