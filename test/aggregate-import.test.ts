// Aggregate imports on both engines through each way rows reach the table: a first load COPYed straight
// into aggregate_result (read in this thread or in a worker thread), a re-import staged and merged, and
// keys repeated within one import, caught by the table's key and named by file and line.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import { syntheticEntity, writeSyntheticCaaspp } from '../src/importers/caaspp-synthetic';
import { ImportError } from '../src/importers/issues';
import { AGGREGATE_COLUMNS } from '../src/importers/aggregate-chunks';
import { aggregateSettings } from '../src/importers/aggregate-load';
import { csvLine } from '../src/importers/copy-lines';
import { runImport, type ImportProgress, type ImportRequest } from '../src/importers/load';
import { describeEachDatabase, freshDatabase } from './support/databases';

const DEFAULT_MIN_BYTES = aggregateSettings.workerMinBytes;
const DEFAULT_LARGE_LOAD = aggregateSettings.largeLoadRows;

async function counts(database: TrellisDatabase) {
  const out: Record<string, number> = {};
  for (const t of ['aggregate_result', 'result_entity'] as const)
    out[t] = Number(
      (
        await database.db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return out;
}

async function digest(database: TrellisDatabase) {
  const row = await sql<{
    d: string;
  }>`select md5(string_agg(concat_ws('|', entity_id, district_id, year, assessment, subject, grade, student_group, tested, level_percents, met_or_above, met_derived, pct_met_or_above, mean_scale_score, suppressed, source_line, import_run_id), ',' order by entity_id, year, assessment, subject, grade, student_group)) as d from aggregate_result`.execute(
    database.db,
  );
  return row.rows[0]!.d;
}

/** The error code a statement gets, or 'stored' when it succeeds. */
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'stored',
    (e: { code?: string }) => e.code,
  );

/** Whether a row naming no entity is refused, as an insert and as an update of a stored row. */
async function entityRule(database: TrellisDatabase, org: string) {
  const insert = await outcome(
    database.db
      .insertInto('aggregate_result')
      .values({
        organization_id: org,
        entity_id: randomUUID(),
        source: 'caaspp',
        year: '2018-19',
        assessment: 'smarter-balanced',
        subject: 'ela',
        grade: '3',
        student_group: 'all',
        suppressed: false,
        source_line: 1,
        import_run_id: randomUUID(),
      })
      .execute(),
  );
  const stored = await database.db.selectFrom('aggregate_result').select(['entity_id', 'year']).limit(1).executeTakeFirst();
  const update = stored
    ? await outcome(
        database.db
          .updateTable('aggregate_result')
          .set({ entity_id: randomUUID() })
          .where('entity_id', '=', stored.entity_id)
          .where('year', '=', stored.year)
          .execute(),
      )
    : 'no rows';
  return { insert, update };
}

async function failure(promise: Promise<unknown>): Promise<ImportError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describeEachDatabase('aggregate imports: first loads, re-imports and repeated keys', (kind) => {
  let database: TrellisDatabase;
  let org: string;
  let dir: string;
  let file: string;
  let lines: string[];
  const request = (path: string, over: Partial<ImportRequest> = {}): ImportRequest => ({
    organizationId: org,
    format: 'caaspp',
    files: [{ path }],
    actor: { personId: null, via: 'cli' },
    ...over,
  });
  const write = (name: string, text: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, text.join('\r\n') + '\r\n', 'latin1');
    return path;
  };

  // Each test gets a new, empty database of its own with the organization and its network; a test that
  // works on stored results loads the synthetic file itself first (`loadFile`).
  beforeEach(async () => {
    database = await freshDatabase(kind);
    org = (await database.db.insertInto('organization').values({ name: 'Westbrook Partners', slug: 'westbrook' }).returning('id').executeTakeFirstOrThrow()).id;
    // Entity 59 is the first synthetic district and 60 its first school: both are in the network.
    const d = syntheticEntity(59);
    const s = syntheticEntity(60);
    const district = await database.db
      .insertInto('district')
      .values({ organization_id: org, name: 'Synthetic Unified', state: 'CA', state_code: `${d.county}${d.district}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('school')
      .values({
        organization_id: org,
        district_id: district.id,
        name: 'Synthetic Elementary',
        state_code: `${s.county}${s.district}${s.school}`,
        level: 'elementary',
        grade_low: 0,
        grade_high: 5,
      })
      .execute();
  });
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trellis-aggregate-'));
    file = join(dir, 'sb_ca2019_all_csv_v1.txt');
    // 62 entities of 192 rows each: the state, 58 counties, a district and two of its schools; more than one block.
    await writeSyntheticCaaspp(file, { rows: 62 * 192, seed: 7, testYear: 2019 });
    lines = readFileSync(file, 'latin1').split('\r\n').filter(Boolean);
  });
  afterEach(async () => {
    aggregateSettings.workerMinBytes = DEFAULT_MIN_BYTES;
    aggregateSettings.largeLoadRows = DEFAULT_LARGE_LOAD;
    await database?.close();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  /** Loads the synthetic file as a first load with the default settings, as the tests on stored results start. */
  const loadFile = async () => {
    const first = await runImport(database, request(file));
    expect([first.rowsInserted, first.rowsUpdated, first.rowsUnchanged]).toEqual([lines.length - 1, 0, 0]);
  };

  it('refuses a first load that repeats a key within one block or across blocks, names both lines, and keeps nothing', async () => {
    const before = await counts(database);
    // Line 5 again right after itself (the same block), then line 3 again at the end (a later block).
    const repeated = write('repeated.txt', [...lines.slice(0, 5), lines[4]!, ...lines.slice(5), lines[2]!]);
    for (const minBytes of [DEFAULT_MIN_BYTES, 0]) {
      aggregateSettings.workerMinBytes = minBytes;
      const error = await failure(runImport(database, request(repeated)));
      expect(error.issues).toEqual([
        { file: 'repeated.txt', line: 6, message: 'repeats the row on line 5 (same entity CA, year, test, grade and student group)' },
      ]);
      expect(await counts(database)).toEqual(before);
    }
    // Without the first repeat, the one in the later block is found against the rows already written.
    const later = write('later.txt', [...lines, lines[2]!]);
    const error = await failure(runImport(database, request(later)));
    expect(error.issues).toEqual([
      { file: 'later.txt', line: lines.length + 1, message: 'repeats the row on line 3 (same entity CA, year, test, grade and student group)' },
    ]);
    expect(await counts(database)).toEqual(before);
    const failed = await database.db.selectFrom('import_run').select(['status', 'error']).where('status', '=', 'failed').execute();
    expect(failed.length).toBe(3);
  });

  it('loads a first file straight into the table through a worker thread, with progress, hashes and linked districts', async () => {
    aggregateSettings.workerMinBytes = 0;
    aggregateSettings.largeLoadRows = 0;
    const progress: ImportProgress[] = [];
    const summary = await runImport(database, request(file, { onProgress: (p) => progress.push(p) }));
    const rows = lines.length - 1;
    expect([summary.rowsRead, summary.rowsInserted, summary.rowsUpdated, summary.rowsUnchanged, summary.matchedEntities]).toEqual([rows, rows, 0, 0, 2]);
    expect(summary.files[0]!.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
    expect(progress.at(-1)).toMatchObject({ bytesRead: readFileSync(file).length, rowsRead: rows });
    expect(await counts(database)).toEqual({ aggregate_result: rows, result_entity: 62 });
    // Every row carries its entity's district, as linking gives it.
    const mismatched = await sql<{
      n: string;
    }>`select count(*) as n from aggregate_result r join result_entity e on e.id = r.entity_id where r.district_id is distinct from e.district_id`.execute(
      database.db,
    );
    expect(Number(mismatched.rows[0]!.n)).toBe(0);
    const linked = await database.db
      .selectFrom('result_entity')
      .select(['kind', 'district_id', 'school_id'])
      .where('district_id', 'is not', null)
      .orderBy('kind')
      .execute();
    expect(linked.map((e) => [e.kind, e.school_id !== null])).toEqual([
      ['district', false],
      ['school', true],
    ]);
    const run = await database.db.selectFrom('import_run').selectAll().where('id', '=', summary.runId).executeTakeFirstOrThrow();
    expect([run.status, run.rows_read, run.rows_inserted]).toEqual(['succeeded', rows, rows]);
    // A large load gathers the statistics the results pages are planned with.
    const stats = await sql<{ n: string }>`select count(*) as n from pg_stats where tablename = 'aggregate_result' and attname = 'entity_id'`.execute(
      database.db,
    );
    expect(Number(stats.rows[0]!.n)).toBe(1);
    // Rows must name a stored entity, whichever way they come.
    expect(await entityRule(database, org)).toEqual({ insert: '23503', update: '23503' });
  });

  it('keeps results tied to their entities: a COPY naming no entity is refused, and an entity in use cannot go or change its id', async () => {
    await loadFile();
    const before = await counts(database);
    const [stored] = await database.db.selectFrom('aggregate_result').select(['entity_id', 'year', 'import_run_id']).limit(1).execute();
    // One good row and one naming no entity, in one COPY as the loader sends them: neither is kept.
    const row = (entity: string, group: string) =>
      csvLine([
        org,
        entity,
        null,
        'caaspp',
        '2030-31',
        'smarter-balanced',
        'ela',
        '3',
        group,
        20,
        null,
        null,
        10,
        false,
        50,
        null,
        false,
        1,
        stored!.import_run_id,
      ]);
    const copy = outcome(
      database.bulk((session) =>
        session.copyCsv(
          'aggregate_result',
          AGGREGATE_COLUMNS,
          (async function* () {
            yield row(stored!.entity_id, 'all') + row(randomUUID(), 'all');
          })(),
        ),
      ),
    );
    expect(await copy).toBe('23503');
    expect(await counts(database)).toEqual(before);
    // The entity of stored rows can be renamed, but not deleted or given another id.
    const entity = () => database.db.updateTable('result_entity').where('id', '=', stored!.entity_id);
    const { name } = await database.db.selectFrom('result_entity').select('name').where('id', '=', stored!.entity_id).executeTakeFirstOrThrow();
    expect(await outcome(entity().set({ name: 'Renamed' }).execute())).toBe('stored');
    await entity().set({ name }).execute();
    expect(await outcome(entity().set({ id: randomUUID() }).execute())).toBe('23503');
    expect(await outcome(database.db.deleteFrom('result_entity').where('id', '=', stored!.entity_id).execute())).toBe('23503');
    expect(await counts(database)).toEqual(before);
    // An entity no result names can go.
    const unused = await database.db
      .insertInto('result_entity')
      .values({ organization_id: org, state: 'CA', kind: 'school', code: '99999999999999', name: 'Unused' })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await outcome(database.db.deleteFrom('result_entity').where('id', '=', unused.id).execute())).toBe('stored');
    expect(await counts(database)).toEqual(before);
  });

  it('changes nothing when the same file is imported again, in this thread or a worker', async () => {
    await loadFile();
    const before = await digest(database);
    for (const minBytes of [DEFAULT_MIN_BYTES, 0]) {
      aggregateSettings.workerMinBytes = minBytes;
      const again = await runImport(database, request(file));
      expect([again.rowsInserted, again.rowsUpdated, again.rowsUnchanged]).toEqual([0, 0, lines.length - 1]);
      expect(await digest(database)).toBe(before);
    }
  });

  it('merges a changed file: new years of known entities go in, changed rows are updated, the rest unchanged', async () => {
    await loadFile();
    const header = lines[0]!;
    const changedLine = lines[10]!.replace(/,(\d+\.\d\d),/, (_m, pct: string) => `,${(Number(pct) + 1).toFixed(2)},`);
    expect(changedLine).not.toBe(lines[10]);
    const nextYear = lines.slice(1, 193).map((l) => l.replace(',2019,', ',2020,'));
    const changed = write('sb_ca2020_mixed.txt', [header, ...lines.slice(1, 10), changedLine, ...lines.slice(11, 50), ...nextYear]);
    const summary = await runImport(database, request(changed));
    expect([summary.rowsInserted, summary.rowsUpdated, summary.rowsUnchanged]).toEqual([192, 1, 48]);
    const row = await database.db
      .selectFrom('aggregate_result')
      .select(['source_line', 'import_run_id'])
      .where('year', '=', '2019-20')
      .where('source_line', '=', 51)
      .executeTakeFirstOrThrow();
    expect(row.import_run_id).toBe(summary.runId);
  });

  it('refuses a re-import that repeats a key, names both lines, and keeps nothing', async () => {
    await loadFile();
    const before = await digest(database);
    const repeated = write('again-repeated.txt', [...lines.slice(0, 20), lines[7]!, ...lines.slice(20, 40)]);
    for (const minBytes of [DEFAULT_MIN_BYTES, 0]) {
      aggregateSettings.workerMinBytes = minBytes;
      const error = await failure(runImport(database, request(repeated)));
      expect(error.issues).toEqual([
        { file: 'again-repeated.txt', line: 21, message: 'repeats the row on line 8 (same entity CA, year, test, grade and student group)' },
      ]);
      expect(await digest(database)).toBe(before);
    }
  });

  it('reports a bad cell found in the worker thread with file, line and column, and keeps nothing', async () => {
    await loadFile();
    aggregateSettings.workerMinBytes = 0;
    const before = await counts(database);
    const cells = lines[30]!.split(',');
    cells[16] = '4x.5';
    const bad = write('bad-cell.txt', [...lines.slice(0, 30), cells.join(','), ...lines.slice(31)]);
    const error = await failure(runImport(database, request(bad)));
    expect(error.issues[0]).toMatchObject({ file: 'bad-cell.txt', line: 31, column: 'Percentage Standard Met and Above' });
    expect(await counts(database)).toEqual(before);
  });
});
