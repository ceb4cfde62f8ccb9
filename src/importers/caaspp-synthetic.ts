// Writes large synthetic CAASPP research files in CDE's layout, streaming, for benchmarks and tests.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { seededRandom } from '../domain/random';

export interface SyntheticCaasppOptions {
  rows: number;
  seed?: number;
  /** Spring test year; 2015–2019 give the comma layout, 2021 on the caret layout. */
  testYear?: number;
}

/** The header of CDE's research files in the 2015-2019 layout. */
export const HEADER_2019 = [
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
  ...[1, 2, 3, 4].flatMap((a) => [`Area ${a} Percentage Above Standard`, `Area ${a} Percentage Near Standard`, `Area ${a} Percentage Below Standard`]),
];

/** The 2021-on header: caret-delimited, a Type ID, and renamed group, test and with-scores columns. */
const HEADER_2021 = HEADER_2019.map((h) =>
  h === 'Subgroup ID' ? 'Student Group ID' : h === 'Test Id' ? 'Test ID' : h === 'Students with Scores' ? 'Total Students Tested with Scores' : h,
).flatMap((h) => (h === 'Test Year' ? [h, 'Type ID'] : [h]));

const GROUPS = [1, 3, 4, 31, 74, 76, 78, 80, 111, 128, 160, 180];
const GRADES = [3, 4, 5, 6, 7, 8, 11, 13];
const TESTS = [1, 2];
const PER_ENTITY = GROUPS.length * GRADES.length * TESTS.length;
const COUNTIES = 58;
const SCHOOLS_PER_DISTRICT = 9;

/** Entity number n as CDS parts and CDE type id: 0 the state, then counties, then districts each followed by its schools. */
export function syntheticEntity(n: number): { county: string; district: string; school: string; typeId: number } {
  if (n === 0) return { county: '00', district: '00000', school: '0000000', typeId: 4 };
  if (n <= COUNTIES) return { county: String(n).padStart(2, '0'), district: '00000', school: '0000000', typeId: 5 };
  const k = n - COUNTIES - 1;
  const districtIndex = Math.floor(k / (SCHOOLS_PER_DISTRICT + 1));
  const county = String((districtIndex % COUNTIES) + 1).padStart(2, '0');
  const district = String(10000 + districtIndex).padStart(5, '0');
  const slot = k % (SCHOOLS_PER_DISTRICT + 1);
  if (slot === 0) return { county, district, school: '0000000', typeId: 6 };
  return { county, district, school: String(1000000 + k).padStart(7, '0'), typeId: 7 };
}

const pct = (x: number) => x.toFixed(2);

/**
 * Writes `rows` data rows plus the header to `path`. Rows are made one at a time and written in
 * chunks that respect back-pressure, so millions of rows need no more memory than a few rows.
 */
export async function writeSyntheticCaaspp(path: string, options: SyntheticCaasppOptions): Promise<{ rows: number; path: string }> {
  const testYear = options.testYear ?? 2019;
  const caret = testYear >= 2021;
  const sep = caret ? '^' : ',';
  const random = seededRandom(options.seed ?? 1);
  const out = createWriteStream(path, { encoding: 'latin1' });
  const quote = (v: string) => (caret ? v : `"${v}"`);
  let chunk = (caret ? HEADER_2021 : HEADER_2019).map(quote).join(sep) + '\r\n';
  for (let r = 0; r < options.rows; r++) {
    const e = syntheticEntity(Math.floor(r / PER_ENTITY));
    const combo = r % PER_ENTITY;
    const group = GROUPS[Math.floor(combo / (GRADES.length * TESTS.length))]!;
    const grade = GRADES[Math.floor(combo / TESTS.length) % GRADES.length]!;
    const test = TESTS[combo % TESTS.length]!;
    // Students per grade at each level, so small schools and small groups get suppressed as in CDE's files.
    const perGrade = e.typeId === 4 ? 60000 : e.typeId === 5 ? 3000 : e.typeId === 6 ? 500 : 70;
    const share = group === 1 ? 1 : 0.03 + random.next() * 0.5;
    const tested = Math.floor(perGrade * (grade === 13 ? 7 : 1) * share * (0.6 + 0.6 * random.next()));
    let figures: string[];
    if (tested < 11) {
      figures = [tested === 0 ? '' : '*', '*', '*', '*', '*', '*', '*', tested === 0 ? '' : '*'];
    } else {
      const cuts = [random.next(), random.next(), random.next()].sort((a, b) => a - b);
      const exceeded = cuts[0]! * 100;
      const met = (cuts[1]! - cuts[0]!) * 100;
      const nearly = (cuts[2]! - cuts[1]!) * 100;
      const notMet = 100 - exceeded - met - nearly;
      const mean = 2300 + grade * 20 + random.int(-80, 80);
      figures = [String(tested), String(mean), pct(exceeded), pct(met), pct(exceeded + met), pct(nearly), pct(notMet), String(tested)];
    }
    const areas = Array.from({ length: 12 }, () => (tested < 11 ? '*' : pct(random.next() * 60)));
    const fields = [
      e.county,
      e.district,
      e.school,
      '',
      String(testYear),
      ...(caret ? [String(e.typeId)] : []),
      String(group),
      'B',
      String(tested),
      String(tested),
      String(grade).padStart(2, '0'),
      String(test),
      String(tested + random.int(0, 3)),
      ...figures,
      ...areas,
    ];
    chunk += fields.map((v, i) => (caret || i > 3 + (caret ? 1 : 0) ? v : `"${v}"`)).join(sep) + '\r\n';
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await finished(out);
  return { rows: options.rows, path };
}
