// The network plan table (outcomes and plan progress for every school, computed from results and reviews),
// served to a network director at 19 and at 2,000 schools, on PostgreSQL and PGlite.
import { sql } from 'kysely';
import { openDatabase, type TrellisDatabase } from '../src/db/database';
import { saveFramework } from '../src/db/repositories/frameworks';
import type { Framework } from '../src/domain/framework';
import type { OutcomeTarget } from '../src/domain/outcomes';
import type { PlanSnapshot } from '../src/domain/plan-versions';
import { hashPassword } from '../src/server/passwords';
import { freshDatabase } from '../test/support/databases';
import { directorClient, medianAfterWarmup } from './support';

const YEAR = 2026;
const levels = [1, 2, 3, 4].map((value) => ({ value, label: `Level ${value}` }));
const framework: Framework = {
  key: 'bench-plans',
  name: 'Benchmark rubric',
  version: 1,
  kind: 'school',
  description: 'Synthetic: 12 practices for the plans benchmark.',
  levels,
  domains: [
    {
      key: 'd',
      name: 'Domain',
      indicators: Array.from({ length: 12 }, (_, i) => ({
        key: `p-${i}`,
        name: `Practice ${i + 1}`,
        kind: 'practice' as const,
        tags: [],
        levels: levels.map((l) => ({ level: l.value, descriptor: `Level ${l.value}.` })),
      })),
    },
  ],
};
const GROUPS = ['all', 'el', 'swd', 'econ_disadv', 'hispanic', 'black', 'white', 'asian', 'filipino', 'two_or_more', 'male', 'female', 'pacific_islander'];

async function seed(database: TrellisDatabase, schools: number) {
  const db = database.db;
  const org = await db.insertInto('organization').values({ name: 'Benchmark Partners', slug: 'bench' }).returning('id').executeTakeFirstOrThrow();
  const district = await db
    .insertInto('district')
    .values({ organization_id: org.id, name: 'Benchmark USD', state: 'CA', state_code: '9900999' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { row: f } = await saveFramework(db, org.id, framework, { status: 'published' });
  await sql`insert into school (organization_id, district_id, name, state_code, level, grade_low, grade_high, enrollment)
    select ${org.id}, ${district.id}, 'School ' || n, '9900999' || lpad(n::text, 7, '0'), 'elementary', 0, 5, 400 from generate_series(1, ${schools}) n`.execute(
    db,
  );
  // Results: every group, both subjects, four grade rows, four years, for each school.
  const run = await db
    .insertInto('import_run')
    .values({ organization_id: org.id, format: 'generated', files: JSON.stringify([{ name: 'bench', bytes: 0 }]), status: 'succeeded', started_via: 'cli' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`insert into result_entity (organization_id, state, kind, code, name, district_id, school_id)
    select ${org.id}, 'CA', 'school', s.state_code, s.name, s.district_id, s.id from school s where s.organization_id = ${org.id}`.execute(db);
  await sql`insert into aggregate_result (organization_id, entity_id, district_id, year, assessment, subject, grade, student_group, tested, met_or_above, pct_met_or_above, suppressed, source, source_line, import_run_id)
    select e.organization_id, e.id, e.district_id, y || '-' || lpad(((y + 1) % 100)::text, 2, '0'), 'smarter-balanced', subj, g, grp, 60, 15 + (hashtext(e.id::text || y || subj || g || grp) & 31), round((15 + (hashtext(e.id::text || y || subj || g || grp) & 31)) * 100.0 / 60, 1), false, 'bench', 1, ${run.id}
    from result_entity e cross join generate_series(2022, 2026) y cross join unnest(array['ela', 'math']) subj cross join unnest(array['all', '3', '4', '5']) g cross join unnest(${sql.val(GROUPS)}::text[]) grp
    where e.organization_id = ${org.id}`.execute(db);
  await sql`insert into review (organization_id, district_id, school_id, framework_id, type, title, school_year, starts_on, ends_on, status, levels)
    select ${org.id}, s.district_id, s.id, ${f.id}, t, t || ' ' || y, y, make_date(case when t = 'transformation_fall' then y else y + 1 end, case when t = 'transformation_fall' then 10 else 4 end, 15), make_date(case when t = 'transformation_fall' then y else y + 1 end, case when t = 'transformation_fall' then 10 else 4 end, 15), 'finalized',
      (select jsonb_object_agg('p-' || i, 1 + ((hashtext(s.id::text || y || t || i) & 255) % 4)) from generate_series(0, 11) i)
    from school s cross join generate_series(2025, 2026) y cross join unnest(array['transformation_fall', 'transformation_spring']) t where s.organization_id = ${org.id}`.execute(
    db,
  );
  const ids = await db.selectFrom('school').select(['id', 'district_id']).where('organization_id', '=', org.id).execute();
  const labels = Object.fromEntries(levels.map((l) => [String(l.value), l.label]));
  for (let start = 0; start < ids.length; start += 250) {
    const batch = ids.slice(start, start + 250);
    const sets = await db
      .insertInto('outcome_set')
      .values(batch.map((s) => ({ organization_id: org.id, district_id: s.district_id, school_id: s.id, school_year: YEAR, status: 'approved' as const })))
      .returning(['id', 'school_id'])
      .execute();
    const targets = (i: number): OutcomeTarget[] => [
      {
        kind: 'student',
        subject: 'ela',
        grade: 'all',
        group: GROUPS[1 + (i % 5)]!,
        groupLabel: 'Group',
        metric: 'pct_met_or_above',
        baseline: 30,
        baselineYear: '2025-26',
        target: 36,
      },
      {
        kind: 'student',
        subject: 'math',
        grade: '3',
        group: 'all',
        groupLabel: 'All students',
        metric: 'pct_met_or_above',
        baseline: 35,
        baselineYear: '2025-26',
        target: 40,
      },
      {
        kind: 'implementation',
        frameworkId: f.id,
        indicatorKey: `p-${i % 12}`,
        indicatorName: 'Practice',
        domainName: 'Domain',
        baselineLevel: 2,
        targetLevel: 3,
        levelLabels: labels,
      },
      {
        kind: 'implementation',
        frameworkId: f.id,
        indicatorKey: `p-${(i + 5) % 12}`,
        indicatorName: 'Practice',
        domainName: 'Domain',
        baselineLevel: 1,
        targetLevel: 2,
        levelLabels: labels,
      },
    ];
    await db
      .insertInto('annual_outcome')
      .values(
        sets.flatMap((s, i) =>
          targets(start + i).map((t, p) => ({
            outcome_set_id: s.id,
            district_id: batch[i]!.district_id,
            position: p + 1,
            kind: t.kind,
            target: JSON.stringify(t),
            title: `Outcome ${p + 1}`,
            source: 'review' as const,
          })),
        ),
      )
      .execute();
    const plans = await db
      .insertInto('plan')
      .values(
        batch.map((s, i) => {
          const document: PlanSnapshot = {
            goals: targets(start + i).map((t, g) => ({
              id: `g${g}`,
              title: `Goal ${g + 1}`,
              outcomeId: null,
              target: t,
              targetDate: `${YEAR + 1}-06-15`,
              strategies: [0, 1].map((k) => ({
                id: `g${g}s${k}`,
                title: 'Strategy',
                actions: [0, 1, 2].map((a) => ({
                  id: `g${g}s${k}a${a}`,
                  title: 'Action',
                  owner: 'Owner',
                  startOn: `${YEAR}-09-01`,
                  dueOn: `${YEAR}-12-01`,
                  status: 'in_progress',
                })),
              })),
            })),
          };
          return {
            organization_id: org.id,
            district_id: s.district_id,
            school_id: s.id,
            school_year: YEAR,
            outcome_set_id: sets[i]!.id,
            document: JSON.stringify(document),
          };
        }),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('plan_checkin')
      .values(
        plans.flatMap((p, i) =>
          Array.from({ length: 8 }, (_, k) => ({
            plan_id: p.id,
            district_id: batch[i]!.district_id,
            goal_id: `g${k % 4}`,
            status: 'on_track' as const,
            checked_on: `${YEAR}-${String(9 + (k % 3)).padStart(2, '0')}-1${k % 9}`,
          })),
        ),
      )
      .execute();
  }
  await sql`analyze`.execute(db);
  const person = await db
    .insertInto('person')
    .values({ organization_id: org.id, name: 'Director', email: 'director@bench.test', password_hash: await hashPassword('benchmark password') })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('membership').values({ person_id: person.id, role: 'network_director', scope_kind: 'organization', scope_id: org.id }).execute();
}

async function measure(kind: 'pglite' | 'postgres', schools: number) {
  const database = kind === 'pglite' ? await openDatabase({ url: 'memory://' }) : await freshDatabase('postgres');
  try {
    await seed(database, schools);
    const client = await directorClient(database);
    const times: number[] = [];
    let rows = 0;
    let statuses = '';
    for (let i = 0; i < 8; i++) {
      const { body, ms } = await client.get<{ schools: { status: string }[] }>(`/api/plans/network?year=${YEAR}`);
      times.push(ms);
      rows = body.schools.length;
      const counts = new Map<string, number>();
      for (const s of body.schools) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
      statuses = [...counts].map(([s, n]) => `${n} ${s}`).join(', ');
    }
    await client.close();
    return { median: medianAfterWarmup(times), rows, statuses };
  } finally {
    await database.close();
  }
}

for (const kind of ['postgres', 'pglite'] as const) {
  for (const [schools, budget] of [
    [19, 100],
    [2000, 1000],
  ] as const) {
    const { median, rows, statuses } = await measure(kind, schools);
    console.log(
      `plans [${kind}] network plan table, ${rows.toLocaleString('en-US')} schools × 4 goals with progress from results and reviews (${statuses}): ${median.toFixed(0)} ms, ${((median / budget) * 100).toFixed(0)}% of the ${budget} ms budget`,
    );
  }
}
