// Reading student results: aggregate rows for a school, district or state; the network table; focus students.
import { sql, type Kysely } from 'kysely';
import type { Grant } from '../../domain/access';
import { growth, partnerVsComparison, sumOverEntities } from '../../domain/metrics';
import { showCounts, showResult, type ShownFigure, type ShownResult, type StoredResult } from '../../domain/results';
import { SUPPRESSED } from '../../domain/suppression';
import type { EntityMatches } from '../../importers/formats';
import type { Database } from '../schema';
import { currentPartnership } from './network';
import { visibleSchools } from './scope';

const num = (v: string | number | null) => (v === null ? null : Number(v));

function rowsOf(db: Kysely<Database>) {
  return db
    .selectFrom('aggregate_result as r')
    .select([
      'r.entity_id', 'r.year', 'r.assessment', 'r.subject', 'r.grade', 'r.student_group', 'r.tested', 'r.met_or_above', 'r.pct_met_or_above',
      'r.level_percents', 'r.mean_scale_score', 'r.suppressed', 'r.source', 'r.source_line', 'r.import_run_id',
    ]);
}

type RawRow = Awaited<ReturnType<ReturnType<typeof rowsOf>['execute']>>[number];

function stored(r: RawRow): StoredResult {
  return {
    year: r.year,
    assessment: r.assessment,
    subject: r.subject,
    grade: r.grade,
    group: r.student_group,
    tested: r.tested,
    metOrAbove: r.met_or_above,
    pctMetOrAbove: num(r.pct_met_or_above),
    levelPercents: r.level_percents ? r.level_percents.map(num) : null,
    meanScaleScore: num(r.mean_scale_score),
    suppressed: r.suppressed,
    source: r.source,
    line: r.source_line,
    importRunId: r.import_run_id,
  };
}

const ORDER = (a: StoredResult, b: StoredResult) =>
  a.year.localeCompare(b.year) || a.subject.localeCompare(b.subject) || gradeOrder(a.grade) - gradeOrder(b.grade) || a.group.localeCompare(b.group) || a.assessment.localeCompare(b.assessment);
const gradeOrder = (g: string) => (g === 'all' ? -1 : Number(g));
/** Student groups as offered: all students first, then the groups by code. */
const groupOrder = (a: string, b: string) => (a === 'all' ? -1 : b === 'all' ? 1 : a.localeCompare(b));

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
  importedAt: string;
}

function distinct<T>(values: T[], order?: (a: T, b: T) => number): T[] {
  return [...new Set(values)].sort(order);
}

/** A stored row as the results page reads it: one JSON array per row, decoded far faster than a row of columns. */
type PageRow = [
  kind: 'own' | 'district' | 'state', year: string, assessment: string, subject: string, grade: string, group: string, tested: number | null,
  metOrAbove: number | null, pctMetOrAbove: number | null, levelPercents: (number | null)[] | null, meanScaleScore: number | null,
  suppressed: boolean, source: string, line: number, importRunId: string,
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
    kind === 'school' ? { kind, id: e.id, name: e.name, stateCode: e.state_code, district: { id: e.district_id!, name: e.district_name! } } : { kind, id: e.id, name: e.name, stateCode: e.state_code, district: null };
  const own: StoredResult[] = [];
  const districtRows: StoredResult[] = [];
  const stateRows: StoredResult[] = [];
  for (const r of data.rows ?? []) (r[0] === 'own' ? own : r[0] === 'district' ? districtRows : stateRows).push(pageRow(r));
  own.sort(ORDER);
  districtRows.sort(ORDER);
  stateRows.sort(ORDER);
  // Student rows exist only for schools; a district-wide page never shows small groups unsuppressed.
  const see = kind === 'school' && canSeeStudentRows;
  return {
    entity,
    years: distinct(own.map((r) => r.year)),
    subjects: distinct(own.map((r) => r.subject)),
    grades: distinct(own.map((r) => r.grade), (a, b) => gradeOrder(a) - gradeOrder(b)),
    groups: distinct(own.map((r) => r.group), groupOrder),
    rows: own.map((r) => showResult(r, see)),
    district: districtRows.map((r) => showResult(r, false)),
    state: stateRows.map((r) => showResult(r, false)),
    sources: (data.runs ?? []).map((r) => ({
      importRunId: r.id,
      format: r.format,
      files: r.files.map((f) => f.name),
      importedAt: new Date(r.finished_at ?? r.started_at).toISOString(),
    })),
  };
}

export interface NetworkQuery {
  organizationId: string;
  grants: readonly Grant[];
  subject: string;
  grade: string;
  group: string;
  /** Schools where the viewer may see student rows (small groups shown as they are). */
  canSeeStudentsAt?: ReadonlySet<string>;
}

export interface NetworkSchool {
  id: string;
  name: string;
  district: { id: string; name: string };
  supportLevel: 'intensive' | 'light_touch' | null;
  byYear: Record<string, { tested: ShownFigure; pctMetOrAbove: ShownFigure }>;
  growth: number | null;
  growthFrom: string | null;
  growthTo: string | null;
}

/** One line per visible school: % met or above by year, and growth from its first to its last shown year. */
export async function networkResults(db: Kysely<Database>, q: NetworkQuery) {
  const schools = await db
    .selectFrom('school')
    .innerJoin('district', 'district.id', 'school.district_id')
    .leftJoin(currentPartnership(db), (j) => j.onRef('partnership.school_id', '=', 'school.id'))
    .select(['school.id', 'school.name', 'district.id as district_id', 'district.name as district_name', 'partnership.support_level'])
    .where(visibleSchools(q.grants, q.organizationId))
    .orderBy('school.name')
    .execute();
  const ids = [...new Set(schools.map((s) => s.id))];
  const rows = ids.length
    ? await db
        .selectFrom('aggregate_result as r')
        .innerJoin('result_entity as e', 'e.id', 'r.entity_id')
        .select(['e.school_id', 'r.year', 'r.tested', 'r.met_or_above', 'r.pct_met_or_above', 'r.suppressed', 'r.assessment'])
        .where('e.school_id', 'in', ids)
        .where('r.subject', '=', q.subject)
        .where('r.grade', '=', q.grade)
        .where('r.student_group', '=', q.group)
        .where('r.assessment', '=', 'smarter-balanced')
        .execute()
    : [];
  // The grades and groups on file for these schools, for the page's choices.
  const choices = ids.length
    ? await db
        .selectFrom('aggregate_result as r')
        .innerJoin('result_entity as e', 'e.id', 'r.entity_id')
        .select(['r.grade', 'r.student_group'])
        .distinct()
        .where('e.school_id', 'in', ids)
        .where('r.subject', '=', q.subject)
        .where('r.assessment', '=', 'smarter-balanced')
        .execute()
    : [];
  const years = distinct(rows.map((r) => r.year));
  const bySchool = new Map<string, typeof rows>();
  for (const r of rows) bySchool.set(r.school_id!, [...(bySchool.get(r.school_id!) ?? []), r]);
  const seen = new Set<string>();
  const out: NetworkSchool[] = [];
  for (const s of schools) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    const see = q.canSeeStudentsAt?.has(s.id) ?? false;
    const byYear: Record<string, { tested: ShownFigure; pctMetOrAbove: ShownFigure }> = {};
    for (const r of bySchool.get(s.id) ?? []) {
      const shown = showCounts(r, see);
      byYear[r.year] = { tested: shown.tested, pctMetOrAbove: shown.pctMetOrAbove };
    }
    const shownYears = years.filter((y) => typeof byYear[y]?.pctMetOrAbove === 'number');
    const from = shownYears[0] ?? null;
    const to = shownYears.length > 1 ? shownYears[shownYears.length - 1]! : null;
    out.push({
      id: s.id,
      name: s.name,
      district: { id: s.district_id, name: s.district_name },
      supportLevel: s.support_level ?? null,
      byYear,
      growth: from && to ? growth(byYear[from]!.pctMetOrAbove, byYear[to]!.pctMetOrAbove) : null,
      growthFrom: to ? from : null,
      growthTo: to,
    });
  }
  // Network totals from counts; a school whose counts are hidden is left out and counted, never read as 0.
  const network = years.map((year) => {
    const sum = sumOverEntities(
      out.map((s) => {
        const raw = bySchool.get(s.id)?.find((r) => r.year === year);
        const small = !raw || raw.tested === null || raw.tested < 11;
        return { tested: raw && !small ? raw.tested : SUPPRESSED, metOrAbove: raw && !small ? raw.met_or_above : SUPPRESSED };
      }),
    );
    return { year, tested: sum.tested, pctMetOrAbove: sum.pct === null ? null : Math.round(sum.pct * 10) / 10, includedCount: sum.includedCount, leftOutCount: sum.leftOutCount };
  });
  // Partner schools against the network's schools without a current partnership, year by year.
  const comparison = years.map((year) => {
    const pct = (partner: boolean) => out.filter((s) => (s.supportLevel !== null) === partner).map((s) => s.byYear[year]?.pctMetOrAbove ?? null);
    const c = partnerVsComparison(pct(true), pct(false));
    const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    return { year, partner: { ...c.partner, mean: round(c.partner.mean) }, comparison: { ...c.comparison, mean: round(c.comparison.mean) }, difference: round(c.difference) };
  });
  return {
    subject: q.subject,
    grade: q.grade,
    group: q.group,
    years,
    grades: distinct(choices.map((c) => c.grade), (a, b) => gradeOrder(a) - gradeOrder(b)),
    groups: distinct(choices.map((c) => c.student_group), groupOrder),
    schools: out,
    network,
    comparison,
  };
}

export interface SeriesQuery {
  organizationId: string;
  /** A state code of a school or district, a state abbreviation, or 'state' for the one state on file. */
  entity: string;
  subject: string;
  years: string[];
  grade: string;
  group: string;
}

/** The figures `trellis results` prints: one object per year for one entity. */
export async function resultSeries(db: Kysely<Database>, q: SeriesQuery) {
  let entities = await db
    .selectFrom('result_entity')
    .select(['id', 'kind', 'code', 'name', 'state'])
    .where('organization_id', '=', q.organizationId)
    .where((eb) => (q.entity.toLowerCase() === 'state' ? eb('kind', '=', 'state') : eb.or([eb('code', '=', q.entity), eb('code', '=', q.entity.toUpperCase())])))
    .execute();
  // A CDS code may be written with dashes (19-64733-6019582).
  if (!entities.length && /^[\d-]+$/.test(q.entity))
    entities = await db.selectFrom('result_entity').select(['id', 'kind', 'code', 'name', 'state']).where('organization_id', '=', q.organizationId).where('code', '=', q.entity.replace(/-/g, '')).execute();
  if (entities.length > 1) return { ambiguous: entities.map((e) => ({ kind: e.kind, code: e.code, state: e.state, name: e.name })) };
  const e = entities[0];
  if (!e) return null;
  // A group the entity has no rows for is named as unknown, with the groups that are on file.
  const groups = (
    await db.selectFrom('aggregate_result').select('student_group').distinct().where('entity_id', '=', e.id).where('subject', '=', q.subject).where('assessment', '=', 'smarter-balanced').execute()
  ).map((g) => g.student_group);
  if (groups.length && !groups.includes(q.group)) return { unknownGroup: q.group, groups: groups.sort(groupOrder) };
  const rows = await rowsOf(db)
    .where('r.entity_id', '=', e.id)
    .where('r.subject', '=', q.subject)
    .where('r.grade', '=', q.grade)
    .where('r.student_group', '=', q.group)
    .where('r.year', 'in', q.years)
    .where('r.assessment', '=', 'smarter-balanced')
    .execute();
  return {
    series: rows
      .map(stored)
      .sort(ORDER)
      .map((r) => {
        const shown = showResult(r, false);
        return { entity: e.code, name: e.name ?? (e.kind === 'state' ? e.state : e.code), year: r.year, subject: r.subject, grade: r.grade, group: r.group, tested: shown.tested, metOrAbove: shown.metOrAbove, pctMetOrAbove: shown.pctMetOrAbove, suppressed: shown.suppressed, hiddenLevels: shown.hiddenLevels };
      }),
  };
}

/** Students of a school with their results in one subject and year, lowest level (then score) first. */
export async function focusStudents(db: Kysely<Database>, schoolId: string, subject: string, year: string | null) {
  const years = (
    await db
      .selectFrom('student_result as r')
      .innerJoin('student as s', 's.id', 'r.student_id')
      .select('r.school_year')
      .distinct()
      .where('s.school_id', '=', schoolId)
      .where('r.subject', '=', subject)
      .where('r.school_year', 'is not', null)
      .execute()
  )
    .map((r) => r.school_year!)
    .sort();
  const chosen = year ?? years[years.length - 1] ?? null;
  const students = chosen
    ? await db
        .selectFrom('student_result as r')
        .innerJoin('student as s', 's.id', 'r.student_id')
        .select(['s.id', 's.local_id', 's.first_name', 's.last_name', 'r.grade', 's.grade as student_grade', 'r.assessment_title', 'r.assessment_id', 'r.scale_score', 'r.performance_level', 'r.level_ordinal'])
        .where('s.school_id', '=', schoolId)
        .where('r.subject', '=', subject)
        .where('r.school_year', '=', chosen)
        .orderBy(sql`r.level_ordinal asc nulls last`)
        .orderBy(sql`r.scale_score asc nulls last`)
        .orderBy('s.last_name')
        .execute()
    : [];
  return {
    year: chosen,
    subject,
    years,
    students: students.map((s) => ({
      id: s.id,
      localId: s.local_id,
      name: [s.first_name, s.last_name].filter(Boolean).join(' ') || s.local_id,
      grade: s.grade ?? s.student_grade,
      assessment: s.assessment_title ?? s.assessment_id,
      scaleScore: num(s.scale_score),
      performanceLevel: s.performance_level,
      levelOrdinal: s.level_ordinal,
    })),
  };
}

export async function listImports(db: Kysely<Database>, organizationId: string, limit = 50, id?: string) {
  let q = db
    .selectFrom('import_run')
    .leftJoin('person', 'person.id', 'import_run.started_by')
    .selectAll('import_run')
    .select('person.name as started_by_name')
    // What an import matched is kept once, in its audit entry.
    .select((eb) =>
      eb
        .selectFrom('audit_log')
        .select(sql<EntityMatches | null>`audit_log.after -> 'matched'`.as('matched'))
        .where('audit_log.object_kind', '=', 'import_run')
        .where('audit_log.object_id', '=', sql<string>`import_run.id::text`)
        .where('audit_log.organization_id', '=', organizationId)
        .limit(1)
        .as('matched'),
    )
    .where('import_run.organization_id', '=', organizationId)
    .orderBy('import_run.started_at', 'desc')
    .limit(limit);
  if (id) q = q.where('import_run.id', '=', id);
  return q.execute();
}
