// Reading a school's or district's results page: its own rows, its district's and state's beside them, and their imports.
import { sql, type Kysely } from 'kysely';
import { byGrade, distinct, groupOrder, resultOrder } from '../../domain/result-order';
import { showResult, type ShownResult, type StoredResult } from '../../domain/results';
import type { Database } from '../schema';

export interface EntityResults {
  entity: { kind: 'school' | 'district'; id: string; name: string; stateCode: string; district: { id: string; name: string } | null };
  years: string[];
  subjects: string[];
  grades: string[];
  groups: string[];
  rows: ShownResult[];
  district: ShownResult[];
  state: ShownResult[];
  /** The imports the rows came from, so every figure can be traced to its file and line. */
  sources: ResultSource[];
}

export interface ResultSource {
  importRunId: string;
  format: string;
  files: string[];
  importedAt: Date;
}

/** A stored row as the results page reads it: one JSON array per row, decoded far faster than a row of columns. */
type PageRow = [
  kind: 'own' | 'district' | 'state',
  year: string,
  assessment: string,
  subject: string,
  grade: string,
  group: string,
  tested: number | null,
  metOrAbove: number | null,
  pctMetOrAbove: number | null,
  levelPercents: (number | null)[] | null,
  meanScaleScore: number | null,
  suppressed: boolean,
  source: string,
  line: number,
  importRunId: string,
];

interface PageData {
  entity: { id: string; name: string; state_code: string; state: string; district_id: string | null; district_name: string | null } | null;
  rows: PageRow[] | null;
  runs: { id: string; format: string; files: { name: string }[]; started_at: string; finished_at: string | null }[] | null;
}

const pageRow = (r: PageRow): StoredResult => ({
  year: r[1],
  assessment: r[2],
  subject: r[3],
  grade: r[4],
  group: r[5],
  tested: r[6],
  metOrAbove: r[7],
  pctMetOrAbove: r[8],
  levelPercents: r[9],
  meanScaleScore: r[10],
  suppressed: r[11],
  source: r[12],
  line: r[13],
  importRunId: r[14],
});

/**
 * Everything reported for one school or district, with its district's and state's rows beside it.
 * Comparison rows are all-student rows only: they are the lines a school is read against. One
 * statement reads it all (the entity, its rows and the imports behind them) as a single JSON value.
 */
export async function resultsFor(db: Kysely<Database>, kind: 'school' | 'district', id: string, canSeeStudentRows: boolean): Promise<EntityResults | null> {
  const target =
    kind === 'school'
      ? sql`select s.id, s.name, s.state_code, s.organization_id, d.state, d.id as district_id, d.name as district_name
            from school s join district d on d.id = s.district_id where s.id = ${id}`
      : sql`select d.id, d.name, d.state_code, d.organization_id, d.state, d.id as district_id, null::text as district_name
            from district d where d.id = ${id}`;
  // The entity's own rows (a school's entity, or a district's), its district's and its state's (all students).
  const entities =
    kind === 'school'
      ? sql`select e.id, 'own' as role from result_entity e, target t where e.school_id = t.id
            union all select e.id, 'district' from result_entity e, target t where e.district_id = t.district_id and e.kind = 'district'`
      : sql`select e.id, 'own' as role from result_entity e, target t where e.district_id = t.district_id and e.kind = 'district'`;
  const { rows } = await sql<{ page: string }>`
    with target as (${target}),
    entities as (
      ${entities}
      union all select e.id, 'state' from result_entity e, target t where e.organization_id = t.organization_id and e.state = t.state and e.kind = 'state'),
    -- Each entity's rows are read through the primary key (lateral: one index scan per entity), whatever the statistics say.
    found as (
      select x.role, r.year, r.assessment, r.subject, r.grade, r.student_group, r.tested, r.met_or_above, r.pct_met_or_above, r.level_percents,
        r.mean_scale_score, r.suppressed, r.source, r.source_line, r.import_run_id
      from entities x cross join lateral (
        select * from aggregate_result a where a.entity_id = x.id and (x.role = 'own' or a.student_group = 'all') offset 0) r)
    select json_build_object(
      'entity', (select row_to_json(t) from target t),
      'rows', (select json_agg(json_build_array(role, year, assessment, subject, grade, student_group, tested, met_or_above, pct_met_or_above, level_percents,
                 mean_scale_score, suppressed, source, source_line, import_run_id)) from found),
      'runs', (select json_agg(json_build_object('id', i.id, 'format', i.format, 'files', i.files, 'started_at', i.started_at, 'finished_at', i.finished_at) order by i.started_at)
               from import_run i where i.id in (select distinct import_run_id from found))
    )::text as page`.execute(db);
  const data = JSON.parse(rows[0]!.page) as PageData;
  const e = data.entity;
  if (!e) return null;
  const entity: EntityResults['entity'] =
    kind === 'school'
      ? { kind, id: e.id, name: e.name, stateCode: e.state_code, district: { id: e.district_id!, name: e.district_name! } }
      : { kind, id: e.id, name: e.name, stateCode: e.state_code, district: null };
  const own: StoredResult[] = [];
  const districtRows: StoredResult[] = [];
  const stateRows: StoredResult[] = [];
  for (const r of data.rows ?? []) (r[0] === 'own' ? own : r[0] === 'district' ? districtRows : stateRows).push(pageRow(r));
  own.sort(resultOrder);
  districtRows.sort(resultOrder);
  stateRows.sort(resultOrder);
  // Student rows exist only for schools; a district-wide page never shows small groups unsuppressed.
  const see = kind === 'school' && canSeeStudentRows;
  return {
    entity,
    years: distinct(own.map((r) => r.year)),
    subjects: distinct(own.map((r) => r.subject)),
    grades: distinct(
      own.map((r) => r.grade),
      byGrade,
    ),
    groups: distinct(
      own.map((r) => r.group),
      groupOrder,
    ),
    rows: own.map((r) => showResult(r, see)),
    district: districtRows.map((r) => showResult(r, false)),
    state: stateRows.map((r) => showResult(r, false)),
    sources: (data.runs ?? []).map((r) => ({
      importRunId: r.id,
      format: r.format,
      files: r.files.map((f) => f.name),
      importedAt: new Date(r.finished_at ?? r.started_at),
    })),
  };
}
