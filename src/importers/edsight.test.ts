import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sumOverEntities } from '../domain/metrics';
import { parseEdsight, yearFromFileName } from './edsight';
import { ImportError } from './issues';
import type { AggregateResult } from './records';
import { dataPath, sharedDataAvailable } from './testing/shared-data';

const CT = 'ct-smarter-balanced';
const file = (year: string, kind: string) => dataPath(CT, `smarter-balanced__${year}_ela-and-math_all-students_${kind}.csv`);
const YEARS = ['2014-15', '2015-16', '2016-17', '2017-18'];

async function collect(source: Parameters<typeof parseEdsight>[0], options?: Parameters<typeof parseEdsight>[1]): Promise<AggregateResult[]> {
  const rows: AggregateResult[] = [];
  for await (const row of parseEdsight(source, options)) rows.push(row);
  return rows;
}

async function failure(promise: Promise<unknown>): Promise<ImportError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describe('EdSight file names', () => {
  it('carry the school year', () => {
    expect(yearFromFileName('smarter-balanced__2014-15_ela-and-math_all-students_all-grades.csv')).toBe('2014-15');
    expect(yearFromFileName('results.csv')).toBeNull();
  });
});

describe('EdSight exports on small input', () => {
  const header =
    'District,District Code,Subject,Total Numberof Students,Total NumberTested,Smarter BalancedParticipationRate,Total Number with Scored Tests,Level 1 Not Met  Count,%,Level 2 Approaching  Count,%,Level 3 Met  Count,%,Level 4 Exceeded  Count,%,Level 3&4 Met or Exceeded Count,%';
  const text = (rows: string[]) => Readable.from([Buffer.from(['"Title"', '', header, ...rows].join('\n'))]);

  it('needs a year when the file name has none', async () => {
    const error = await failure(collect(text([]), { fileName: 'upload.csv' }));
    expect(error.message).toMatch(/school year/);
  });

  it('keeps * as suppressed, never 0', async () => {
    const [row] = await collect(text(['"Tiny District","=""0010011""","ELA",20,20,100.0,20,"*","*",5,25.0,"*","*","*","*","*","*"']), {
      fileName: 'x.csv',
      year: '2017-18',
    });
    expect(row).toMatchObject({
      entity: { kind: 'district', code: '0010011' },
      tested: 20,
      levelCounts: [null, 5, null, null],
      metOrAbove: null,
      pctMetOrAbove: null,
      suppressed: true,
    });
  });

  it('collects several bad rows when asked, and still fails the import', async () => {
    const error = await failure(
      collect(
        text(['A,0010011,ELA,1,1,1,x,1,1,1,1,1,1,1,1,1,1', 'B,0020011,Science,1,1,1,1,1,1,1,1,1,1,1,1,1,1', 'C,0030011,Math,1,1,1,1,1,1,1,1,1,1,1,1,1,1']),
        { fileName: 'x.csv', year: '2017-18', maxErrors: 10 },
      ),
    );
    expect(error.issues.map((i) => `${i.line}:${i.column}`)).toEqual(['4:Total Number with Scored Tests', '5:Subject']);
    expect(error.code).toBe('import_failed');
    expect(error.details[0]!.where).toBe('x.csv:4:Total Number with Scored Tests');
  });
});

describe.runIf(sharedDataAvailable())('EdSight exports (real Connecticut files)', () => {
  it('read all 16 files with the row counts the data README gives', async () => {
    const counts: Record<string, number> = {};
    for (const name of readdirSync(dataPath(CT)))
      counts[name.replace(/^smarter-balanced__|_ela-and-math_all-students/g, '')] = (await collect(dataPath(CT, name))).length;
    expect(counts).toMatchObject({
      '2014-15_all-grades-combined.csv': 392,
      '2015-16_all-grades-combined.csv': 378,
      '2016-17_all-grades-combined.csv': 380,
      '2017-18_all-grades-combined.csv': 384,
      '2014-15_all-grades.csv': 2378,
      '2015-16_all-grades.csv': 2098,
      '2016-17_all-grades.csv': 2102,
      '2017-18_all-grades.csv': 2116,
      '2014-15_all-grades_ct.csv': 14,
      '2017-18_all-grades_ct.csv': 12,
      '2017-18_all-grades-combined_ct.csv': 2,
    });
  });

  it('give the state % met or exceeded for each year', async () => {
    const pct: Record<string, number[]> = { ela: [], math: [] };
    for (const year of YEARS) {
      for (const row of await collect(file(year, 'all-grades-combined_ct'))) {
        expect(row.entity).toEqual({ kind: 'state', state: 'CT', code: 'CT', name: 'State of Connecticut' });
        expect(row.year).toBe(year);
        pct[row.subject]!.push(row.pctMetOrAbove!);
      }
    }
    expect(pct.math).toEqual([38.9, 44.0, 45.6, 46.8]);
    expect(pct.ela).toEqual([55.3, 55.6, 54.2, 55.3]);
  });

  it('sum the 2017-18 math district rows without counting suppressed rows as 0', async () => {
    const rows = (await collect(file('2017-18', 'all-grades-combined'))).filter((r) => r.subject === 'math');
    const sum = sumOverEntities(rows);
    // The state row says 108,887 of 232,806; six districts have a suppressed count and are left out.
    expect(sum).toMatchObject({ metOrAbove: 108_835, tested: 232_522, includedCount: 186, leftOutCount: 6 });
    expect(sum.pct).toBeCloseTo(46.81, 2);
    // Summing every known tested count, as the data README does, gives 232,789: four districts
    // with a suppressed met count add 267 students to the denominator but none to the numerator.
    const allTested = rows.reduce((a, r) => a + (r.tested ?? 0), 0);
    expect(allTested).toBe(232_789);
  });

  it('read the by-grade files with every grade and a mean scale score', async () => {
    for (const year of YEARS) {
      const rows = await collect(file(year, 'all-grades'));
      // 2014-15 also reported grade 11.
      const grades = [...new Set(rows.map((r) => r.grade))].sort((a, b) => Number(a) - Number(b));
      expect(grades).toEqual(year === '2014-15' ? [3, 4, 5, 6, 7, 8, 11] : [3, 4, 5, 6, 7, 8]);
      expect(rows.every((r) => r.meanScaleScore !== null || r.suppressed)).toBe(true);
    }
    const state = await collect(file('2014-15', 'all-grades_ct'));
    expect(state.map((r) => r.grade)).toContain(11);
  });

  it('turn 2016-17 Excel-formula codes and 03 grades into plain values', async () => {
    const raw = readFileSync(file('2016-17', 'all-grades'), 'latin1');
    expect(raw).toContain('"=""2880013""",03,');
    const [first] = await collect(file('2016-17', 'all-grades'));
    expect(first).toMatchObject({ entity: { code: '2880013', name: 'Achievement First Hartford Academy Inc. District' }, grade: 3, subject: 'ela', line: 6 });
    const codes = (await collect(file('2016-17', 'all-grades-combined'))).map((r) => r.entity.code);
    expect(codes.every((c) => /^\d{7}$/.test(c))).toBe(true);
    expect(codes).toContain('0210011');
  });

  it('fail on a truncated copy with the file, line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edsight-'));
    const lines = readFileSync(file('2017-18', 'all-grades'), 'latin1').split('\r\n');
    // Cut the file in the middle of line 10, as an interrupted download would.
    const cut = lines.slice(0, 9).join('\r\n') + '\r\n' + lines[9]!.split(',').slice(0, 7).join(',');
    const path = join(dir, 'smarter-balanced__2017-18_truncated.csv');
    writeFileSync(path, cut);
    const error = await failure(collect(path));
    expect(error.issues).toEqual([
      {
        file: 'smarter-balanced__2017-18_truncated.csv',
        line: 10,
        column: 'Total Number with Scored Tests',
        message: 'line 10 has 7 fields; the header has 19: the file looks cut short',
      },
    ]);
  });

  it('fail on a non-numeric count with the file, line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edsight-'));
    const text = readFileSync(file('2015-16', 'all-grades'), 'latin1').split('\n');
    // Line 8: the Level 2 count becomes text.
    const cells = text[7]!.split(',');
    cells[10] = 'n/a';
    text[7] = cells.join(',');
    const path = join(dir, 'smarter-balanced__2015-16_corrupt.csv');
    writeFileSync(path, text.join('\n'));
    const error = await failure(collect(path));
    expect(error.details).toEqual([
      { where: 'smarter-balanced__2015-16_corrupt.csv:8:Level 2 Approaching Count', message: 'expected a number or *, found "n/a"' },
    ]);
  });
});
