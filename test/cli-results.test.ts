// `trellis import` and `trellis results` as a user runs them, on the real Connecticut files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { dataPath, sharedDataAvailable } from '../src/importers/testing/shared-data';
import { describeEachDatabase, freshDatabase, type EngineKind } from './support/databases';
import { runTrellis } from './support/processes';

vi.setConfig({ testTimeout: 180_000 });

async function cliDatabase(kind: EngineKind) {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'trellis-cli-results-'));
    return { url: dir, close: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = await freshDatabase('postgres');
  const url = `postgres://postgres@127.0.0.1:5432${database.location.slice(database.location.indexOf('/'))}`;
  await database.db.destroy();
  return { url, close: () => database.close().catch(() => {}) };
}

const CT = (year: string) => dataPath('ct-smarter-balanced', `smarter-balanced__${year}_ela-and-math_all-students_all-grades-combined_ct.csv`);
const CT_DISTRICTS = dataPath('ct-smarter-balanced', 'smarter-balanced__2017-18_ela-and-math_all-students_all-grades-combined.csv');

/** A CAASPP research file in CDE's 2015-2019 layout with the state's row only (no real results file is public at this size). */
function caasppStateFile(dir: string): string {
  const header = [
    'County Code',
    'District Code',
    'School Code',
    'Filler',
    'Test Year',
    'Subgroup ID',
    'Test Type',
    'Total Tested At Entity Level',
    'Total Tested At Subgroup Level',
    'Grade',
    'Test Id',
    'CAASPP Reported Enrollment',
    'Students Tested',
    'Mean Scale Score',
    'Percentage Standard Exceeded',
    'Percentage Standard Met',
    'Percentage Standard Met and Above',
    'Percentage Standard Nearly Met',
    'Percentage Standard Not Met',
    'Students with Scores',
  ];
  const row = [
    '00',
    '00000',
    '0000000',
    '',
    '2017',
    '1',
    'B',
    '3200000',
    '3200000',
    '13',
    '2',
    '3250000',
    '3200000',
    '2480.1',
    '17.50',
    '20.06',
    '37.56',
    '24.00',
    '38.44',
    '3190000',
  ];
  const path = join(dir, 'sb_ca2017_1_csv_v2.txt');
  writeFileSync(path, [header, row].map((r) => r.map((v) => `"${v}"`).join(',')).join('\r\n') + '\r\n');
  return path;
}

describeEachDatabase('trellis import and trellis results', (kind) => {
  let target: { url: string; close: () => Promise<void> };
  let dir: string;
  beforeAll(async () => {
    sharedDataAvailable();
    target = await cliDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'trellis-cli-files-'));
    const first = await runTrellis(
      [
        '--database',
        target.url,
        'user',
        'add',
        'ada@north.test',
        '--name',
        'Ada Lovelace',
        '--role',
        'org_admin',
        '--scope',
        'organization:north',
        '--new-organization',
        'Northside Partners',
        '--password-stdin',
      ],
      { input: 'a long admin password\n' },
    );
    expect(first.code).toBe(0);
  });
  afterAll(async () => {
    await target?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const trellis = (args: string[]) => runTrellis(['--database', target.url, ...args]);

  it('imports four years of state files and prints the math series as JSON', async () => {
    const imported = await trellis(['import', 'edsight', ...['2014-15', '2015-16', '2016-17', '2017-18'].map(CT)]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^Imported 8 rows from 4 files in [\d.]+ s: 8 new, 0 changed, 0 unchanged\./);
    const series = JSON.parse((await trellis(['results', '--entity', 'state', '--subject', 'math', '--years', '2014-15..2017-18', '--json'])).stdout) as Record<
      string,
      unknown
    >[];
    expect(series.map((r) => r.pctMetOrAbove)).toEqual([38.9, 44.0, 45.6, 46.8]);
    expect(series[3]).toEqual({
      entity: 'CT',
      name: 'State of Connecticut',
      year: '2017-18',
      subject: 'math',
      grade: 'all',
      group: 'all',
      tested: 232806,
      metOrAbove: 108887,
      pctMetOrAbove: 46.8,
      suppressed: false,
      hiddenLevels: [],
    });
    const one = JSON.parse((await trellis(['results', '--entity', 'CT', '--subject', 'ela', '--year', '2017-18', '--json'])).stdout);
    expect(one).toMatchObject({ year: '2017-18', subject: 'ela', pctMetOrAbove: 55.3 });
    const again = await trellis(['import', 'edsight', CT('2017-18')]);
    expect(again.stdout).toMatch(/0 new, 0 changed, 2 unchanged/);
  });

  it('says how many reported districts are in the network, and prints a figure published beside hidden levels as not suppressed', async () => {
    const imported = await trellis(['import', 'edsight', CT_DISTRICTS]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('0 of 192 districts in this file are in your network.');
    // Colebrook, 2017-18 ELA: levels 1 and 2 are * in the file, 76.6% met or exceeded is published.
    const colebrook = JSON.parse((await trellis(['results', '--entity', '0290011', '--subject', 'ela', '--year', '2017-18', '--json'])).stdout);
    expect(colebrook).toMatchObject({
      name: 'Colebrook School District',
      tested: 47,
      metOrAbove: 36,
      pctMetOrAbove: 76.6,
      suppressed: false,
      hiddenLevels: [1, 2],
    });
    expect((await trellis(['results', '--entity', '0290011', '--subject', 'ela', '--year', '2017-18'])).stdout).toBe(
      'Colebrook School District, 2017-18, ELA, all grades, all students: 76.6% met or above (36 of 47; levels 1, 2 hidden)\n',
    );
    // Booker T. Washington Academy, 2017-18 math: the met-or-exceeded figure itself is *.
    const booker = JSON.parse((await trellis(['results', '--entity', '2950013', '--subject', 'math', '--year', '2017-18', '--json'])).stdout);
    expect(booker).toMatchObject({ tested: 72, pctMetOrAbove: '*', suppressed: true, hiddenLevels: [1, 4] });
  });

  it('names an unknown student group and lists the groups on file', async () => {
    const res = await trellis(['results', '--entity', 'CT', '--subject', 'math', '--year', '2017-18', '--group', 'el']);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('There is no student group "el" in the math results for CT. Use one of: all (All students).');
  });

  it('with two states on file, says which code picks each instead of guessing', async () => {
    const caaspp = await trellis(['import', 'caaspp', caasppStateFile(dir), '--entities', dataPath('ca-caaspp-reference', 'sb_ca2017entities_csv.txt')]);
    expect(caaspp.stderr).toBe('');
    expect(caaspp.stdout).toContain('No school or district is reported in this file, only state or county figures.');
    const state = await trellis(['results', '--entity', 'state', '--subject', 'math', '--year', '2017-18']);
    expect(state.code).not.toBe(0);
    expect(state.stderr).toMatch(/Results are on file for 2 states: use --entity (CT \(State of Connecticut\) or --entity CA|CA \(.*\) or --entity CT)/);
    const ct = JSON.parse((await trellis(['results', '--entity', 'CT', '--subject', 'math', '--year', '2017-18', '--json'])).stdout);
    expect(ct).toMatchObject({ entity: 'CT', pctMetOrAbove: 46.8 });
    const ca = JSON.parse((await trellis(['results', '--entity', 'CA', '--subject', 'math', '--year', '2016-17', '--json'])).stdout);
    expect(ca).toMatchObject({ entity: 'CA', pctMetOrAbove: 37.56, tested: 3190000 });
  });

  it('refuses a workbook before reading it, with the sentence the web app gives, and keeps nothing', async () => {
    const workbook = join(dir, 'results.xlsx');
    writeFileSync(
      workbook,
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), Buffer.from('[Content_Types].xml xl/workbook.xml'), Buffer.alloc(64)]),
    );
    const res = await trellis(['import', 'edsight', '--year', '2018-19', workbook]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(
      'error: results.xlsx is not a CSV or text file: it looks like an Excel workbook. Open it in Excel (or another spreadsheet program), save it as CSV UTF-8, and import the CSV file.',
    );
    expect(res.stderr).not.toMatch(/[\u0000-\u0008\ufffd]/);
  });

  it('says that imports need an organization, and how to make one', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'trellis-cli-empty-'));
    try {
      const res = await runTrellis(['--database', empty, 'import', 'edsight', CT('2017-18')]);
      expect(res.code).not.toBe(0);
      expect(res.stderr).toContain(
        'There is no organization yet: results and imports belong to an organization. Run `trellis demo` to load the demo network, or run `trellis serve` and create the first organization in the browser.',
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('explains a bad file with its line and column, exits non-zero, and keeps nothing', async () => {
    const bad = join(dir, 'smarter-balanced__2018-19_ela-and-math_all-students_all-grades-combined_ct.csv');
    writeFileSync(bad, '"title"\n\n\n\n"District","Subject"\n"State of Connecticut","Math"\n');
    const res = await trellis(['import', 'edsight', bad]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/error: The import stopped at smarter-balanced__2018-19_ela-and-math_all-students_all-grades-combined_ct\.csv:\d+/);
    expect((await trellis(['results', '--entity', 'CT', '--subject', 'math', '--year', '2018-19'])).stderr).toMatch(/No math results for CT in 2018-19/);
    const unknown = await trellis(['import', 'nonsense', bad]);
    expect(unknown.stderr).toMatch(/Unknown format "nonsense"/);
  });
});
