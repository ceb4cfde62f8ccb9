// Network heatmap: schools × 3 school years × 60 indicators, served to a network director, at 19 and at 2,000 schools.
import { sql } from 'kysely';
import { openDatabase, type TrellisDatabase } from '../src/db/database';
import { saveFramework } from '../src/db/repositories/frameworks';
import { refreshReviewLevels } from '../src/db/repositories/review-levels';
import type { Framework } from '../src/domain/framework';
import { hashPassword } from '../src/server/passwords';
import { freshDatabase } from '../test/support/databases';
import { directorClient, medianAfterWarmup } from './support';

const INDICATORS = 60;
const levels = [1, 2, 3, 4].map((value) => ({ value, label: `Level ${value}` }));
const framework: Framework = {
  key: 'bench-rubric',
  name: 'Benchmark rubric',
  version: 1,
  kind: 'school',
  description: 'Synthetic: 60 practices for the heatmap benchmark.',
  levels,
  domains: [0, 1, 2].map((d) => ({
    key: `domain-${d}`,
    name: `Domain ${d + 1}`,
    indicators: Array.from({ length: INDICATORS / 3 }, (_, i) => ({
      key: `p-${d}-${i}`,
      name: `Practice ${d + 1}.${i + 1}`,
      kind: 'practice' as const,
      tags: i % 4 === 0 ? ['equity'] : [],
      levels: levels.map((l) => ({ level: l.value, descriptor: `Practice ${d + 1}.${i + 1} at level ${l.value}.` })),
    })),
  })),
};

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
  await sql`insert into review (organization_id, district_id, school_id, framework_id, type, title, school_year, starts_on, ends_on, status)
    select ${org.id}, ${district.id}, s.id, ${f.id}, 'transformation_fall', 'Fall ' || y, y, make_date(y, 10, 15), make_date(y, 10, 15), 'finalized'
    from school s cross join generate_series(2023, 2025) y where s.organization_id = ${org.id}`.execute(db);
  await sql`insert into rating (review_id, district_id, indicator_key, source, level)
    select r.id, r.district_id, 'p-' || d || '-' || i, src, 1 + ((hashtext(r.id::text || d || i || src) & 255) % 4)
    from review r cross join generate_series(0, 2) d cross join generate_series(0, ${INDICATORS / 3 - 1}) i cross join unnest(array['self', 'external', 'consensus']) src
    where r.organization_id = ${org.id}`.execute(db);
  await refreshReviewLevels(db, { organizationId: org.id });
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
    let cells = 0;
    for (let i = 0; i < 6; i++) {
      const { body, ms } = await client.get<{ schools: { years: { levels: unknown[] | null }[] }[] }>('/api/heatmap?framework=bench-rubric');
      times.push(ms);
      cells = body.schools.reduce((n, s) => n + s.years.reduce((m, y) => m + (y.levels?.length ?? 0), 0), 0);
    }
    await client.close();
    const median = medianAfterWarmup(times);
    return { median, cells };
  } finally {
    await database.close();
  }
}

for (const kind of ['postgres', 'pglite'] as const) {
  for (const [schools, budget] of [
    [19, 100],
    [2000, 1000],
  ] as const) {
    const { median, cells } = await measure(kind, schools);
    console.log(
      `heatmap [${kind}] ${schools} schools × 3 years × ${INDICATORS} indicators (${cells.toLocaleString('en-US')} cells): ${median.toFixed(0)} ms, ${((median / budget) * 100).toFixed(0)}% of the ${budget} ms budget`,
    );
  }
}
