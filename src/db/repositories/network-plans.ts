// What the network plans table is made of: the visible schools with their year's outcome sets, plan goals, coaches
// and check-ins, read for all of them in one round.
import { sql, type Kysely } from 'kysely';
import type { Grant } from '../../domain/access';
import { networkPlanTable } from '../../domain/network-plans';
import type { PlanGoal } from '../../domain/plan-versions';
import type { Database } from '../schema';
import { currentPartnership } from './network';
import { goalProgressOf } from './plan-progress';
import { visibleSchools } from './scope';

export interface NetworkPlanQuery {
  organizationId: string;
  grants: readonly Grant[];
  year: number;
  district?: string;
  coach?: string;
  type?: 'implementation' | 'student';
}

export async function networkPlans(db: Kysely<Database>, q: NetworkPlanQuery) {
  const schools = await db
    .selectFrom('school')
    .innerJoin('district', 'district.id', 'school.district_id')
    .leftJoin(currentPartnership(db), (j) => j.onRef('partnership.school_id', '=', 'school.id'))
    .select(['school.id', 'school.name', 'district.id as district_id', 'district.name as district_name', 'partnership.support_level'])
    .where(visibleSchools(q.grants, q.organizationId))
    .$if(Boolean(q.district), (w) => w.where('school.district_id', '=', q.district!))
    .orderBy('school.name')
    .execute();
  const ids = schools.map((s) => s.id);
  const [sets, plans, coaches, checkins] = ids.length
    ? await Promise.all([
        // Each set with how many outcomes of each kind it has, in the same round as the plans.
        db
          .selectFrom('outcome_set')
          .select([
            'school_id',
            'status',
            sql<number>`(select count(*) from annual_outcome o where o.outcome_set_id = outcome_set.id and o.kind = 'implementation')::int`.as(
              'implementation',
            ),
            sql<number>`(select count(*) from annual_outcome o where o.outcome_set_id = outcome_set.id and o.kind = 'student')::int`.as('student'),
          ])
          .where(sql<boolean>`school_id = any(${ids}::uuid[])`)
          .where('school_year', '=', q.year)
          .execute(),
        // Only each goal's id and target: the strategies and actions are not shown here.
        db
          .selectFrom('plan')
          .select([
            'school_id',
            'school_year',
            sql<{
              goals: PlanGoal[];
            }>`jsonb_build_object('goals', coalesce((select jsonb_agg(jsonb_build_object('id', g->'id', 'target', g->'target')) from jsonb_array_elements(document->'goals') g), '[]'::jsonb))`.as(
              'document',
            ),
          ])
          .where(sql<boolean>`school_id = any(${ids}::uuid[])`)
          .where('school_year', '=', q.year)
          .execute(),
        db
          .selectFrom('membership as m')
          .innerJoin('person as p', 'p.id', 'm.person_id')
          .select(['m.scope_id', 'p.id', 'p.name'])
          .where('m.role', '=', 'coach')
          .where('m.scope_kind', '=', 'school')
          .where(sql<boolean>`m.scope_id = any(${ids}::uuid[])`)
          .execute(),
        db
          .selectFrom('plan_checkin as c')
          .innerJoin('plan', 'plan.id', 'c.plan_id')
          .distinctOn('plan.school_id')
          .select(['plan.school_id', 'c.checked_on', 'c.status'])
          .where(sql<boolean>`plan.school_id = any(${ids}::uuid[])`)
          .where('plan.school_year', '=', q.year)
          .orderBy('plan.school_id')
          .orderBy('c.checked_on', 'desc')
          .orderBy('c.created_at', 'desc')
          .execute(),
      ])
    : [[], [], [], []];
  const progressOf = await goalProgressOf(db, plans);
  return networkPlanTable(
    schools.map((s) => ({ id: s.id, name: s.name, district: { id: s.district_id, name: s.district_name }, supportLevel: s.support_level })),
    {
      sets: sets.map((s) => ({ schoolId: s.school_id, status: s.status, implementation: s.implementation, student: s.student })),
      plans: plans.map((p) => ({ schoolId: p.school_id, goals: p.document.goals })),
      coaches: coaches.map((c) => ({ schoolId: c.scope_id, id: c.id, name: c.name })),
      checkins: checkins.map((c) => ({ schoolId: c.school_id, checkedOn: c.checked_on, status: c.status })),
    },
    progressOf,
    q,
  );
}
