// Imports never lose or bend data silently, on both engines: every data line of a file is a row or a
// refusal with file, line and reason. Mixed line endings, rows longer or shorter than the header, files cut
// short, NUL bytes, oversized ids and folders where files belong; corrupted copies of the real files in
// ../shared/data are written to a temporary folder.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import { ImportError } from '../src/importers/issues';
import { runImport, type ImportRequest } from '../src/importers/load';
import { dataPath, sharedDataAvailable } from '../src/importers/testing/shared-data';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { HEADER_2019 } from '../src/importers/caaspp-synthetic';

/** A CAASPP row of the state for one grade of math, with codes quoted and figures bare, as CDE writes them. */
const caasppRow = (grade: number, extra: string[] = []) =>
  [
    '"00"',
    '"00000"',
    '"0000000"',
    '""',
    '"2017"',
    '1',
    '"B"',
    '3200000',
    '3200000',
    String(grade),
    '2',
    '3250000',
    '3200000',
    '2480.1',
    '17.50',
    '20.06',
    '37.56',
    '24.00',
    '38.44',
    '410000',
    ...Array<string>(12).fill('*'),
    ...extra,
  ].join(',');
const caasppHeader = () => HEADER_2019.map((v) => `"${v}"`).join(',');

const STUDENT_MAP = { studentId: 'SSID', schoolCode: 'School', subject: 'Subject', grade: 'Grade', year: 'Year', scaleScore: 'Score' };
const STUDENT_HEADER = 'SSID,School,Subject,Grade,Year,Score';
const studentRow = (n: number) => `${5550000 + n},9900101,Math,3,2017-18,${2300 + (n % 200)}`;

const CT = 'ct-smarter-balanced';
const EDSIGHT = 'smarter-balanced__2014-15_ela-and-math_all-students_all-grades-combined.csv';

async function refusal(promise: Promise<unknown>): Promise<ImportError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describeEachDatabase('imports keep every line or refuse the file', (kind) => {
  let database: TrellisDatabase;
  let org: string;
  let dir: string;
  const request = (over: Partial<ImportRequest> & Pick<ImportRequest, 'format' | 'files'>): ImportRequest => ({
    organizationId: org,
    actor: { personId: null, via: 'cli' },
    ...over,
  });
  const write = (name: string, text: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const bundle = (name: string) => {
    const path = join(dir, name);
    cpSync(dataPath('oneroster-csv-templates'), path, { recursive: true });
    return path;
  };
  const count = async (table: 'aggregate_result' | 'student' | 'student_result') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    sharedDataAvailable();
    database = await freshDatabase(kind);
    org = (await database.db.insertInto('organization').values({ name: 'Eastfield Partners', slug: 'eastfield' }).returning('id').executeTakeFirstOrThrow()).id;
    await database.db.insertInto('district').values({ organization_id: org, name: 'Template District', state: 'CA', state_code: '9900101' }).execute();
    dir = mkdtempSync(join(tmpdir(), 'trellis-integrity-'));
  });
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a CAASPP file whose second line ends in LF while the others end in CRLF: three data lines, three rows, each with its own line', async () => {
    const path = write('sb_ca2017_1_csv_v2.txt', `${caasppHeader()}\r\n${caasppRow(3)}\n${caasppRow(4)}\r\n${caasppRow(5)}\r\n`);
    const summary = await runImport(database, request({ format: 'caaspp', files: [{ path }] }));
    expect([summary.rowsRead, summary.rowsInserted]).toEqual([3, 3]);
    const rows = await database.db
      .selectFrom('aggregate_result')
      .select(['grade', 'source_line', 'tested'])
      .where('import_run_id', '=', summary.runId)
      .orderBy('source_line')
      .execute();
    expect(rows).toEqual([
      { grade: '3', source_line: 2, tested: 410000 },
      { grade: '4', source_line: 3, tested: 410000 },
      { grade: '5', source_line: 4, tested: 410000 },
    ]);
  });

  it('refuses a row with more fields than the header in each of the four CSV formats, naming file, line and both counts', async () => {
    const before = await count('aggregate_result');
    const studentsBefore = [await count('student'), await count('student_result')];
    // CAASPP: the third data row carries one field too many.
    const caaspp = write('sb_ca2018_1_csv_v3.txt', [caasppHeader(), caasppRow(3), caasppRow(4), caasppRow(5, ['9'])].join('\r\n') + '\r\n');
    const c = await refusal(runImport(database, request({ format: 'caaspp', files: [{ path: caaspp }] })));
    expect(c.issues[0]).toEqual({ file: 'sb_ca2018_1_csv_v3.txt', line: 4, message: 'line 4 has 33 fields; the header has 32' });

    // EdSight: line 14 of a real export gets one more cell.
    const lines = readFileSync(dataPath(CT, EDSIGHT), 'utf8').split('\r\n');
    lines[13] = `${lines[13]},42`;
    const edsight = write(EDSIGHT, lines.join('\r\n'));
    const e = await refusal(runImport(database, request({ format: 'edsight', files: [{ path: edsight }] })));
    expect(e.issues[0]).toEqual({ file: EDSIGHT, line: 14, message: 'line 14 has 18 fields; the header has 17' });
    expect(await count('aggregate_result')).toBe(before);

    // OneRoster: a user with a comma too many.
    const roster = bundle('roster-wide');
    writeFileSync(join(roster, 'users.csv'), readFileSync(join(roster, 'users.csv'), 'utf8').replace('user2,TRUE,', 'user2,TRUE,,'));
    const o = await refusal(
      runImport(database, request({ format: 'oneroster', files: [{ path: roster }], options: { createSchools: true, state: 'CA', district: '9900101' } })),
    );
    expect(o.issues[0]).toEqual({ file: 'users.csv', line: 3, message: 'line 3 has 23 fields; the header has 22' });

    // Student CSV.
    const students = write('wide.csv', [STUDENT_HEADER, studentRow(1), `${studentRow(2)},extra`, studentRow(3)].join('\n') + '\n');
    const s = await refusal(runImport(database, request({ format: 'student-csv', files: [{ path: students }], options: { map: STUDENT_MAP } })));
    expect(s.issues[0]).toEqual({ file: 'wide.csv', line: 3, message: 'line 3 has 7 fields; the header has 6' });
    expect([await count('student'), await count('student_result')]).toEqual(studentsBefore);
  });

  it('refuses a OneRoster users.csv cut short in the family name, and keeps a last line that only lacks its line ending', async () => {
    const studentsBefore = await count('student');
    const roster = bundle('roster-cut');
    const users = readFileSync(join(roster, 'users.csv'), 'utf8');
    // The real file cut after the "p" of padurariu on its last line.
    writeFileSync(join(roster, 'users.csv'), users.slice(0, users.lastIndexOf('padurariu') + 1));
    const cut = await refusal(
      runImport(database, request({ format: 'oneroster', files: [{ path: roster }], options: { createSchools: true, state: 'CA', district: '9900101' } })),
    );
    expect(cut.issues[0]).toEqual({
      file: 'users.csv',
      line: 3,
      column: 'identifier',
      message: 'line 3 has 10 fields; the header has 22: the file looks cut short',
    });
    expect(await count('student')).toBe(studentsBefore);

    // The same file whole but without its final line break (like the real manifest.csv) is read in full.
    writeFileSync(join(roster, 'users.csv'), users.replace(/\n$/, ''));
    const summary = await runImport(
      database,
      request({ format: 'oneroster', files: [{ path: roster }], options: { createSchools: true, state: 'CA', district: '9900101' } }),
    );
    expect(summary.rowsInserted).toBeGreaterThan(0);
    const last = await database.db.selectFrom('student').select(['first_name', 'last_name']).where('local_id', '=', 'user2').executeTakeFirstOrThrow();
    expect(last).toEqual({ first_name: 'ionut2', last_name: 'padurariu' });
  });

  it('refuses a last line with fewer fields or an unterminated quote as cut short, with file and line, in every CSV format', async () => {
    const before = [await count('aggregate_result'), await count('student_result')];
    const shortLast = write('short.csv', [STUDENT_HEADER, studentRow(1), studentRow(2), '5550003,9900101,Ma'].join('\n'));
    const s = await refusal(runImport(database, request({ format: 'student-csv', files: [{ path: shortLast }], options: { map: STUDENT_MAP } })));
    expect(s.issues[0]).toEqual({ file: 'short.csv', line: 4, column: 'Grade', message: 'line 4 has 3 fields; the header has 6: the file looks cut short' });

    const row = caasppRow(4);
    const open = write('sb_ca2019_1_csv_v4.txt', [caasppHeader(), caasppRow(3), row.slice(0, row.indexOf('0000000') + 3)].join('\r\n'));
    const c = await refusal(runImport(database, request({ format: 'caaspp', files: [{ path: open }] })));
    expect(c.issues[0]).toEqual({
      file: 'sb_ca2019_1_csv_v4.txt',
      line: 3,
      message: 'a quoted field that starts on line 3 is never closed: the file looks cut short',
    });

    const lines = readFileSync(dataPath(CT, EDSIGHT), 'utf8').split('\r\n');
    // Cut after the subject of line 21, as an interrupted download would.
    const edsight = write(EDSIGHT, lines.slice(0, 20).join('\r\n') + '\r\n' + lines[20]!.split(',').slice(0, 3).join(','));
    const e = await refusal(runImport(database, request({ format: 'edsight', files: [{ path: edsight }] })));
    expect(e.issues[0]).toEqual({
      file: EDSIGHT,
      line: 21,
      column: 'Total Numberof Students',
      message: 'line 21 has 3 fields; the header has 17: the file looks cut short',
    });
    expect([await count('aggregate_result'), await count('student_result')]).toEqual(before);
  });

  it('refuses a 10 MB id and a NUL byte in a student CSV with file, line and column, in words, before anything is loaded', async () => {
    const before = [await count('student'), await count('student_result')];
    const huge = write('huge-id.csv', `${STUDENT_HEADER}\n${studentRow(1)}\n${'7'.repeat(10 * 1024 * 1024)},9900101,Math,3,2017-18,2400\n`);
    const big = await refusal(runImport(database, request({ format: 'student-csv', files: [{ path: huge }], options: { map: STUDENT_MAP } })));
    expect(big.issues[0]).toMatchObject({ file: 'huge-id.csv', line: 3, column: 'SSID', message: expect.stringMatching(/10,485,760 characters/) });
    expect(big.message).not.toMatch(/index row|bytes/);

    // The NUL byte is past the first 64 KB the format check reads, on line 2,002.
    const rows = Array.from({ length: 2000 }, (_, i) => studentRow(i + 10));
    const nul = write('nul.csv', [STUDENT_HEADER, ...rows, `5559999,9900101,Math,3,2017-18,23\u000001`, studentRow(5)].join('\n') + '\n');
    const n = await refusal(runImport(database, request({ format: 'student-csv', files: [{ path: nul }], options: { map: STUDENT_MAP } })));
    expect(n.issues[0]).toEqual({
      file: 'nul.csv',
      line: 2002,
      column: 'Score',
      message: 'the cell holds a NUL byte (\\u0000), which is not text; the file may be damaged',
    });
    expect([await count('student'), await count('student_result')]).toEqual(before);
  });

  it('names a folder where users.csv should be, and an empty folder, instead of a raw system error', async () => {
    const roster = bundle('roster-folder');
    rmSync(join(roster, 'users.csv'));
    mkdirSync(join(roster, 'users.csv'));
    const folder = await refusal(
      runImport(database, request({ format: 'oneroster', files: [{ path: roster }], options: { createSchools: true, state: 'CA', district: '9900101' } })),
    );
    expect(folder.issues[0]).toEqual({ file: 'users.csv', line: 0, message: 'users.csv in the bundle is a folder, not a CSV file' });
    expect(folder.message).not.toMatch(/EISDIR|illegal operation/);

    const empty = join(dir, 'empty-bundle');
    mkdirSync(empty);
    const none = await refusal(runImport(database, request({ format: 'oneroster', files: [{ path: empty }] })));
    expect(none.issues[0]).toEqual({
      file: 'empty-bundle',
      line: 0,
      message: 'the folder is empty; a OneRoster bundle holds manifest.csv and the CSV files it lists',
    });
  });
});
