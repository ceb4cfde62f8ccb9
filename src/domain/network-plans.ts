// The network plans table: each school's outcomes, goals by status and latest check-in, and which schools it lists.
import type { CheckinStatus } from './checkins';
import { planStatus, type ProgressStatus } from './outcomes';
import type { PlanGoal } from './plan-versions';
import type { ProgressOf } from './plan-progress';

export interface TableSchool {
  id: string;
  name: string;
  district: { id: string; name: string };
  /** Null for a school without a current partnership (a comparison school). */
  supportLevel: string | null;
}

export interface TableFacts {
  sets: readonly { schoolId: string; status: 'draft' | 'approved'; implementation: number; student: number }[];
  plans: readonly { schoolId: string; goals: readonly PlanGoal[] }[];
  coaches: readonly { schoolId: string; id: string; name: string }[];
  /** Latest first for each school. */
  checkins: readonly { schoolId: string; checkedOn: string; status: CheckinStatus }[];
}

export interface TableFilter {
  year: number;
  coach?: string;
  type?: 'implementation' | 'student';
}

export function networkPlanTable(schools: readonly TableSchool[], facts: TableFacts, progressOf: ProgressOf, q: TableFilter) {
  const setOf = new Map(facts.sets.map((x) => [x.schoolId, x]));
  const planOf = new Map(facts.plans.map((x) => [x.schoolId, x]));
  const coachesOf = new Map<string, { id: string; name: string }[]>();
  for (const c of facts.coaches) coachesOf.set(c.schoolId, [...(coachesOf.get(c.schoolId) ?? []), { id: c.id, name: c.name }]);
  const lastCheckinOf = new Map<string, TableFacts['checkins'][number]>();
  for (const c of facts.checkins) if (!lastCheckinOf.has(c.schoolId)) lastCheckinOf.set(c.schoolId, c);
  const rows = schools.map((s) => {
    const set = setOf.get(s.id);
    const plan = planOf.get(s.id);
    const statuses: ProgressStatus[] = (plan?.goals ?? []).map((g) => progressOf(s.id, q.year, g)?.status ?? 'no_data');
    const count = (st: ProgressStatus) => statuses.filter((x) => x === st).length;
    const last = lastCheckinOf.get(s.id);
    return {
      id: s.id,
      name: s.name,
      district: s.district,
      coaches: coachesOf.get(s.id) ?? [],
      outcomes: { status: set?.status ?? null, implementation: set?.implementation ?? 0, student: set?.student ?? 0 },
      goals: {
        total: statuses.length,
        met: count('met'),
        onTrack: count('on_track'),
        atRisk: count('at_risk'),
        offTrack: count('off_track'),
        noData: count('no_data'),
      },
      status: plan ? planStatus(statuses) : ('no_data' as const),
      hasPlan: Boolean(plan),
      lastCheckin: last ? { on: last.checkedOn, status: last.status } : null,
    };
  });
  // A school without a partnership (a comparison school) is listed only once it has outcomes or a plan;
  // the others are counted, so none goes missing unsaid.
  const partnered = new Set(schools.filter((s) => s.supportLevel !== null).map((s) => s.id));
  const listed = rows.filter((r) => partnered.has(r.id) || r.outcomes.status !== null || r.hasPlan);
  const filtered = listed.filter((r) => (!q.coach || r.coaches.some((c) => c.id === q.coach)) && (!q.type || r.outcomes[q.type] > 0));
  const coachList = [...new Map(facts.coaches.map((c) => [c.id, c.name])).entries()]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { coaches: coachList, schools: filtered, unlistedWithoutPartnership: rows.length - listed.length };
}
