// Statewide CAASPP import: a synthetic research file in CDE's layout imported with `runImport`, against a
// bare COPY of the same rows measured in the same run on the same engine; peak memory; and a school's
// full results page (all years, groups, grades) read from the loaded database.
//
// Each engine runs in a child process of its own, so the peak RSS printed for one engine is not the other's.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import pg from 'pg';
import { openDatabase, type BulkSession, type TrellisDatabase } from '../src/db/database';
import { resultsFor } from '../src/db/repositories/results';
import { parseCaaspp } from '../src/importers/caaspp';
import { syntheticEntity, writeSyntheticCaaspp } from '../src/importers/caaspp-synthetic';
import { AGGREGATE_COLUMNS, AggregateFormatter, formatFiles } from '../src/importers/aggregate-chunks';
import { csvLine } from '../src/importers/copy-lines';
import { runImport } from '../src/importers/load';
import { POSTGRES_ADMIN_URL } from '../test/support/databases';

type Kind = 'postgres' | 'pglite';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 3_500_000);
// BENCH_IMPORT_PGLITE_ROWS sets PGlite's rows apart (its run takes about twice PostgreSQL's).
const PGLITE_ROWS = Number(process.env.BENCH_IMPORT_PGLITE_ROWS ?? ROWS);
const QUERY_RUNS = 50;
const IMPORT_TARGET = 0.6;
const QUERY_BUDGET_MS = 50;

/** Every synthetic entity has this many rows per year: 12 groups × 8 grades × 2 tests. */
const PER_ENTITY = 192;
/** Entity 59 is the first district and entity 60 its first school (see syntheticEntity). */
const DISTRICT_ENTITY = 59;
const SCHOOL_ENTITY = 60;
/** The main file is spring 2019; earlier years hold the same school, so its page spans five years. */
const MAIN_YEAR = 2019;
const EARLIER_YEARS = [2015, 2016, 2017, 2018];

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MB`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** Peak resident set of this process so far, in bytes (maxRSS is reported in KB). */
const peakRss = () => process.resourceUsage().maxRSS * 1024;

if (!process.argv[2]) {
  for (const kind of ['postgres', 'pglite'] as const) {
    const r = spawnSync(process.execPath, ['bin/run-ts.js', 'bench/import.ts', kind], { stdio: 'inherit' });
    if (r.status !== 0) process.exitCode = 1;
  }
} else {
  const kind = process.argv[2] as Kind;
  if (kind !== 'postgres' && kind !== 'pglite') throw new Error(`unknown engine ${kind}`);
  await benchEngine(kind, kind === 'pglite' ? PGLITE_ROWS : ROWS);
}

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database: a new PostgreSQL database, or a file-backed PGlite directory as `npm start` uses. */
async function open(kind: Kind, dir: string): Promise<{ database: TrellisDatabase; drop: () => Promise<void> }> {
  if (kind === 'pglite') return { database: await openDatabase({ url: join(dir, 'pglite') }), drop: async () => {} };
  const name = `bench_import_${process.pid}`;
  await admin(async (c) => {
    await c.query(`drop database if exists ${name}`);
    await c.query(`create database ${name}`);
  });
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    database: await openDatabase({ url: url.toString() }),
    drop: () => admin(async (c) => void (await c.query(`drop database if exists ${name} with (force)`))),
  };
}

/** The file read in pieces that end on a line break, as COPY needs when PGlite is sent one chunk per statement. */
async function* wholeLines(path: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    const cut = text.lastIndexOf('\n') + 1;
    rest = text.slice(cut);
    if (cut) yield text.slice(0, cut);
  }
  if (rest) yield rest;
}

/**
 * The rows the import stored, written as CSV in aggregate_result's column order (entity ids, district
 * ids, import run and source lines as stored), so the baseline is a bare COPY of the same rows: no
 * parsing, no checks, no entity lookup, no merge.
 */
async function writeBaselineCsv(database: TrellisDatabase, source: string, target: string, organizationId: string, runId: string): Promise<number> {
  const entities = new Map<string, { id: string; district_id: string | null }>();
  for (const e of await database.db
    .selectFrom('result_entity')
    .select(['id', 'kind', 'code', 'district_id'])
    .where('organization_id', '=', organizationId)
    .execute())
    entities.set(`${e.kind}:${e.code}`, e);
  const out = createWriteStream(target);
  let chunk = '';
  let rows = 0;
  for await (const r of parseCaaspp(createReadStream(source), { fileName: 'statewide' })) {
    const e = entities.get(`${r.entity.kind}:${r.entity.code}`)!;
    chunk += csvLine([
      organizationId,
      e.id,
      e.district_id,
      r.source,
      r.year,
      r.assessment,
      r.subject,
      String(r.grade),
      r.group,
      r.tested,
      r.levelCounts,
      r.levelPercents,
      r.metOrAbove,
      r.metOrAboveDerived ?? false,
      r.pctMetOrAbove,
      r.meanScaleScore,
      r.suppressed,
      r.line,
      runId,
    ]);
    rows++;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await finished(out);
  return rows;
}

/** Names the import's SQL steps, to time each one through a wrapped session. */
function stepOf(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim().toLowerCase();
  if (s.startsWith('select pg_advisory_xact_lock')) return 'lock';
  if (s.startsWith('analyze')) return 'statistics';
  if (s.startsWith('create temp table') || s.startsWith('create unique index')) return 'create staging';
  if (s.includes('savepoint')) return 'savepoints';
  if (s.startsWith('insert into result_entity')) return 'new entities';
  if (s.startsWith('update result_entity e set name')) return 'entity names';
  if (s.startsWith('update result_entity')) return 'link';
  if (s.startsWith('select id, state, kind') || s.startsWith('select s.id, s.state_code') || s.startsWith('select id, state_code')) return 'entities and codes';
  if (s.includes('from json_to_recordset') && s.includes('exists')) return 'stored years';
  if (s.includes('insert into aggregate_result')) return 'merge';
  return s.split(' ').slice(0, 3).join(' ');
}

/** The database with every bulk step timed: COPY into staging (which waits on parsing) and each SQL statement. */
function timed(database: TrellisDatabase, steps: Map<string, number>): TrellisDatabase {
  const add = (step: string, ms: number) => steps.set(step, (steps.get(step) ?? 0) + ms);
  return {
    ...database,
    bulk: (work) =>
      database.bulk((session) => {
        const wrapped: BulkSession = {
          query: async (sql, params) => {
            const t = performance.now();
            try {
              return await session.query(sql, params);
            } finally {
              add(stepOf(sql), performance.now() - t);
            }
          },
          copyCsv: async (table, columns, lines) => {
            const t = performance.now();
            try {
              await session.copyCsv(table, columns, lines);
            } finally {
              add(`COPY into ${table}`, performance.now() - t);
            }
          },
        };
        return work(wrapped);
      }),
  };
}

async function benchEngine(kind: Kind, rows: number) {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-bench-import-'));
  const label = `import [${kind}] ${fmt(rows)} rows`;
  let opened: Awaited<ReturnType<typeof open>> | undefined;
  try {
    // Files first, outside every timing.
    const file = join(dir, 'sb_ca2019_all_csv_v1.txt');
    await writeSyntheticCaaspp(file, { rows, seed: 1, testYear: MAIN_YEAR });
    const fileBytes = statSync(file).size;
    const earlier = [];
    for (const year of EARLIER_YEARS) {
      const path = join(dir, `sb_ca${year}_first_entities.txt`);
      await writeSyntheticCaaspp(path, { rows: (SCHOOL_ENTITY + 1) * PER_ENTITY, seed: year, testYear: year });
      earlier.push(path);
    }

    opened = await open(kind, dir);
    const { database } = opened;
    const db = database.db;
    const org = await db.insertInto('organization').values({ name: 'Benchmark Partners', slug: 'bench' }).returning('id').executeTakeFirstOrThrow();
    const d = syntheticEntity(DISTRICT_ENTITY);
    const s = syntheticEntity(SCHOOL_ENTITY);
    const district = await db
      .insertInto('district')
      .values({ organization_id: org.id, name: 'Benchmark Unified', state: 'CA', state_code: `${d.county}${d.district}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const schoolCode = `${s.county}${s.district}${s.school}`;
    const school = await db
      .insertInto('school')
      .values({
        organization_id: org.id,
        district_id: district.id,
        name: 'Benchmark Elementary',
        state_code: schoolCode,
        level: 'elementary',
        grade_low: 0,
        grade_high: 5,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    // The import first, so the peak RSS read after it is the import's and no other step's: from the
    // CAASPP file, through every step an import takes, each step timed. Each timed step starts from a
    // checkpoint, so neither it nor the baseline pays for the other's dirty pages.
    const rssBefore = peakRss();
    await database.bulk((session) => session.query('checkpoint'));
    const steps = new Map<string, number>();
    let t = performance.now();
    const summary = await runImport(timed(database, steps), {
      organizationId: org.id,
      format: 'caaspp',
      files: [{ path: file }],
      actor: { personId: null, via: 'cli' },
    });
    const importMs = performance.now() - t;
    const rssAfter = peakRss();

    // Baseline: the same rows as the import stored them, COPYed into a plain table with aggregate_result's
    // columns and primary key (no check of entities, no triggers). Reading the prepared file is counted, as the
    // import's reading of its file is; preparing it is not.
    const baselineCsv = join(dir, 'aggregate_result.csv');
    const stored = await writeBaselineCsv(database, file, baselineCsv, org.id, summary.runId);
    if (summary.rowsInserted !== stored) throw new Error(`the import inserted ${summary.rowsInserted} of ${stored} rows`);
    const baselineBytes = statSync(baselineCsv).size;
    await database.bulk((session) =>
      session.query('create table bench_raw_copy (like aggregate_result including defaults including constraints including indexes)'),
    );
    await database.bulk((session) => session.query('checkpoint'));
    t = performance.now();
    await database.bulk((session) => session.copyCsv('bench_raw_copy', AGGREGATE_COLUMNS, wholeLines(baselineCsv)));
    const copyMs = performance.now() - t;
    const [copied] = await database.bulk((session) => session.query<{ n: string }>('select count(*) as n from bench_raw_copy'));
    if (Number(copied!.n) !== stored) throw new Error(`the baseline COPY stored ${copied!.n} of ${stored} rows`);
    await database.bulk((session) => session.query('drop table bench_raw_copy'));
    rmSync(baselineCsv);

    // Parsing alone (file → parser → COPY lines, no database, in this thread), to tell the importer's own work from the database's.
    t = performance.now();
    const formatter = new AggregateFormatter({ organizationId: org.id, runId: summary.runId, entities: [], schools: [], districts: [] });
    for await (const chunk of formatFiles({ format: 'caaspp', files: [{ name: 'statewide', path: file }], options: {} }, formatter, (f) =>
      createReadStream(f.path),
    ))
      void chunk;
    const parseMs = performance.now() - t;

    const ratio = copyMs / importMs;
    console.log(
      `${label} (${mb(fileBytes)} CAASPP file, ${fmt(stored)} results stored): import ${seconds(importMs)} (${fmt(stored / (importMs / 1000))} rows/s); ` +
        `raw COPY of the same rows (${mb(baselineBytes)} CSV) ${seconds(copyMs)} (${fmt(stored / (copyMs / 1000))} rows/s); ` +
        `import at ${(ratio * 100).toFixed(0)}% of raw COPY speed (${((ratio / IMPORT_TARGET) * 100).toFixed(0)}% of the ${IMPORT_TARGET * 100}% target)`,
    );
    console.log(
      `${label}: peak RSS ${mb(rssAfter)} after the import (${mb(rssBefore)} before it, with the database open), ${((rssAfter / fileBytes) * 100).toFixed(0)}% of the ${mb(fileBytes)} file` +
        (kind === 'pglite' ? '; PGlite runs in this process, so its memory is included' : ''),
    );
    const total = [...steps.values()].reduce((a, b) => a + b, 0);
    console.log(
      `${label}: steps ${[...steps].map(([step, ms]) => `${step} ${seconds(ms)}`).join(', ')}; outside the bulk transaction ${seconds(importMs - total)}; ` +
        `parsing and formatting alone (no database, no worker) ${seconds(parseMs)}`,
    );

    // Earlier years of the same school, district, counties and state, so the page shows five years.
    for (const path of earlier)
      await runImport(database, { organizationId: org.id, format: 'caaspp', files: [{ path }], actor: { personId: null, via: 'cli' } });

    const times: number[] = [];
    let page: Awaited<ReturnType<typeof resultsFor>> = null;
    for (let i = 0; i <= QUERY_RUNS; i++) {
      t = performance.now();
      page = await resultsFor(db, 'school', school.id, true);
      // The first run warms caches and is left out.
      if (i > 0) times.push(performance.now() - t);
    }
    if (!page) throw new Error('the school has no results page');
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)]!;
    const p95 = times[Math.ceil(times.length * 0.95) - 1]!;
    const [all] = await database.bulk((session) => session.query<{ n: string }>('select count(*) as n from aggregate_result'));
    console.log(
      `results page [${kind}] school ${schoolCode}: ${page.years.length} years × ${page.groups.length} groups × ${page.grades.length} grades × ${page.subjects.length} subjects ` +
        `(${fmt(page.rows.length)} rows, ${fmt(page.district.length)} district and ${fmt(page.state.length)} state rows beside) among ${fmt(Number(all!.n))} results: ` +
        `median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms over ${QUERY_RUNS} runs (${((p95 / QUERY_BUDGET_MS) * 100).toFixed(0)}% of the ${QUERY_BUDGET_MS} ms budget at p95)`,
    );
  } finally {
    await opened?.database.close();
    await opened?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}
