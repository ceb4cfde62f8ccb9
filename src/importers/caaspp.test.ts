import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCaaspp } from './caaspp';
import { readCaasppEntities, readCaasppSubgroups, readCaasppTests } from './caaspp-lookups';
import { syntheticEntity, writeSyntheticCaaspp } from './caaspp-synthetic';
import { ImportError } from './issues';
import type { AggregateResult } from './records';
import { dataPath, sharedDataAvailable } from './testing/shared-data';

const REF = 'ca-caaspp-reference';
const HEADER_2019 =
  '"County Code","District Code","School Code","Filler","Test Year","Subgroup ID","Test Type","Total Tested At Entity Level","Total Tested At Subgroup Level","Grade","Test Id","CAASPP Reported Enrollment","Students Tested","Mean Scale Score","Percentage Standard Exceeded","Percentage Standard Met","Percentage Standard Met and Above","Percentage Standard Nearly Met","Percentage Standard Not Met","Students with Scores","Area 1 Percentage Above Standard","Area 1 Percentage Near Standard","Area 1 Percentage Below Standard","Area 2 Percentage Above Standard","Area 2 Percentage Near Standard","Area 2 Percentage Below Standard","Area 3 Percentage Above Standard","Area 3 Percentage Near Standard","Area 3 Percentage Below Standard","Area 4 Percentage Above Standard","Area 4 Percentage Near Standard","Area 4 Percentage Below Standard"';
const HEADER_2021 = HEADER_2019.replace(/"/g, '')
  .replace('Subgroup ID', 'Student Group ID')
  .replace('Test Id', 'Test ID')
  .replace('Students with Scores', 'Total Students Tested with Scores')
  .replace('Test Year,', 'Test Year,Type ID,')
  .replace(/,/g, '^');

const areas = '*,*,*,*,*,*,*,*,*,*,*,*';
/** Rows in CDE's 2015–2019 layout, for real CDS codes (test year 2017 = 2016-17). */
const ROWS_2017 = [
  `"00","00000","0000000","","2017",1,"B",3000000,3000000,13,2,3200000,3100000,2494.6,19.37,18.19,37.56,24.93,37.51,3100000,${areas}`,
  `"19","00000","0000000","","2017",1,"B",500000,500000,13,1,520000,510000,2490.1,20.00,21.00,41.00,25.00,34.00,505000,${areas}`,
  `"19","64733","0000000","","2017",1,"B",250000,250000,13,1,260000,255000,2470.2,15.00,20.00,35.00,26.00,39.00,254000,${areas}`,
  `"19","64733","6019582","","2017",1,"B",300,300,13,1,310,305,2410.5,5.50,14.80,20.30,28.00,51.70,300,${areas}`,
  `"19","64733","6019582","","2017",160,"B",300,120,3,2,125,121,2380.0,2.48,9.09,11.57,30.00,58.43,121,${areas}`,
  `"19","64733","6019582","","2017",128,"B",300,8,5,2,8,8,*,*,*,*,*,*,8,${areas}`,
  `"43","69369","6046239","","2017",31,"B",400,350,13,2,360,352,,,,,,,,${areas}`,
];

async function collect(source: Parameters<typeof parseCaaspp>[0], options?: Parameters<typeof parseCaaspp>[1]): Promise<AggregateResult[]> {
  const rows: AggregateResult[] = [];
  for await (const row of parseCaaspp(source, options)) rows.push(row);
  return rows;
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'caaspp-')), name);
  writeFileSync(path, text, 'latin1');
  return path;
}

async function failure(promise: Promise<unknown>): Promise<ImportError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe('CAASPP research files, small built files', () => {
  it('read the 2015–2019 comma layout: entities, grades, groups and suppression', async () => {
    const rows = await collect(tempFile('sb_ca2017_all_csv_v2.txt', [HEADER_2019, ...ROWS_2017].join('\r\n') + '\r\n'));
    expect(rows.map((r) => [r.entity.kind, r.entity.code, r.subject, r.grade, r.group])).toEqual([
      ['state', 'CA', 'math', 'all', 'all'],
      ['county', '19', 'ela', 'all', 'all'],
      ['district', '1964733', 'ela', 'all', 'all'],
      ['school', '19647336019582', 'ela', 'all', 'all'],
      ['school', '19647336019582', 'math', 3, 'el'],
      ['school', '19647336019582', 'math', 5, 'swd'],
      ['school', '43693696046239', 'math', 'all', 'econ_disadv'],
    ]);
    const school = rows[3]!;
    expect(school).toMatchObject({
      source: 'caaspp',
      year: '2016-17',
      tested: 300,
      pctMetOrAbove: 20.3,
      metOrAbove: 61,
      metOrAboveDerived: true,
      meanScaleScore: 2410.5,
      levelPercents: [51.7, 28, 14.8, 5.5],
      suppressed: false,
      line: 5,
    });
    expect(rows[5]).toMatchObject({ tested: 8, pctMetOrAbove: null, metOrAbove: null, meanScaleScore: null, suppressed: true });
    // Blank cells are suppressed too, and never 0.
    expect(rows[6]).toMatchObject({ tested: null, pctMetOrAbove: null, suppressed: true });
  });

  it('read the 2021-on caret layout with renamed columns and a Type ID', async () => {
    const caret = [
      `19^64733^6019582^^2022^7^1^B^300^300^13^1^310^305^2411.0^6.00^15.00^21.00^28.00^51.00^300^${areas.replace(/,/g, '^')}`,
      `09^61903^6095301^^2022^7^4^B^60^9^4^2^9^9^*^*^*^*^*^*^*^${areas.replace(/,/g, '^')}`,
    ];
    const rows = await collect(tempFile('sb_ca2022_all_ascii_v1.txt', [HEADER_2021, ...caret].join('\r\n')));
    expect(rows.map((r) => [r.entity.code, r.year, r.group, r.pctMetOrAbove, r.suppressed])).toEqual([
      ['19647336019582', '2021-22', 'all', 21, false],
      ['09619036095301', '2021-22', 'female', null, true],
    ]);
  });

  it('fail on a truncated row with file, line and column', async () => {
    const text = [HEADER_2019, ROWS_2017[0], ROWS_2017[3]!.split(',').slice(0, 14).join(',')].join('\r\n');
    const error = await failure(collect(tempFile('cut.txt', text)));
    expect(error.issues).toEqual([
      { file: 'cut.txt', line: 3, column: 'Percentage Standard Exceeded', message: 'line 3 has 14 fields; the header has 32: the file looks cut short' },
    ]);
  });

  it('fail on a non-numeric percentage with file, line and column', async () => {
    const text = [HEADER_2019, ROWS_2017[3]!.replace('20.30', '20.3x')].join('\n');
    const error = await failure(collect(tempFile('bad.txt', text)));
    expect(error.details[0]!.where).toBe('bad.txt:2:Percentage Standard Met and Above');
  });
});

describe('synthetic statewide files', () => {
  it('stream many rows in the real layout that the parser reads back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caaspp-syn-'));
    const a = join(dir, 'a.txt');
    const b = join(dir, 'b.txt');
    await writeSyntheticCaaspp(a, { rows: 15_000, seed: 42 });
    await writeSyntheticCaaspp(b, { rows: 15_000, seed: 42 });
    expect(statSync(a).size).toBe(statSync(b).size);
    const rows = await collect(a);
    expect(rows).toHaveLength(15_000);
    expect(rows[0]!.entity.kind).toBe('state');
    expect(rows.some((r) => r.entity.kind === 'school')).toBe(true);
    expect(rows.some((r) => r.suppressed)).toBe(true);
    expect(rows.every((r) => r.suppressed || r.pctMetOrAbove !== null)).toBe(true);
    const caret = join(dir, 'c.txt');
    await writeSyntheticCaaspp(caret, { rows: 500, seed: 1, testYear: 2023 });
    expect((await collect(caret)).map((r) => r.year)).toContain('2022-23');
  });

  it('number entities as state, counties, then districts each with their schools', () => {
    expect(syntheticEntity(0)).toMatchObject({ typeId: 4 });
    expect(syntheticEntity(58)).toMatchObject({ county: '58', typeId: 5 });
    expect(syntheticEntity(59)).toMatchObject({ school: '0000000', typeId: 6 });
    expect(syntheticEntity(60)).toMatchObject({ typeId: 7 });
  });
});

describe.runIf(sharedDataAvailable())('CAASPP lookups (real CDE files)', () => {
  it('read the entities, subgroup and tests files', async () => {
    const entities = await readCaasppEntities(dataPath(REF, 'sb_ca2017entities_csv.txt'));
    expect(entities.size).toBe(11_327);
    expect(entities.get('19647336019582')).toMatchObject({ typeId: 7, schoolName: 'Twentieth Street Elementary', districtName: 'Los Angeles Unified' });
    const entities2019 = await readCaasppEntities(dataPath(REF, 'sb_ca2019entities_csv.txt'));
    expect(entities2019.size).toBe(11_389);
    expect(entities2019.get('01612590000000')?.districtName).toMatch(/Oakland Unified/);

    const subgroups = await readCaasppSubgroups(dataPath(REF, 'Subgroups_2017.txt'));
    expect(subgroups.size).toBe(47);
    expect(subgroups.get(1)).toEqual({ id: 1, name: 'All Students', category: 'All Students' });
    // The real file has `"Migrant"0`: the stray character is dropped.
    expect(subgroups.get(28)?.category).toBe('Migrant');
    expect((await readCaasppSubgroups(dataPath(REF, 'Subgroups_metatab.csv'))).get(160)?.name).toBe('English Learner');

    const tests = await readCaasppTests(dataPath(REF, 'tests_metatab.csv'));
    expect([...tests.values()].map((t) => [t.id, t.subject, t.assessment])).toEqual([
      [1, 'ela', 'smarter-balanced'],
      [2, 'math', 'smarter-balanced'],
      [3, 'ela', 'caa'],
      [4, 'math', 'caa'],
    ]);
  });

  it('name entities from the entities file and report unknown codes and groups', async () => {
    const entities = await readCaasppEntities(dataPath(REF, 'sb_ca2017entities_csv.txt'));
    const subgroups = await readCaasppSubgroups(dataPath(REF, 'Subgroups_2017.txt'));
    const tests = await readCaasppTests(dataPath(REF, 'tests_metatab.csv'));
    const path = tempFile('sb_ca2017_1_csv_v2.txt', [HEADER_2019, ...ROWS_2017].join('\r\n'));
    const rows = await collect(path, { entities, subgroups, tests });
    expect(rows.map((r) => r.entity.name)).toEqual([
      'State of California',
      'Los Angeles',
      'Los Angeles Unified',
      'Twentieth Street Elementary',
      'Twentieth Street Elementary',
      'Twentieth Street Elementary',
      'Cesar Chavez Elementary',
    ]);

    const bad = [HEADER_2019, ROWS_2017[3]!.replace('"6019582"', '"6999999"'), ROWS_2017[4]!.replace(',160,', ',999,')].join('\r\n');
    const error = await failure(collect(tempFile('bad.txt', bad), { entities, subgroups, maxErrors: 5 }));
    expect(error.details).toEqual([
      { where: 'bad.txt:2:School Code', message: 'CDS 19-64733-6999999 is not in the entities file' },
      { where: 'bad.txt:3:Subgroup ID', message: 'student group 999 is not in the subgroup lookup' },
    ]);
  });
});
