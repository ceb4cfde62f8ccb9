// Loads parsed records into the database: every file of one import in one transaction, idempotently.
// Rows stream from the parsers into COPY staging tables (memory stays flat), then set-based SQL
// checks them, links them to the network, and merges them: a re-import of the same file changes nothing.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import type { BulkSession, TrellisDatabase } from '../db/database';
import type { ImportFormat } from '../db/schema';
import { AppError } from '../domain/errors';
import { readCaasppEntities, readCaasppSubgroups, readCaasppTests } from './caaspp-lookups';
import { parseCaaspp } from './caaspp';
import { schoolYearFromStart } from './cells';
import { parseEdfiXml, type EdfiRecord } from './edfi-xml';
import { parseEdsight } from './edsight';
import { ImportError, issueWhere, type ImportIssue } from './issues';
import { parseOneRoster, readOneRosterManifest } from './oneroster';
import type { AggregateResult, AssessmentRecord, Demographics } from './records';
import { parseStudentColumnMap, parseStudentCsv } from './student-csv';

export { FORMAT_DESCRIPTIONS, IMPORT_FORMATS } from './formats';

export interface ImportOptions {
  /** student-csv: the column map (parsed JSON). */
  map?: unknown;
  /** edsight: the school year when the file name does not carry it. */
  year?: string;
  /** caaspp: the entities file (names of schools and districts) and the lookups. */
  entities?: string;
  subgroups?: string;
  tests?: string;
  /** Student-level formats: add schools and districts that are not yet in the network. */
  createSchools?: boolean;
  /** With createSchools: the state of the districts created (two letters). */
  state?: string;
  /** Student-level formats: the network district (state code) for students whose school is unknown. */
  district?: string;
  /** How many bad rows to report before stopping (default 20); the file is rejected either way. */
  maxErrors?: number;
}

export interface ImportFile {
  path: string;
  /** Name shown in messages; defaults to the file's base name. */
  name?: string;
}

export interface ImportRequest {
  organizationId: string;
  format: ImportFormat;
  files: ImportFile[];
  options?: ImportOptions;
  actor: { personId: string | null; via: 'cli' | 'web' };
  onProgress?: (progress: ImportProgress) => void;
  /** Called once the run is recorded, before any row is read. */
  onStart?: (runId: string, totalBytes: number) => void;
}

export interface ImportProgress {
  runId: string;
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
}

export interface ImportSummary {
  runId: string;
  format: ImportFormat;
  files: { name: string; sha256: string; bytes: number }[];
  rowsRead: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  /** Schools and districts added with createSchools. */
  created: { districts: number; schools: number };
  /** Aggregate imports: reported entities that matched a school or district of the network. */
  matchedEntities?: number;
}

const PROGRESS_EVERY_MS = 200;

/** Counts bytes and hashes them as a file streams to its parser. */
class Meter extends Transform {
  readonly hash = createHash('sha256');
  bytes = 0;
  constructor(private readonly onBytes: (n: number) => void) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void) {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    this.onBytes(chunk.length);
    done(null, chunk);
  }
}

interface FileUse {
  name: string;
  path: string;
  bytes: number;
  /** Filled while the file streams. */
  sha256: string;
}

/** The files an import reads: a OneRoster folder stands for its CSV files. */
async function filesOf(request: ImportRequest): Promise<FileUse[]> {
  const out: FileUse[] = [];
  const missing = (path: string) => new ImportError([{ file: path, line: 0, message: 'no such file' }]);
  if (request.files.length === 0) throw new AppError('invalid_input', 'Name at least one file to import.');
  for (const f of request.files) {
    if (!existsSync(f.path)) throw missing(f.path);
    if (statSync(f.path).isDirectory()) {
      if (request.format !== 'oneroster') throw new ImportError([{ file: f.path, line: 0, message: 'is a folder; only a OneRoster bundle is imported from a folder' }]);
      for (const name of (await readdir(f.path)).filter((n) => n.endsWith('.csv')).sort()) {
        const path = join(f.path, name);
        out.push({ name, path, bytes: statSync(path).size, sha256: '' });
      }
    } else out.push({ name: f.name ?? basename(f.path), path: f.path, bytes: statSync(f.path).size, sha256: '' });
  }
  for (const extra of [request.options?.entities, request.options?.subgroups, request.options?.tests]) if (extra && !existsSync(extra)) throw missing(extra);
  return out;
}

/** Runs one import: records it, loads every file in one transaction, and records how it ended. */
export async function runImport(database: TrellisDatabase, request: ImportRequest): Promise<ImportSummary> {
  const files = await filesOf(request);
  const totalBytes = files.reduce((a, f) => a + f.bytes, 0);
  const options = { ...request.options };
  const run = await database.db
    .insertInto('import_run')
    .values({
      organization_id: request.organizationId,
      format: request.format,
      options: JSON.stringify({ ...options, map: options.map === undefined ? undefined : options.map }),
      files: JSON.stringify(files.map((f) => ({ name: f.name, bytes: f.bytes }))),
      status: 'running',
      total_bytes: totalBytes,
      started_by: request.actor.personId,
      started_via: request.actor.via,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  request.onStart?.(run.id, totalBytes);

  let bytesRead = 0;
  let rowsRead = 0;
  let last = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (!force && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    request.onProgress?.({ runId: run.id, bytesRead, totalBytes, rowsRead });
  };
  const context: LoadContext = {
    organizationId: request.organizationId,
    runId: run.id,
    actorId: request.actor.personId,
    options,
    open(file: FileUse): Readable {
      const meter = new Meter((n) => {
        bytesRead += n;
        report();
      });
      meter.on('finish', () => (file.sha256 = meter.hash.digest('hex')));
      const stream = createReadStream(file.path);
      stream.on('error', (e) => meter.destroy(e));
      return stream.pipe(meter);
    },
    row() {
      rowsRead++;
      if ((rowsRead & 1023) === 0) report();
    },
  };

  try {
    const counts = await database.bulk((session) => LOADERS[request.format](session, files, context));
    report(true);
    const summary: ImportSummary = {
      runId: run.id,
      format: request.format,
      files: files.map((f) => ({ name: f.name, sha256: f.sha256 || hashFile(f.path), bytes: f.bytes })),
      rowsRead,
      ...counts,
    };
    await database.db
      .updateTable('import_run')
      .set({
        status: 'succeeded',
        files: JSON.stringify(summary.files),
        rows_read: rowsRead,
        rows_inserted: counts.rowsInserted,
        rows_updated: counts.rowsUpdated,
        rows_unchanged: counts.rowsUnchanged,
        finished_at: new Date(),
      })
      .where('id', '=', run.id)
      .execute();
    return summary;
  } catch (error) {
    const failure = error instanceof AppError ? error : new AppError('import_failed', `The import failed: ${(error as Error).message}. Nothing from it was kept.`);
    await database.db
      .updateTable('import_run')
      .set({ status: 'failed', rows_read: rowsRead, error: JSON.stringify({ message: failure.message, details: failure.details }), finished_at: new Date() })
      .where('id', '=', run.id)
      .execute();
    throw failure;
  }
}

function hashFile(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

interface LoadContext {
  organizationId: string;
  runId: string;
  actorId: string | null;
  options: ImportOptions;
  open(file: FileUse): Readable;
  row(): void;
}

type Counts = Pick<ImportSummary, 'rowsInserted' | 'rowsUpdated' | 'rowsUnchanged' | 'created' | 'matchedEntities'>;
type Loader = (session: BulkSession, files: FileUse[], context: LoadContext) => Promise<Counts>;

// ---------------------------------------------------------------------------------------------
// CSV lines for COPY: text is always quoted (so '' stays an empty string), null is an empty field.

type Cell = string | number | boolean | null | undefined | (number | null)[];

function cell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (Array.isArray(value)) return `"{${value.map((v) => (v === null || !Number.isFinite(v) ? 'NULL' : String(v))).join(',')}}"`;
  return `"${value.replace(/"/g, '""')}"`;
}

export const csvLine = (values: Cell[]) => values.map(cell).join(',') + '\n';

// ---------------------------------------------------------------------------------------------
// Aggregate results: EdSight and CAASPP.

const AGG_COLUMNS = [
  'state', 'kind', 'code', 'name', 'source', 'year', 'assessment', 'subject', 'grade', 'student_group', 'tested',
  'level_counts', 'level_percents', 'met_or_above', 'met_derived', 'pct_met_or_above', 'mean_scale_score', 'suppressed', 'source_line', 'file',
] as const;

export function aggregateLine(r: AggregateResult, file: string): string {
  return csvLine([
    r.entity.state, r.entity.kind, r.entity.code, r.entity.name ?? null, r.source, r.year, r.assessment, r.subject, String(r.grade), r.group, r.tested,
    r.levelCounts, r.levelPercents, r.metOrAbove, r.metOrAboveDerived ?? false, r.pctMetOrAbove, r.meanScaleScore, r.suppressed, r.line, file,
  ]);
}

async function* aggregateLines(files: FileUse[], context: LoadContext, parse: (stream: Readable, file: FileUse) => AsyncIterable<AggregateResult>): AsyncGenerator<string> {
  for (const file of files) {
    for await (const row of parse(context.open(file), file)) {
      context.row();
      yield aggregateLine(row, file.name);
    }
  }
}

/** The figures compared to tell a changed row from an unchanged one on re-import. */
const AGG_FIGURES = ['tested', 'level_counts', 'level_percents', 'met_or_above', 'met_derived', 'pct_met_or_above', 'mean_scale_score', 'suppressed', 'source'];

async function mergeAggregates(session: BulkSession, context: LoadContext, lines: AsyncIterable<string>): Promise<Counts> {
  await session.query(`create temp table stage_agg (
    state text, kind text, code text, name text, source text, year text, assessment text, subject text, grade text, student_group text,
    tested integer, level_counts integer[], level_percents numeric[], met_or_above integer, met_derived boolean, pct_met_or_above numeric,
    mean_scale_score numeric, suppressed boolean, source_line integer, file text) on commit drop`);
  await session.copyCsv('stage_agg', AGG_COLUMNS, lines);

  // The same entity, year, test, grade and group twice in one import: say where, rather than keep either.
  const dupes = await session.query<{ file: string; lines: number[]; code: string }>(`
    select min(file) as file, array_agg(source_line order by source_line) as lines, min(code) as code
    from stage_agg group by state, kind, code, year, assessment, subject, grade, student_group having count(*) > 1 limit 5`);
  if (dupes.length)
    throw new ImportError(dupes.map((d) => ({ file: d.file, line: Number(d.lines[1]), message: `repeats the row on line ${d.lines[0]} (same entity ${d.code}, year, test, grade and student group)` })));

  const org = context.organizationId;
  await session.query(
    `insert into result_entity (organization_id, state, kind, code, name)
     select distinct on (state, kind, code) $1::uuid, state, kind, code, name from stage_agg order by state, kind, code, (name is null), source_line desc
     on conflict (organization_id, state, kind, code) do update set name = coalesce(excluded.name, result_entity.name)
     where excluded.name is not null and excluded.name is distinct from result_entity.name`,
    [org],
  );
  await linkEntities(session, org);
  const [matched] = await session.query<{ n: string }>(
    `select count(*) as n from result_entity e where e.organization_id = $1 and (e.school_id is not null or e.district_id is not null)
     and exists (select 1 from stage_agg s where s.state = e.state and s.kind = e.kind and s.code = e.code)`,
    [org],
  );

  const [counts] = await session.query<{ staged: string; inserted: string; updated: string }>(
    `with merged as (
       insert into aggregate_result (organization_id, entity_id, district_id, source, year, assessment, subject, grade, student_group, tested,
         level_counts, level_percents, met_or_above, met_derived, pct_met_or_above, mean_scale_score, suppressed, source_line, import_run_id)
       select $1::uuid, e.id, e.district_id, s.source, s.year, s.assessment, s.subject, s.grade, s.student_group, s.tested,
         s.level_counts, s.level_percents, s.met_or_above, s.met_derived, s.pct_met_or_above, s.mean_scale_score, s.suppressed, s.source_line, $2::uuid
       from stage_agg s join result_entity e on e.organization_id = $1 and e.state = s.state and e.kind = s.kind and e.code = s.code
       on conflict (entity_id, year, assessment, subject, grade, student_group) do update set
         ${AGG_FIGURES.map((c) => `${c} = excluded.${c}`).join(', ')}, district_id = excluded.district_id, source_line = excluded.source_line, import_run_id = excluded.import_run_id
       where (${AGG_FIGURES.map((c) => `aggregate_result.${c}`).join(', ')}) is distinct from (${AGG_FIGURES.map((c) => `excluded.${c}`).join(', ')})
       returning (xmax = 0) as inserted)
     select (select count(*) from stage_agg) as staged, count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from merged`,
    [org, context.runId],
  );
  const staged = Number(counts!.staged);
  const inserted = Number(counts!.inserted);
  const updated = Number(counts!.updated);
  return { rowsInserted: inserted, rowsUpdated: updated, rowsUnchanged: staged - inserted - updated, created: { districts: 0, schools: 0 }, matchedEntities: Number(matched!.n) };
}

/** Links reported entities to the network's schools and districts by state code. */
export async function linkEntities(session: BulkSession, organizationId: string): Promise<void> {
  await session.query(
    `update result_entity e set school_id = s.id, district_id = s.district_id
     from school s join district d on d.id = s.district_id
     where e.organization_id = $1 and e.kind = 'school' and s.organization_id = $1 and s.state_code = e.code and d.state = e.state
       and (e.school_id is distinct from s.id or e.district_id is distinct from s.district_id)`,
    [organizationId],
  );
  await session.query(
    `update result_entity e set district_id = d.id
     from district d
     where e.organization_id = $1 and e.kind = 'district' and d.organization_id = $1 and d.state_code = e.code and d.state = e.state
       and e.district_id is distinct from d.id`,
    [organizationId],
  );
}

const loadEdsight: Loader = (session, files, context) =>
  mergeAggregates(session, context, aggregateLines(files, context, (stream, file) => parseEdsight(stream, { fileName: file.name, year: context.options.year, maxErrors: context.options.maxErrors ?? 20 })));

const loadCaaspp: Loader = async (session, files, context) => {
  const o = context.options;
  const [entities, subgroups, tests] = await Promise.all([
    o.entities ? readCaasppEntities(o.entities) : undefined,
    o.subgroups ? readCaasppSubgroups(o.subgroups) : undefined,
    o.tests ? readCaasppTests(o.tests) : undefined,
  ]);
  return mergeAggregates(
    session,
    context,
    aggregateLines(files, context, (stream, file) => parseCaaspp(stream, { fileName: file.name, entities, subgroups, tests, maxErrors: o.maxErrors ?? 20 })),
  );
};

// ---------------------------------------------------------------------------------------------
// Student-level records: Ed-Fi XML, student CSV, OneRoster.

type StudentLevelRecord = EdfiRecord;

const ORG_COLUMNS = ['org_type', 'code', 'name', 'parent_code', 'grade_low', 'grade_high', 'source_line', 'file'];
const STUDENT_COLUMNS = ['local_id', 'first_name', 'last_name', 'birth_date', 'grade', 'school_code', 'demographics', 'source_line', 'file'];
const ENROLLMENT_COLUMNS = ['local_id', 'school_code', 'grade', 'source_line', 'file'];
const RESULT_COLUMNS = [
  'local_id', 'school_code', 'assessment_id', 'assessment_title', 'subject', 'grade', 'school_year', 'administration_date',
  'scale_score', 'raw_score', 'performance_level', 'level_ordinal', 'source_line', 'file',
];

const demographicsJson = (d: Demographics | undefined) => (d && Object.keys(d).length ? JSON.stringify(d) : '{}');

/** The school year of a test date: July starts a new year. */
export function schoolYearOfDate(date: string | null): string | null {
  const m = date ? /^(\d{4})-(\d{2})/.exec(date) : null;
  if (!m) return null;
  const y = Number(m[1]);
  return schoolYearFromStart(Number(m[2]) >= 7 ? y : y - 1);
}

/** Each record goes to its own staging table; one pass over the files feeds four COPY streams in turn. */
async function stageStudentRecords(session: BulkSession, records: AsyncIterable<{ record: StudentLevelRecord; file: string }>, context: LoadContext) {
  await session.query(`create temp table stage_org (org_type text, code text, name text, parent_code text, grade_low smallint, grade_high smallint, source_line integer, file text) on commit drop`);
  await session.query(`create temp table stage_student (local_id text, first_name text, last_name text, birth_date date, grade smallint, school_code text, demographics jsonb, source_line integer, file text) on commit drop`);
  await session.query(`create temp table stage_enrollment (local_id text, school_code text, grade smallint, source_line integer, file text) on commit drop`);
  await session.query(`create temp table stage_result (local_id text, school_code text, assessment_id text, assessment_title text, subject text, grade smallint,
    school_year text, administration_date text, scale_score numeric, raw_score numeric, performance_level text, level_ordinal smallint, source_line integer, file text) on commit drop`);

  // Rows are buffered per table and flushed in blocks, so memory stays bounded whatever the file size.
  const buffers: Record<string, string[]> = { stage_org: [], stage_student: [], stage_enrollment: [], stage_result: [] };
  const columns: Record<string, string[]> = { stage_org: ORG_COLUMNS, stage_student: STUDENT_COLUMNS, stage_enrollment: ENROLLMENT_COLUMNS, stage_result: RESULT_COLUMNS };
  const flush = async (table: string) => {
    const lines = buffers[table]!;
    if (!lines.length) return;
    buffers[table] = [];
    await session.copyCsv(table, columns[table]!, (async function* () {
      yield* lines;
    })());
  };
  const push = async (table: string, line: string) => {
    const buffer = buffers[table]!;
    buffer.push(line);
    if (buffer.length >= 20_000) await flush(table);
  };
  for await (const { record: r, file } of records) {
    context.row();
    switch (r.kind) {
      case 'organization': {
        const grades = r.grades?.length ? r.grades : null;
        await push('stage_org', csvLine([r.orgType, r.id, r.name, r.parentId ?? null, grades ? Math.min(...grades) : null, grades ? Math.max(...grades) : null, r.line, file]));
        break;
      }
      case 'student':
        await push('stage_student', csvLine([r.studentId, r.firstName ?? null, r.lastName ?? null, r.birthDate ?? null, r.grade ?? null, r.schoolId ?? null, demographicsJson(r.demographics), r.line, file]));
        break;
      case 'enrollment':
        if (!r.role || r.role === 'student') await push('stage_enrollment', csvLine([r.studentId, r.schoolId, r.grade ?? null, r.line, file]));
        break;
      case 'student-result':
        if (r.demographics && Object.keys(r.demographics).length)
          await push('stage_student', csvLine([r.studentId, null, null, null, r.grade, r.schoolId, demographicsJson(r.demographics), r.line, file]));
        await push('stage_result', csvLine([
          r.studentId, r.schoolId, r.assessmentId, r.assessmentTitle ?? null, r.subject, r.grade, r.schoolYear ?? schoolYearOfDate(r.administrationDate), r.administrationDate ?? '',
          r.scaleScore, r.rawScore ?? null, r.performanceLevel, r.performanceLevelOrdinal, r.line, file,
        ]));
        break;
      case 'assessment':
        break;
    }
  }
  for (const table of Object.keys(buffers)) await flush(table);
}

const issuesFrom = (rows: { file: string; source_line: number }[], message: (row: never) => string): ImportIssue[] =>
  rows.map((row) => ({ file: row.file, line: Number(row.source_line), message: message(row as never) }));

/** Adds the districts and schools of the import that the network lacks (createSchools), audited. */
async function createMissingSchools(session: BulkSession, context: LoadContext): Promise<{ districts: number; schools: number }> {
  const state = (context.options.state ?? '').toUpperCase();
  if (!/^[A-Z]{2}$/.test(state)) throw new AppError('invalid_input', 'To add schools from the file, give their state as two letters (--state CA).', [{ where: 'state', message: 'two letters' }]);
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
      issuesFrom(missingParent, (r: { code: string; parent_code: string | null }) =>
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
  for (const [kind, rows] of [['district', districts], ['school', schools]] as const)
    for (const row of rows)
      await session.query(`insert into audit_log (organization_id, actor_id, action, object_kind, object_id, after) values ($1, $2, $3, $4, $5, $6)`, [
        org, context.actorId, `${kind}.create`, kind, row.id, JSON.stringify({ name: row.name, state_code: row.state_code, import_run_id: context.runId }),
      ]);
  return { districts: districts.length, schools: schools.length };
}

async function mergeStudents(session: BulkSession, context: LoadContext): Promise<Counts> {
  const org = context.organizationId;
  const created = context.options.createSchools ? await createMissingSchools(session, context) : { districts: 0, schools: 0 };

  // The district for students with no known school: named, or the one district of the import.
  let fallbackDistrict: string | null = null;
  if (context.options.district) {
    const [d] = await session.query<{ id: string }>(`select id from district where organization_id = $1 and state_code = $2`, [org, context.options.district]);
    if (!d) throw new AppError('not_found', `No district with state code ${context.options.district} is in the network.`, [{ where: 'district', message: 'unknown state code' }]);
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
    throw new ImportError(issuesFrom(unknownSchools, (r: { code: string }) => `school ${r.code} is not in the network; add it first, or import with the option to add schools from the file`));
  const placeless = await session.query<{ file: string; source_line: number; local_id: string }>(`select file, source_line, local_id from stage_person where district_id is null order by file, source_line limit 20`);
  if (placeless.length)
    throw new ImportError(
      issuesFrom(placeless, (r: { local_id: string }) => `student ${r.local_id} has no school or district in the network; name the district for such students (district option)`),
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

/** Ed-Fi interchanges are read in dependency order: organizations, assessments, students, then results. */
const INTERCHANGE_ORDER = ['EducationOrganization', 'AssessmentMetadata', 'Student', 'StudentEnrollment', 'StudentAssessment'];

async function interchangeOf(path: string): Promise<string> {
  const handle = await open(path);
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return /<Interchange(\w+)/.exec(buffer.subarray(0, bytesRead).toString('utf8'))?.[1] ?? '';
  } finally {
    await handle.close();
  }
}

const loadEdfi: Loader = async (session, files, context) => {
  const kinds = new Map<FileUse, string>();
  for (const f of files) kinds.set(f, await interchangeOf(f.path));
  const rank = (f: FileUse) => {
    const i = INTERCHANGE_ORDER.indexOf(kinds.get(f)!);
    return i < 0 ? INTERCHANGE_ORDER.length : i;
  };
  const ordered = [...files].sort((a, b) => rank(a) - rank(b));
  const assessments = new Map<string, AssessmentRecord>();
  async function* records() {
    for (const file of ordered) {
      for await (const record of parseEdfiXml(context.open(file), { fileName: file.name, assessments })) {
        if (record.kind === 'assessment') assessments.set(record.assessmentId, record);
        yield { record, file: file.name };
      }
    }
  }
  await stageStudentRecords(session, records(), context);
  return mergeStudents(session, context);
};

const loadStudentCsv: Loader = async (session, files, context) => {
  if (context.options.map === undefined) throw new AppError('invalid_input', 'A student CSV needs a column map (--map MAP.json).', [{ where: 'map', message: 'is required' }]);
  const map = parseStudentColumnMap(context.options.map);
  async function* records() {
    for (const file of files)
      for await (const record of parseStudentCsv(context.open(file), map, { fileName: file.name, maxErrors: context.options.maxErrors ?? 20 })) yield { record, file: file.name };
  }
  await stageStudentRecords(session, records(), context);
  return mergeStudents(session, context);
};

const loadOneRoster: Loader = async (session, files, context) => {
  const dirs = [...new Set(files.map((f) => f.path.slice(0, f.path.length - f.name.length - 1)))];
  if (dirs.length !== 1) throw new AppError('invalid_input', 'Import one OneRoster bundle (one folder) at a time.');
  const dir = dirs[0]!;
  await readOneRosterManifest(dir);
  // The parser opens the bundle's files itself; hash and count them as they are.
  for (const f of files) f.sha256 = hashFile(f.path);
  async function* records() {
    for await (const record of parseOneRoster(dir, { maxErrors: context.options.maxErrors ?? 20 })) yield { record, file: record.file ?? 'manifest.csv' };
  }
  await stageStudentRecords(session, records(), context);
  return mergeStudents(session, context);
};

const LOADERS: Record<ImportFormat, Loader> = {
  edsight: loadEdsight,
  caaspp: loadCaaspp,
  'edfi-xml': loadEdfi,
  'student-csv': loadStudentCsv,
  oneroster: loadOneRoster,
};

export { issueWhere };

/**
 * Loads records made by code (the demo network's synthetic results) through the same staging and
 * merge as a file import, recorded as an import run of its own.
 */
export async function loadGeneratedRecords(
  database: TrellisDatabase,
  organizationId: string,
  label: string,
  records: { aggregates: Iterable<AggregateResult>; studentLevel: Iterable<StudentLevelRecord> },
): Promise<Counts> {
  const run = await database.db
    .insertInto('import_run')
    .values({ organization_id: organizationId, format: 'generated', files: JSON.stringify([{ name: label, bytes: 0 }]), status: 'running', started_by: null, started_via: 'cli' })
    .returning('id')
    .executeTakeFirstOrThrow();
  let rows = 0;
  const context: LoadContext = { organizationId, runId: run.id, actorId: null, options: {}, open: () => { throw new Error('generated records have no file'); }, row: () => rows++ };
  const counts = await database.bulk(async (session) => {
    const a = await mergeAggregates(session, context, (async function* () {
      for (const r of records.aggregates) {
        context.row();
        yield aggregateLine(r, label);
      }
    })());
    await stageStudentRecords(session, (async function* () {
      for (const record of records.studentLevel) yield { record, file: label };
    })(), context);
    const s = await mergeStudents(session, context);
    return { rowsInserted: a.rowsInserted + s.rowsInserted, rowsUpdated: a.rowsUpdated + s.rowsUpdated, rowsUnchanged: a.rowsUnchanged + s.rowsUnchanged, created: s.created };
  });
  await database.db
    .updateTable('import_run')
    .set({ status: 'succeeded', rows_read: rows, rows_inserted: counts.rowsInserted, rows_updated: counts.rowsUpdated, rows_unchanged: counts.rowsUnchanged, finished_at: new Date() })
    .where('id', '=', run.id)
    .execute();
  return counts;
}
