// Loads aggregate results (EdSight, CAASPP): rows are formatted with their entity id already resolved
// (aggregate-chunks.ts), in a worker thread for large files, and written a block at a time (aggregate-writer.ts).
import type { BulkSession } from '../db/database';
import {
  AggregateFormatter,
  CHUNK_CHARS,
  formatFiles,
  type AggregateChunk,
  type AggregateFilesJob,
  type FormatterInit,
  type FormatterSummary,
} from './aggregate-chunks';
import { formatInThread, workerSource } from './aggregate-thread';
import { AggregateWriter } from './aggregate-writer';
import type { FileUse } from './import-files';
import type { Counts, ImportOptions, Loader, LoadContext } from './load-context';
import type { AggregateResult } from './records';

export const aggregateSettings = {
  /** Imports whose files hold at least this many bytes are read and formatted in a worker thread. */
  workerMinBytes: 8 * 1024 * 1024,
  /** Loads of at least this many rows are large: the statistics of the rows are gathered afterwards. */
  largeLoadRows: 20_000,
};

/** Where the aggregate rows of an import come from: files (read in this thread or a worker), or records made by code. */
type AggregateSource = { job: AggregateFilesJob; files: FileUse[] } | { label: string; records: Iterable<AggregateResult> };

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

export async function mergeAggregates(session: BulkSession, context: LoadContext, source: AggregateSource): Promise<Counts> {
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

export const loadEdsight: Loader = (session, files, context) =>
  mergeAggregates(session, context, { job: aggregateJob('edsight', files, context.options), files });

export const loadCaaspp: Loader = (session, files, context) =>
  mergeAggregates(session, context, { job: aggregateJob('caaspp', files, context.options), files });
