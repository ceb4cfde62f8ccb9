// Merges staged student-level records into the network: schools added when asked, every student placed in a school
// or district, then students and their results inserted or updated, counted as new, changed or unchanged.
import type { BulkSession } from '../db/database';
import { AppError } from '../domain/errors';
import { ImportError, type ImportIssue } from './issues';
import type { Counts, LoadContext } from './load-context';

const issuesFrom = (rows: { file: string; source_line: number }[], message: (row: never) => string): ImportIssue[] =>
  rows.map((row) => ({ file: row.file, line: Number(row.source_line), message: message(row as never) }));

/** Adds the districts and schools of the import that the network lacks (createSchools), audited. */
async function createMissingSchools(session: BulkSession, context: LoadContext): Promise<{ districts: number; schools: number }> {
  const state = (context.options.state ?? '').toUpperCase();
  if (!/^[A-Z]{2}$/.test(state))
    throw new AppError('invalid_input', 'To add schools from the file, give their state as two letters (--state CA).', [
      { where: 'state', message: 'two letters' },
    ]);
  const org = context.organizationId;
  const districts = await session.query<{ id: string; name: string; state_code: string }>(
    `insert into district (organization_id, name, state, state_code)
     select distinct on (code) $1::uuid, name, $2, code from stage_org o
     where org_type = 'district' and not exists (select 1 from district d where d.organization_id = $1 and d.state_code = o.code)
     order by code, source_line returning id, name, state_code`,
    [org, state],
  );
  // A school's district is its parent when that is a district; otherwise the district named for the import.
  const fallback = context.options.district ?? null;
  const missingParent = await session.query<{ file: string; source_line: number; code: string; parent_code: string | null }>(
    `select o.file, o.source_line, o.code, o.parent_code from stage_org o
     where o.org_type = 'school' and not exists (select 1 from school s where s.organization_id = $1 and s.state_code = o.code)
       and not exists (select 1 from district d where d.organization_id = $1 and d.state_code in (o.parent_code, $2))
     order by o.file, o.source_line limit 20`,
    [org, fallback],
  );
  if (missingParent.length)
    throw new ImportError(
      issuesFrom(
        missingParent,
        (r: { code: string; parent_code: string | null }) =>
          `school ${r.code} belongs to district ${r.parent_code ?? '(none given)'}, which is neither in the file nor in the network; add the district, or name one for such schools (district option)`,
      ),
    );
  const schools = await session.query<{ id: string; name: string; state_code: string }>(
    `insert into school (organization_id, district_id, name, state_code, level, grade_low, grade_high)
     select distinct on (o.code) $1::uuid, d.id, o.name, o.code,
       case when coalesce(o.grade_high, 12) <= 5 then 'elementary' when coalesce(o.grade_low, 0) >= 9 then 'high'
            when coalesce(o.grade_low, 0) >= 6 and coalesce(o.grade_high, 12) <= 8 then 'middle' when coalesce(o.grade_high, 12) <= 8 then 'k8' else 'k12' end,
       coalesce(o.grade_low, 0), coalesce(o.grade_high, 12)
     from stage_org o join district d on d.organization_id = $1
       and d.state_code = coalesce((select x.state_code from district x where x.organization_id = $1 and x.state_code = o.parent_code), $2)
     where o.org_type = 'school' and not exists (select 1 from school s where s.organization_id = $1 and s.state_code = o.code)
     order by o.code, o.source_line returning id, name, state_code`,
    [org, fallback],
  );
  for (const [kind, rows] of [
    ['district', districts],
    ['school', schools],
  ] as const)
    for (const row of rows)
      await session.query(`insert into audit_log (organization_id, actor_id, action, object_kind, object_id, after) values ($1, $2, $3, $4, $5, $6)`, [
        org,
        context.actorId,
        `${kind}.create`,
        kind,
        row.id,
        JSON.stringify({ name: row.name, state_code: row.state_code, import_run_id: context.runId }),
      ]);
  return { districts: districts.length, schools: schools.length };
}

export async function mergeStudents(session: BulkSession, context: LoadContext): Promise<Counts> {
  const org = context.organizationId;
  const created = context.options.createSchools ? await createMissingSchools(session, context) : { districts: 0, schools: 0 };

  // The district for students with no known school: named, or the one district of the import.
  let fallbackDistrict: string | null = null;
  if (context.options.district) {
    const [d] = await session.query<{ id: string }>(`select id from district where organization_id = $1 and state_code = $2`, [org, context.options.district]);
    if (!d)
      throw new AppError('not_found', `No district with state code ${context.options.district} is in the network.`, [
        { where: 'district', message: 'unknown state code' },
      ]);
    fallbackDistrict = d.id;
  } else {
    const ds = await session.query<{ id: string }>(
      `select distinct d.id from stage_org o join district d on d.organization_id = $1 and d.state_code = o.code where o.org_type = 'district'`,
      [org],
    );
    if (ds.length === 1) fallbackDistrict = ds[0]!.id;
  }

  for (const table of ['stage_student', 'stage_enrollment', 'stage_result']) await session.query(`create index on ${table} (local_id)`);
  // One row per student: names and demographics from wherever the file gives them; the school from the
  // enrollment, else the student record, else a result.
  await session.query(
    `create temp table stage_person on commit drop as
    with ids as (select local_id, file, source_line from stage_student union all select local_id, file, source_line from stage_result
                 union all select local_id, file, source_line from stage_enrollment),
    firsts as (select distinct on (local_id) local_id, file, source_line from ids order by local_id, file, source_line),
    named as (select local_id, max(first_name) as first_name, max(last_name) as last_name, max(birth_date) as birth_date, max(grade) as grade from stage_student group by local_id),
    demo as (select local_id, jsonb_object_agg(k, v) as demographics from (
               select distinct on (s.local_id, j.k) s.local_id, j.k, j.v from stage_student s, jsonb_each(s.demographics) as j(k, v) order by s.local_id, j.k, s.source_line desc) kv
             group by local_id),
    enrolled as (select distinct on (e.local_id) e.local_id, sc.id as school_id, e.grade from stage_enrollment e
                 left join school sc on sc.organization_id = $1 and sc.state_code = e.school_code order by e.local_id, e.source_line desc),
    listed as (select distinct on (s.local_id) s.local_id, sc.id as school_id from stage_student s
               join school sc on sc.organization_id = $1 and sc.state_code = s.school_code order by s.local_id, s.source_line desc),
    tested as (select distinct on (r.local_id) r.local_id, sc.id as school_id from stage_result r
               join school sc on sc.organization_id = $1 and sc.state_code = r.school_code order by r.local_id, r.source_line desc),
    by_code as (select distinct on (s.local_id) s.local_id, d.id as district_id from stage_student s
                join district d on d.organization_id = $1 and d.state_code = s.school_code order by s.local_id, s.source_line desc),
    known as (select local_id, (array_agg(district_id))[1] as district_id from student
              where organization_id = $1 and local_id in (select local_id from firsts) group by local_id having count(*) = 1),
    placed as (select f.*, n.first_name, n.last_name, n.birth_date, coalesce(e.grade, n.grade) as grade, coalesce(dm.demographics, '{}'::jsonb) as demographics,
                 coalesce(e.school_id, l.school_id, t.school_id) as school_id, b.district_id as district_by_code, k.district_id as district_known
               from firsts f left join named n using (local_id) left join demo dm using (local_id) left join enrolled e using (local_id)
               left join listed l using (local_id) left join tested t using (local_id) left join by_code b using (local_id) left join known k using (local_id))
    select p.local_id, p.file, p.source_line, p.first_name, p.last_name, p.birth_date, p.grade, p.demographics, p.school_id,
      coalesce(sc.district_id, p.district_by_code, p.district_known, $2::uuid) as district_id
    from placed p left join school sc on sc.id = p.school_id`,
    [org, fallbackDistrict],
  );
  await session.query(`create index on stage_person (local_id)`);

  // A school code that matches nothing in the network is an error, not a guess.
  const unknownSchools = await session.query<{ file: string; source_line: number; code: string }>(
    `select distinct on (code) file, source_line, code from (
       select file, source_line, school_code as code from stage_enrollment union all
       select file, source_line, school_code from stage_result where school_code is not null and school_code <> '') c
     where not exists (select 1 from school s where s.organization_id = $1 and s.state_code = c.code)
       and not exists (select 1 from district d where d.organization_id = $1 and d.state_code = c.code)
     order by code, file, source_line limit 20`,
    [org],
  );
  if (unknownSchools.length)
    throw new ImportError(
      issuesFrom(
        unknownSchools,
        (r: { code: string }) => `school ${r.code} is not in the network; add it first, or import with the option to add schools from the file`,
      ),
    );
  const placeless = await session.query<{ file: string; source_line: number; local_id: string }>(
    `select file, source_line, local_id from stage_person where district_id is null order by file, source_line limit 20`,
  );
  if (placeless.length)
    throw new ImportError(
      issuesFrom(
        placeless,
        (r: { local_id: string }) => `student ${r.local_id} has no school or district in the network; name the district for such students (district option)`,
      ),
    );

  const dupes = await session.query<{ file: string; source_line: number; first: number }>(`
    select file, lines[2] as source_line, lines[1] as first from (
      select min(file) as file, array_agg(source_line order by source_line) as lines from stage_result
      group by local_id, assessment_id, administration_date having count(*) > 1) d limit 5`);
  if (dupes.length) throw new ImportError(issuesFrom(dupes, (r: { first: number }) => `repeats the result on line ${r.first} (same student, test and date)`));

  const STUDENT_FIELDS = ['school_id', 'first_name', 'last_name', 'birth_date', 'grade', 'demographics'];
  const [s] = await session.query<{ inserted: string; updated: string; staged: string }>(
    `with merged as (
       insert into student (organization_id, district_id, school_id, local_id, first_name, last_name, birth_date, grade, demographics, import_run_id)
       select $1::uuid, p.district_id, p.school_id, p.local_id, p.first_name, p.last_name, p.birth_date, p.grade, p.demographics, $2::uuid from stage_person p
       on conflict (district_id, local_id) do update set
         school_id = coalesce(excluded.school_id, student.school_id), first_name = coalesce(excluded.first_name, student.first_name),
         last_name = coalesce(excluded.last_name, student.last_name), birth_date = coalesce(excluded.birth_date, student.birth_date),
         grade = coalesce(excluded.grade, student.grade), demographics = student.demographics || excluded.demographics, import_run_id = excluded.import_run_id
       where (${STUDENT_FIELDS.map((f) => `student.${f}`).join(', ')}) is distinct from
             (coalesce(excluded.school_id, student.school_id), coalesce(excluded.first_name, student.first_name), coalesce(excluded.last_name, student.last_name),
              coalesce(excluded.birth_date, student.birth_date), coalesce(excluded.grade, student.grade), student.demographics || excluded.demographics)
       returning (xmax = 0) as inserted)
     select (select count(*) from stage_person) as staged, count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from merged`,
    [org, context.runId],
  );

  const RESULT_FIGURES = ['assessment_title', 'subject', 'grade', 'school_year', 'scale_score', 'raw_score', 'performance_level', 'level_ordinal'];
  const [r] = await session.query<{ inserted: string; updated: string; staged: string }>(
    `with merged as (
       insert into student_result (organization_id, district_id, student_id, assessment_id, assessment_title, subject, grade, school_year, administration_date,
         scale_score, raw_score, performance_level, level_ordinal, source_line, import_run_id)
       select $1::uuid, st.district_id, st.id, x.assessment_id, x.assessment_title, x.subject, x.grade, x.school_year, x.administration_date,
         x.scale_score, x.raw_score, x.performance_level, x.level_ordinal, x.source_line, $2::uuid
       from stage_result x join stage_person p on p.local_id = x.local_id join student st on st.district_id = p.district_id and st.local_id = p.local_id
       on conflict (student_id, assessment_id, administration_date) do update set
         ${RESULT_FIGURES.map((c) => `${c} = excluded.${c}`).join(', ')}, source_line = excluded.source_line, import_run_id = excluded.import_run_id
       where (${RESULT_FIGURES.map((c) => `student_result.${c}`).join(', ')}) is distinct from (${RESULT_FIGURES.map((c) => `excluded.${c}`).join(', ')})
       returning (xmax = 0) as inserted)
     select (select count(*) from stage_result) as staged, count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from merged`,
    [org, context.runId],
  );
  const staged = Number(s!.staged) + Number(r!.staged);
  const inserted = Number(s!.inserted) + Number(r!.inserted);
  const updated = Number(s!.updated) + Number(r!.updated);
  return { rowsInserted: inserted, rowsUpdated: updated, rowsUnchanged: staged - inserted - updated, created };
}
