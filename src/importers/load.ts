// Loads parsed records into the database: every file of one import in one transaction, idempotently.
// Rows stream from the parsers into COPY (memory stays flat): aggregate results straight into their
// table where nothing is stored under their keys yet, otherwise (and student-level records always) into
// staging tables that set-based SQL checks, links to the network and merges, so a re-import of the same
// file changes nothing.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { BulkSession, TrellisDatabase } from '../db/database';
import type { ImportFormat } from '../db/schema';
import { AppError } from '../domain/errors';
import {
  AGGREGATE_COLUMNS, AggregateFormatter, CHUNK_CHARS, formatFiles, meteredFile,
  type AggregateChunk, type AggregateFilesJob, type FormatterInit, type FormatterSummary,
} from './aggregate-chunks';
import { formatInThread, workerSource } from './aggregate-thread';
import { schoolYearFromStart } from './cells';
import { parseEdfiXml, type EdfiRecord } from './edfi-xml';
import { filesOf, type FileUse } from './import-files';
import { holdRun, thisProcess } from './import-runs';
import { ImportError, issueWhere, printable, type ImportIssue } from './issues';
import { assertRosteredStudents, assertStaged } from './load-checks';
import { parseOneRoster, readOneRosterManifest } from './oneroster';
import type { AggregateResult, AssessmentRecord, Demographics } from './records';
import { parseStudentColumnMap, parseStudentCsv } from './student-csv';

export { FORMAT_DESCRIPTIONS, IMPORT_FORMATS, matchSentence, type EntityMatches } from '../domain/import-formats';
import type { EntityMatches } from '../domain/import-formats';

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
  /** Aggregate imports: reported schools and districts that matched the network (the two kinds of `matched` together). */
  matchedEntities?: number;
  /** Aggregate imports: the schools and districts reported, and how many of each are in the network. */
  matched?: EntityMatches;
}

const PROGRESS_EVERY_MS = 200;

/** Runs one import: records it, loads every file in one transaction, and records how it ended. */
export async function runImport(database: TrellisDatabase, request: ImportRequest): Promise<ImportSummary> {
  const files = await filesOf(request.format, request.files, [request.options?.entities, request.options?.subgroups, request.options?.tests]);
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
      ...thisProcess(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const release = holdRun(run.id);
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
      return meteredFile(
        file.path,
        (n) => {
          bytesRead += n;
          report();
        },
        (sha256) => (file.sha256 = sha256),
      );
    },
    row() {
      rowsRead++;
      if ((rowsRead & 1023) === 0) report();
    },
    rows(n: number) {
      rowsRead += n;
      report();
    },
    readElsewhere(bytes: number, hashes?: { file: string; sha256: string }) {
      bytesRead += bytes;
      if (hashes) for (const f of files) if (f.name === hashes.file) f.sha256 = hashes.sha256;
      report();
    },
  };

  try {
    let summary!: ImportSummary;
    await database.bulk(async (session) => {
      const counts = await LOADERS[request.format](session, files, context);
      summary = {
        runId: run.id,
        format: request.format,
        files: files.map((f) => ({ name: f.name, sha256: f.sha256 || hashFile(f.path), bytes: f.bytes })),
        rowsRead,
        ...counts,
      };
      // Audited with the rows it wrote, in the same transaction, whether it came from the command line or the web.
      await session.query(`insert into audit_log (organization_id, actor_id, action, object_kind, object_id, after) values ($1, $2, $3, $4, $5, $6)`, [
        request.organizationId, request.actor.personId, 'import.run', 'import_run', run.id, JSON.stringify(auditRecord(summary, request.actor.via)),
      ]);
    });
    report(true);
    await database.db
      .updateTable('import_run')
      .set({
        status: 'succeeded',
        files: JSON.stringify(summary.files),
        rows_read: rowsRead,
        rows_inserted: summary.rowsInserted,
        rows_updated: summary.rowsUpdated,
        rows_unchanged: summary.rowsUnchanged,
        finished_at: new Date(),
      })
      .where('id', '=', run.id)
      .execute();
    return summary;
  } catch (error) {
    const failure = error instanceof AppError ? error : new AppError('import_failed', `The import failed: ${printable(String((error as Error)?.message ?? error), 300)}. Nothing from it was kept.`);
    await database.db
      .updateTable('import_run')
      .set({ status: 'failed', rows_read: rowsRead, error: JSON.stringify({ message: failure.message, details: failure.details }), finished_at: new Date() })
      .where('id', '=', run.id)
      .execute();
    throw failure;
  } finally {
    release();
  }
}

/** What the audit log keeps of an import: how it came, the files with their hashes, and what it changed. */
function auditRecord(summary: ImportSummary, via: 'cli' | 'web') {
  return {
    format: summary.format,
    via,
    files: summary.files,
    rowsRead: summary.rowsRead,
    rowsInserted: summary.rowsInserted,
    rowsUpdated: summary.rowsUpdated,
    rowsUnchanged: summary.rowsUnchanged,
    created: summary.created,
    ...(summary.matched ? { matched: summary.matched } : {}),
  };
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
  /** Several rows read at once. */
  rows(n: number): void;
  /** Bytes read by a worker thread, and a file's hash once the worker has read it all. */
  readElsewhere(bytes: number, hash?: { file: string; sha256: string }): void;
}

type Counts = Pick<ImportSummary, 'rowsInserted' | 'rowsUpdated' | 'rowsUnchanged' | 'created' | 'matchedEntities' | 'matched'>;
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
//
// Rows are formatted with their entity id already resolved (aggregate-chunks.ts), in a worker thread for
// large files, and written a block at a time. A block's rows of entities new to the network, or of an
// entity and year with nothing stored yet, are COPYed straight into aggregate_result; rows that may
// replace stored ones (a re-import) are COPYed into a staging table and merged at the end, so a re-import
// of the same file changes nothing. A key repeated within the import fails the COPY (the primary key,
// or the staging table's unique index), and only then are the lines that repeat it looked up.

export const aggregateSettings = {
  /** Imports whose files hold at least this many bytes are read and formatted in a worker thread. */
  workerMinBytes: 8 * 1024 * 1024,
  /** Loads of at least this many rows are large: the statistics of the rows are gathered afterwards. */
  largeLoadRows: 20_000,
};

/** The figures compared to tell a changed row from an unchanged one on re-import. */
const AGG_FIGURES = ['tested', 'level_counts', 'level_percents', 'met_or_above', 'met_derived', 'pct_met_or_above', 'mean_scale_score', 'suppressed', 'source'];
const AGG_KEY = ['entity_id', 'year', 'assessment', 'subject', 'grade', 'student_group'];
const STAGE_COLUMNS = [...AGGREGATE_COLUMNS, 'file'];

const quoted = (s: string) => `"${s.replace(/"/g, '""')}"`;
const sqlState = (error: unknown) => (error as { code?: unknown } | null)?.code;

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/** Where the aggregate rows of an import come from: files (read in this thread or a worker), or records made by code. */
type AggregateSource = { job: AggregateFilesJob; files: FileUse[] } | { label: string; records: Iterable<AggregateResult> };

/** The rows of a COPY block whose key repeats a row of the block or an earlier one, named by file and line. */
interface Repeat {
  line: number;
  first: number;
  code: string;
  entity_id: string;
  file?: string;
}

class AggregateWriter {
  /** Entity and year of stored entities: true when rows were stored before this import. */
  private readonly storedPairs = new Map<string, boolean>();
  /** Files each entity had rows in, in import order, to name the file of an earlier repeated line. */
  private readonly filesOf = new Map<string, string[]>();
  private inserted = 0;
  private staged = 0;
  private staging = false;

  constructor(
    private readonly session: BulkSession,
    private readonly context: LoadContext,
  ) {}

  async write(chunk: AggregateChunk): Promise<void> {
    const s = this.session;
    if (chunk.newEntities.length)
      await s.query(
        `insert into result_entity (id, organization_id, state, kind, code, name, district_id, school_id)
         select x.id, $1::uuid, x.state, x.kind, x.code, x.name, x.district_id, x.school_id
         from json_to_recordset($2::json) as x(id uuid, state text, kind text, code text, name text, district_id uuid, school_id uuid)`,
        [this.context.organizationId, JSON.stringify(chunk.newEntities.map((e) => ({ id: e.id, state: e.state, kind: e.kind, code: e.code, name: e.name, district_id: e.districtId, school_id: e.schoolId })))],
      );
    const pairKey = (entityId: string, year: string) => `${entityId}|${year}`;
    const unknown = chunk.pairs.filter((p) => !this.storedPairs.has(pairKey(p.entityId, p.year)));
    if (unknown.length) {
      const stored = await s.query<{ entity_id: string; year: string }>(
        `select x.e as entity_id, x.y as year from json_to_recordset($1::json) as x(e uuid, y text)
         where exists (select 1 from aggregate_result r where r.entity_id = x.e and r.year = x.y)`,
        [JSON.stringify(unknown.map((p) => ({ e: p.entityId, y: p.year })))],
      );
      for (const p of unknown) this.storedPairs.set(pairKey(p.entityId, p.year), false);
      for (const r of stored) this.storedPairs.set(pairKey(r.entity_id, r.year), true);
    }
    let fresh = chunk.fresh;
    let freshRows = chunk.freshRows;
    const replacing: string[] = [];
    let replacingRows = 0;
    for (const p of chunk.pairs) {
      if (this.storedPairs.get(pairKey(p.entityId, p.year))) {
        replacing.push(p.text);
        replacingRows += p.rows;
      } else {
        fresh += p.text;
        freshRows += p.rows;
      }
    }
    if (freshRows) {
      await this.copyChecked('aggregate_result', AGGREGATE_COLUMNS, fresh, chunk);
      this.inserted += freshRows;
    }
    if (replacingRows) {
      if (!this.staging) {
        await s.query(`create temp table stage_agg (like aggregate_result, file text) on commit drop`);
        await s.query(`create unique index on stage_agg (${AGG_KEY.join(', ')})`);
        this.staging = true;
      }
      const suffix = `,${quoted(chunk.file)}\n`;
      await this.copyChecked('stage_agg', STAGE_COLUMNS, replacing.join('').replaceAll('\n', suffix), chunk);
      this.staged += replacingRows;
    }
    for (const id of chunk.entityIds) {
      const files = this.filesOf.get(id);
      if (!files) this.filesOf.set(id, [chunk.file]);
      else if (files[files.length - 1] !== chunk.file) files.push(chunk.file);
    }
    this.context.rows(chunk.rows);
  }

  /** COPYs a block under a savepoint; a repeated key (unique violation) is reported with its lines. */
  private async copyChecked(table: 'aggregate_result' | 'stage_agg', columns: readonly string[], text: string, chunk: AggregateChunk): Promise<void> {
    const s = this.session;
    await s.query('savepoint aggregate_block');
    try {
      await s.copyCsv(table, columns, once(text));
    } catch (error) {
      if (sqlState(error) !== '23505') throw error;
      await s.query('rollback to savepoint aggregate_block');
      const repeats = await this.repeatsIn(table, columns, text, chunk.file);
      if (!repeats.length) throw error;
      throw new ImportError(
        repeats.map((r) => {
          const where = r.file !== chunk.file ? `line ${r.first} of ${r.file}` : `line ${r.first}`;
          return { file: chunk.file, line: r.line, message: `repeats the row on ${where} (same entity ${r.code}, year, test, grade and student group)` };
        }),
      );
    }
    await s.query('release savepoint aggregate_block');
  }

  /** The file of an entity's rows written before the current block, when they all came from one other file. */
  private earlierFile(entityId: string, current: string): string {
    const files = this.filesOf.get(entityId) ?? [];
    const others = files.filter((f) => f !== current);
    return files.includes(current) || others.length !== 1 ? current : others[0]!;
  }

  /** The rows of a failed block that repeat a key within the block or one written before it. */
  private async repeatsIn(table: 'aggregate_result' | 'stage_agg', columns: readonly string[], text: string, file: string): Promise<Required<Repeat>[]> {
    const s = this.session;
    await s.query(`create temp table if not exists aggregate_repeats (like ${table}) on commit drop`);
    await s.query('truncate aggregate_repeats');
    await s.copyCsv('aggregate_repeats', columns, once(text));
    const same = AGG_KEY.map((c) => `r.${c} = d.${c}`).join(' and ');
    const within = await s.query<{ lines: number[]; code: string; entity_id: string }>(
      `select array_agg(d.source_line order by d.source_line) as lines, min(e.code) as code, d.entity_id::text as entity_id
       from aggregate_repeats d join result_entity e on e.id = d.entity_id
       group by ${AGG_KEY.map((c) => `d.${c}`).join(', ')} having count(*) > 1 order by min(d.source_line) limit 5`,
    );
    // Rows written before this block: this import's rows in the table, or the staged ones (which keep their file).
    const earlier =
      table === 'aggregate_result'
        ? await s.query<Repeat>(
            `select d.source_line as line, r.source_line as first, e.code, d.entity_id::text as entity_id
             from aggregate_repeats d join aggregate_result r on ${same} join result_entity e on e.id = d.entity_id
             where r.import_run_id = $1 order by d.source_line limit 5`,
            [this.context.runId],
          )
        : await s.query<Repeat>(
            `select d.source_line as line, r.source_line as first, e.code, d.entity_id::text as entity_id, r.file
             from aggregate_repeats d join stage_agg r on ${same} join result_entity e on e.id = d.entity_id order by d.source_line limit 5`,
          );
    return [
      ...within.map((w) => ({ line: Number(w.lines[1]), first: Number(w.lines[0]), code: w.code, entity_id: w.entity_id, file })),
      ...earlier.map((r) => ({ ...r, line: Number(r.line), first: Number(r.first), file: r.file ?? this.earlierFile(r.entity_id, file) })),
    ]
      .sort((a, b) => a.line - b.line)
      .slice(0, 5);
  }

  async finish(summary: FormatterSummary): Promise<Counts> {
    const s = this.session;
    if (summary.renamed.length)
      await s.query(
        `update result_entity e set name = x.name from json_to_recordset($1::json) as x(id uuid, name text) where e.id = x.id and e.name is distinct from x.name`,
        [JSON.stringify(summary.renamed)],
      );
    let inserted = 0;
    let updated = 0;
    if (this.staged) {
      const [merged] = await s.query<{ inserted: string; updated: string }>(
        `with merged as (
           insert into aggregate_result (${AGGREGATE_COLUMNS.join(', ')})
           select ${AGGREGATE_COLUMNS.join(', ')} from stage_agg
           on conflict (${AGG_KEY.join(', ')}) do update set
             ${AGG_FIGURES.map((c) => `${c} = excluded.${c}`).join(', ')}, district_id = excluded.district_id, source_line = excluded.source_line, import_run_id = excluded.import_run_id
           where (${AGG_FIGURES.map((c) => `aggregate_result.${c}`).join(', ')}) is distinct from (${AGG_FIGURES.map((c) => `excluded.${c}`).join(', ')})
           returning (xmax = 0) as inserted)
         select count(*) filter (where inserted) as inserted, count(*) filter (where not inserted) as updated from merged`,
      );
      inserted = Number(merged!.inserted);
      updated = Number(merged!.updated);
    }
    return {
      rowsInserted: this.inserted + inserted,
      rowsUpdated: updated,
      rowsUnchanged: this.staged - inserted - updated,
      created: { districts: 0, schools: 0 },
      matchedEntities: summary.entities.schools.matched + summary.entities.districts.matched,
      matched: summary.entities,
    };
  }
}

/** What the formatter needs from the database: the organization's entities (linked first) and its schools and districts. */
async function formatterInit(session: BulkSession, context: LoadContext): Promise<FormatterInit> {
  const org = context.organizationId;
  await linkEntities(session, org);
  const [entities, schools, districts] = [
    await session.query<{ id: string; state: string; kind: string; code: string; name: string | null; district_id: string | null; school_id: string | null }>(
      `select id, state, kind, code, name, district_id, school_id from result_entity where organization_id = $1`,
      [org],
    ),
    await session.query<{ id: string; state_code: string; district_id: string; state: string }>(
      `select s.id, s.state_code, s.district_id, d.state from school s join district d on d.id = s.district_id where s.organization_id = $1`,
      [org],
    ),
    await session.query<{ id: string; state_code: string; state: string }>(`select id, state_code, state from district where organization_id = $1`, [org]),
  ];
  return {
    organizationId: org,
    runId: context.runId,
    entities: entities.map((e) => ({ id: e.id, state: e.state, kind: e.kind, code: e.code, name: e.name, districtId: e.district_id, schoolId: e.school_id })),
    schools: schools.map((x) => ({ id: x.id, stateCode: x.state_code, districtId: x.district_id, districtState: x.state.trim() })),
    districts: districts.map((x) => ({ id: x.id, stateCode: x.state_code, state: x.state.trim() })),
  };
}

async function mergeAggregates(session: BulkSession, context: LoadContext, source: AggregateSource): Promise<Counts> {
  // One aggregate import of an organization at a time, so the ids given to new entities stay theirs.
  await session.query(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [`trellis aggregate import ${context.organizationId}`]);
  const threaded = 'files' in source && source.files.reduce((a, f) => a + f.bytes, 0) >= aggregateSettings.workerMinBytes;
  // The worker's code is prepared while the database is read.
  if (threaded) void workerSource().catch(() => {});
  const init = await formatterInit(session, context);
  const writer = new AggregateWriter(session, context);
  let summary: FormatterSummary = { renamed: [], entities: { schools: { matched: 0, reported: 0 }, districts: { matched: 0, reported: 0 } } };
  // Each block is written while the next one is read and formatted; at most two blocks are held.
  let writing: Promise<void> = Promise.resolve();
  const write = async (chunk: AggregateChunk) => {
    await writing;
    writing = writer.write(chunk);
    // Handled where it is awaited; marked here so a failure while the next block is read is not reported as unhandled.
    writing.catch(() => {});
  };
  try {
    if ('records' in source) {
      const formatter = new AggregateFormatter(init);
      let batch: AggregateResult[] = [];
      for (const r of source.records) {
        batch.push(r);
        if (batch.length < 1000) continue;
        formatter.add(batch, source.label);
        batch = [];
        if (formatter.pending >= CHUNK_CHARS) await write(formatter.take()!);
      }
      if (batch.length) formatter.add(batch, source.label);
      const last = formatter.take();
      if (last) await write(last);
      summary = formatter.finish();
    } else if (threaded) {
      // Large files are read and formatted in a worker while this thread writes: on PGlite the database
      // runs in this thread, and on PostgreSQL this thread then answers the server without delay.
      let bytes = 0;
      for await (const event of formatInThread(source.job, init)) {
        if (event.type === 'hash') context.readElsewhere(0, event);
        else {
          context.readElsewhere(event.bytes - bytes);
          bytes = event.bytes;
          if (event.type === 'chunk') await write(event.chunk);
          else summary = event.summary;
        }
      }
    } else {
      const formatter = new AggregateFormatter(init);
      const byName = new Map(source.files.map((f) => [f.name, f]));
      for await (const chunk of formatFiles(source.job, formatter, (f) => context.open(byName.get(f.name)!))) await write(chunk);
      summary = formatter.finish();
    }
  } catch (error) {
    // No statement may still run when the caller rolls the transaction back.
    await writing.catch(() => {});
    throw error;
  }
  await writing;
  const counts = await writer.finish(summary);
  if (counts.rowsInserted + counts.rowsUpdated >= aggregateSettings.largeLoadRows) {
    // Statistics for what was just loaded (PGlite never gathers them itself, PostgreSQL only a while
    // later): without them the planner misjudges how many rows an entity has.
    await session.query('analyze result_entity');
    await session.query('analyze aggregate_result (entity_id)');
  }
  return counts;
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

const aggregateJob = (format: 'edsight' | 'caaspp', files: FileUse[], options: ImportOptions): AggregateFilesJob => ({
  format,
  files: files.map((f) => ({ name: f.name, path: f.path })),
  options: { entities: options.entities, subgroups: options.subgroups, tests: options.tests, year: options.year, maxErrors: options.maxErrors },
});

const loadEdsight: Loader = (session, files, context) => mergeAggregates(session, context, { job: aggregateJob('edsight', files, context.options), files });

const loadCaaspp: Loader = (session, files, context) => mergeAggregates(session, context, { job: aggregateJob('caaspp', files, context.options), files });

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
  const written: Record<string, number> = { stage_org: 0, stage_student: 0, stage_enrollment: 0, stage_result: 0 };
  const push = async (table: string, line: string) => {
    written[table]!++;
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
  await assertStaged(session, written);
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
      for await (const record of parseEdfiXml(context.open(file), { fileName: file.name, assessments, maxErrors: context.options.maxErrors ?? 20 })) {
        if (record.kind === 'assessment') assessments.set(record.assessmentId, record);
        yield { record, file: file.name };
      }
    }
  }
  await stageStudentRecords(session, records(), context);
  await assertRosteredStudents(session, context.organizationId, files.filter((f) => kinds.get(f) === 'Student').map((f) => f.name));
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
    .values({ organization_id: organizationId, format: 'generated', files: JSON.stringify([{ name: label, bytes: 0 }]), status: 'running', started_by: null, started_via: 'cli', ...thisProcess() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const release = holdRun(run.id);
  let rows = 0;
  const context: LoadContext = {
    organizationId, runId: run.id, actorId: null, options: {},
    open: () => { throw new Error('generated records have no file'); },
    row: () => rows++,
    rows: (n) => (rows += n),
    readElsewhere: () => {},
  };
  const counts = await database
    .bulk(async (session) => {
      const a = await mergeAggregates(session, context, { label, records: records.aggregates });
      await stageStudentRecords(session, (async function* () {
        for (const record of records.studentLevel) yield { record, file: label };
      })(), context);
      const s = await mergeStudents(session, context);
      return { rowsInserted: a.rowsInserted + s.rowsInserted, rowsUpdated: a.rowsUpdated + s.rowsUpdated, rowsUnchanged: a.rowsUnchanged + s.rowsUnchanged, created: s.created };
    })
    .catch(async (error: unknown) => {
      const message = `The import failed: ${printable(String((error as Error)?.message ?? error), 300)}. Nothing from it was kept.`;
      await database.db.updateTable('import_run').set({ status: 'failed', error: JSON.stringify({ message, details: [] }), finished_at: new Date() }).where('id', '=', run.id).execute();
      throw error;
    })
    .finally(release);
  await database.db
    .updateTable('import_run')
    .set({ status: 'succeeded', rows_read: rows, rows_inserted: counts.rowsInserted, rows_updated: counts.rowsUpdated, rows_unchanged: counts.rowsUnchanged, finished_at: new Date() })
    .where('id', '=', run.id)
    .execute();
  return counts;
}
