import { describe, expect, it } from 'vitest';
import { networkPlanTable, type TableSchool } from './network-plans';
import type { Progress } from './outcomes';
import type { PlanGoal } from './plan-versions';

const school = (id: string, supportLevel: string | null): TableSchool => ({ id, name: `School ${id}`, district: { id: 'd1', name: 'District' }, supportLevel });
const goal = (id: string): PlanGoal => ({ id, title: id, outcomeId: null, target: null, targetDate: null, strategies: [] });
const progress = (status: Progress['status']): Progress => ({ status, current: null, asOf: null, fraction: null, note: '' });

describe('the network plans table', () => {
  const schools = [school('a', 'intensive'), school('b', null), school('c', null)];
  const facts = {
    sets: [{ schoolId: 'b', status: 'draft' as const, implementation: 0, student: 2 }],
    plans: [{ schoolId: 'a', goals: [goal('met'), goal('at_risk'), goal('none')] }],
    coaches: [
      { schoolId: 'a', id: 'p1', name: 'Zoe' },
      { schoolId: 'b', id: 'p2', name: 'Ann' },
    ],
    checkins: [
      { schoolId: 'a', checkedOn: '2026-10-02', status: 'at_risk' as const },
      { schoolId: 'a', checkedOn: '2026-09-01', status: 'on_track' as const },
    ],
  };
  const progressOf = (_school: string, _year: number, g: PlanGoal) => (g.id === 'none' ? null : progress(g.id as Progress['status']));

  it('counts goals by status, takes the worst as the plan status and the latest check-in', () => {
    const table = networkPlanTable(schools, facts, progressOf, { year: 2026 });
    const a = table.schools.find((s) => s.id === 'a')!;
    expect(a.goals).toEqual({ total: 3, met: 1, onTrack: 0, atRisk: 1, offTrack: 0, noData: 1 });
    expect(a.status).toBe('at_risk');
    expect(a.lastCheckin).toEqual({ on: '2026-10-02', status: 'at_risk' });
    expect(table.coaches.map((c) => c.name)).toEqual(['Ann', 'Zoe']);
  });

  it('lists a school without a partnership only once it has outcomes or a plan, and counts the others', () => {
    const table = networkPlanTable(schools, facts, progressOf, { year: 2026 });
    expect(table.schools.map((s) => s.id)).toEqual(['a', 'b']);
    expect(table.unlistedWithoutPartnership).toBe(1);
  });

  it('filters by coach and by the kind of outcome', () => {
    expect(networkPlanTable(schools, facts, progressOf, { year: 2026, coach: 'p2' }).schools.map((s) => s.id)).toEqual(['b']);
    expect(networkPlanTable(schools, facts, progressOf, { year: 2026, type: 'student' }).schools.map((s) => s.id)).toEqual(['b']);
  });
});
