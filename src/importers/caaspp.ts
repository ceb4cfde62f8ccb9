// California CAASPP research files (CDE layout): comma-delimited 2015–2019, caret-delimited 2021 on.
import { schoolYearLabel } from '../domain/school-year';
import { readFigure } from './cells';
import { DEFAULT_CAASPP_TESTS, type CaasppEntity, type CaasppSubgroup, type CaasppTest } from './caaspp-lookups';
import { columnLetter, openSource, peekHead, readCsvBatches, type ImportSource } from './csv';
import { assertEveryRowKept } from './csv-rows';
import { CellError, ImportError, IssueCollector } from './issues';
import type { AggregateEntity, AggregateResult, Grade } from './records';
import { caasppGroupCode } from './student-groups';

export interface CaasppOptions {
  fileName?: string;
  /** From readCaasppEntities: gives names, and lets unknown CDS codes be reported. */
  entities?: ReadonlyMap<string, CaasppEntity>;
  /** From readCaasppSubgroups: unknown subgroup ids are then reported. */
  subgroups?: ReadonlyMap<number, CaasppSubgroup>;
  tests?: ReadonlyMap<number, CaasppTest>;
  maxErrors?: number;
}

/** Header names without spaces or case; each field lists the names it had over the years. */
const COLUMNS = {
  county: ['countycode'],
  district: ['districtcode'],
  school: ['schoolcode'],
  testYear: ['testyear'],
  typeId: ['typeid'],
  group: ['subgroupid', 'studentgroupid'],
  grade: ['grade'],
  testId: ['testid'],
  withScores: ['studentswithscores', 'totalstudentstestedwithscores'],
  mean: ['meanscalescore'],
  exceeded: ['percentagestandardexceeded'],
  met: ['percentagestandardmet'],
  metOrAbove: ['percentagestandardmetandabove'],
  nearlyMet: ['percentagestandardnearlymet'],
  notMet: ['percentagestandardnotmet'],
} as const;
type Field = keyof typeof COLUMNS;
const OPTIONAL: ReadonlySet<Field> = new Set(['typeId']);

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

interface Layout {
  at: Record<Field, number>;
  names: string[];
  width: number;
}

function findLayout(fields: string[], file: string, line: number): Layout {
  const squashed = fields.map(squash);
  const at = {} as Record<Field, number>;
  const missing: string[] = [];
  for (const [field, names] of Object.entries(COLUMNS) as [Field, readonly string[]][]) {
    const i = squashed.findIndex((s) => names.includes(s));
    if (i === -1 && !OPTIONAL.has(field)) missing.push(names[0]!);
    at[field] = i;
  }
  if (missing.length) throw new ImportError([{ file, line, message: `the header is missing ${missing.join(', ')}; is this a CAASPP research file?` }]);
  const width = Math.max(...Object.values(at)) + 1;
  return { at, names: fields.map((f) => f.trim()), width };
}

function entityOf(county: string, district: string, school: string, typeId: number | null, entities?: ReadonlyMap<string, CaasppEntity>): AggregateEntity {
  const cds = `${county}${district}${school}`;
  const known = entities?.get(cds);
  if (!/^\d{14}$/.test(cds))
    throw new CellError('County Code', `expected county, district and school codes of 2, 5 and 7 digits, found ${county}-${district}-${school}`);
  if (entities && !known) throw new CellError('School Code', `CDS ${county}-${district}-${school} is not in the entities file`);
  const type = typeId ?? known?.typeId ?? null;
  if (type === 4 || (type === null && county === '00')) return { kind: 'state', state: 'CA', code: 'CA', name: known?.countyName || 'State of California' };
  if (type === 5 || (type === null && district === '00000')) return { kind: 'county', state: 'CA', code: county, ...(known ? { name: known.countyName } : {}) };
  if (type === 6 || (type === null && school === '0000000'))
    return { kind: 'district', state: 'CA', code: `${county}${district}`, ...(known ? { name: known.districtName } : {}) };
  return { kind: 'school', state: 'CA', code: cds, ...(known ? { name: known.schoolName } : {}) };
}

/** What stays the same from row to row of one file: the last entity and year read, reused while they repeat. */
interface RowCache {
  entityKey: string;
  entity: AggregateEntity | null;
  testYear: number;
  year: string;
  /** Whether the row being read had a figure not shown. */
  suppressed: boolean;
}

const newRowCache = (): RowCache => ({ entityKey: '', entity: null, testYear: 0, year: '', suppressed: false });

const columnName = (layout: Layout, i: number) => layout.names[i] || columnLetter(i);
const cellText = (fields: string[], i: number) => (i < 0 ? '' : (fields[i] ?? '').trim());
const DIGITS = /^\d+$/;

function wholeNumber(fields: string[], layout: Layout, f: Field): number {
  const i = layout.at[f];
  const t = cellText(fields, i);
  if (!DIGITS.test(t)) throw new CellError(columnName(layout, i), `expected a whole number, found ${JSON.stringify(t)}`);
  return Number(t);
}

const PLAIN_WHOLE = /^\d+$/;
const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

/**
 * A figure of the row; `*` and an empty cell both mean "not shown" in these files and mark the row
 * suppressed. Plain numbers, nearly every cell, are read here; anything else goes through readFigure.
 */
function figureOf(fields: string[], layout: Layout, f: Field, integer: boolean, row: RowCache): number | null {
  const i = layout.at[f];
  const raw = fields[i];
  if (raw !== undefined && (integer ? PLAIN_WHOLE : PLAIN_DECIMAL).test(raw)) return Number(raw);
  const figure = readFigure(raw, { column: columnName(layout, i), integer, blank: 'suppressed' });
  if (figure.suppressed) row.suppressed = true;
  return figure.value;
}

function toRow(fields: string[], layout: Layout, options: CaasppOptions, line: number, cache: RowCache): AggregateResult | null {
  const { at } = layout;
  if (fields.length < layout.width)
    throw new CellError(columnName(layout, fields.length), `the row ends after ${fields.length} of ${layout.width} columns (is the file cut short?)`);

  const testId = wholeNumber(fields, layout, 'testId');
  const test = (options.tests ?? DEFAULT_CAASPP_TESTS).get(testId);
  if (!test) throw new CellError(columnName(layout, at.testId), `test id ${testId} is not in the tests lookup`);
  // Science (CAST) and other tests share some files; they are not results this importer reads.
  if (!test.subject) return null;
  const groupId = wholeNumber(fields, layout, 'group');
  if (options.subgroups && !options.subgroups.has(groupId))
    throw new CellError(columnName(layout, at.group), `student group ${groupId} is not in the subgroup lookup`);
  const gradeNumber = wholeNumber(fields, layout, 'grade');
  if (gradeNumber > 13) throw new CellError(columnName(layout, at.grade), `expected a grade from 0 to 12, or 13 for all grades, found ${gradeNumber}`);
  // CDE writes 13 for "all grades combined".
  const grade: Grade = gradeNumber === 13 ? 'all' : gradeNumber;
  const testYear = wholeNumber(fields, layout, 'testYear');
  if (testYear < 2000 || testYear > 2100) throw new CellError(columnName(layout, at.testYear), `expected a four-digit test year, found ${testYear}`);
  if (testYear !== cache.testYear) {
    cache.testYear = testYear;
    cache.year = schoolYearLabel(testYear - 1);
  }

  cache.suppressed = false;
  const tested = figureOf(fields, layout, 'withScores', true, cache);
  const notMet = figureOf(fields, layout, 'notMet', false, cache);
  const nearlyMet = figureOf(fields, layout, 'nearlyMet', false, cache);
  const met = figureOf(fields, layout, 'met', false, cache);
  const exceeded = figureOf(fields, layout, 'exceeded', false, cache);
  const pct = figureOf(fields, layout, 'metOrAbove', false, cache);
  const mean = figureOf(fields, layout, 'mean', false, cache);
  const suppressed = cache.suppressed;

  const county = cellText(fields, at.county);
  const district = cellText(fields, at.district);
  const school = cellText(fields, at.school);
  const typeText = cellText(fields, at.typeId);
  const entityKey = `${county}-${district}-${school}-${typeText}`;
  if (entityKey !== cache.entityKey || !cache.entity) {
    const typeId = typeText === '' ? null : Number(typeText);
    cache.entity = entityOf(county, district, school, Number.isFinite(typeId) ? typeId : null, options.entities);
    cache.entityKey = entityKey;
  }
  const count = tested !== null && pct !== null ? Math.round((pct * tested) / 100) : null;
  return {
    source: 'caaspp',
    entity: cache.entity,
    year: cache.year,
    assessment: test.assessment,
    subject: test.subject,
    grade,
    group: caasppGroupCode(groupId),
    tested,
    levelCounts: null,
    levelPercents: [notMet, nearlyMet, met, exceeded],
    metOrAbove: count,
    ...(count !== null ? { metOrAboveDerived: true } : {}),
    pctMetOrAbove: pct,
    meanScaleScore: mean,
    suppressed,
    line,
  };
}

/**
 * Streams a CAASPP research file. The delimiter is read from the header line (`^` from 2021, `,`
 * before); columns are found by name, so the renamed 2021 columns work too.
 */
export async function* parseCaaspp(source: ImportSource, options: CaasppOptions = {}): AsyncGenerator<AggregateResult> {
  for await (const batch of parseCaasppBatches(source, options)) yield* batch;
}

/** parseCaaspp a block of rows at a time (one block per piece of the file read), for statewide files. */
export async function* parseCaasppBatches(source: ImportSource, options: CaasppOptions = {}): AsyncGenerator<AggregateResult[]> {
  const opened = openSource(source, options.fileName);
  const { file } = opened;
  const { head, stream } = await peekHead(opened.stream);
  const firstLine = head.toString('latin1').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes('^') ? '^' : ',';
  const issues = new IssueCollector(file, options.maxErrors);
  const counts = { dataRows: 0 };
  let kept = 0;
  let leftOut = 0;
  let layout: Layout | null = null;
  const cache = newRowCache();
  for await (const rows of readCsvBatches(stream, { file, delimiter, encoding: 'latin1', issues, counts })) {
    const out: AggregateResult[] = [];
    for (const { fields, line } of rows) {
      if (isBlank(fields)) continue;
      if (!layout) {
        layout = findLayout(fields, file, line);
        continue;
      }
      let row: AggregateResult | null;
      try {
        row = toRow(fields, layout, options, line, cache);
      } catch (error) {
        issues.fromError(line, error);
        continue;
      }
      if (row) out.push(row);
      else leftOut++;
    }
    kept += out.length;
    if (out.length) yield out;
  }
  if (!layout) issues.add(1, undefined, 'the file is empty');
  issues.finish();
  assertEveryRowKept(file, counts.dataRows, kept, leftOut);
}

function isBlank(fields: string[]): boolean {
  for (const f of fields) if (f !== '' && f.trim() !== '') return false;
  return true;
}
