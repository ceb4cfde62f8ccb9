// California CAASPP research files (CDE layout): comma-delimited 2015–2019, caret-delimited 2021 on.
import { readFigure, schoolYearFromStart, type Figure } from './cells';
import { DEFAULT_CAASPP_TESTS, type CaasppEntity, type CaasppSubgroup, type CaasppTest } from './caaspp-lookups';
import { columnLetter, openSource, peekHead, readCsv, type ImportSource } from './csv';
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
  if (!/^\d{14}$/.test(cds)) throw new CellError('County Code', `expected county, district and school codes of 2, 5 and 7 digits, found ${county}-${district}-${school}`);
  if (entities && !known) throw new CellError('School Code', `CDS ${county}-${district}-${school} is not in the entities file`);
  const type = typeId ?? known?.typeId ?? null;
  if (type === 4 || (type === null && county === '00')) return { kind: 'state', state: 'CA', code: 'CA', name: known?.countyName || 'State of California' };
  if (type === 5 || (type === null && district === '00000')) return { kind: 'county', state: 'CA', code: county, ...(known ? { name: known.countyName } : {}) };
  if (type === 6 || (type === null && school === '0000000')) return { kind: 'district', state: 'CA', code: `${county}${district}`, ...(known ? { name: known.districtName } : {}) };
  return { kind: 'school', state: 'CA', code: cds, ...(known ? { name: known.schoolName } : {}) };
}

function toRow(fields: string[], layout: Layout, options: CaasppOptions, line: number): AggregateResult | null {
  const { at } = layout;
  const name = (i: number) => layout.names[i] || columnLetter(i);
  if (fields.length < layout.width) throw new CellError(name(fields.length), `the row ends after ${fields.length} of ${layout.width} columns (is the file cut short?)`);
  const text = (f: Field) => (fields[at[f]] ?? '').trim();
  const int = (f: Field) => {
    const t = text(f);
    if (!/^\d+$/.test(t)) throw new CellError(name(at[f]), `expected a whole number, found ${JSON.stringify(t)}`);
    return Number(t);
  };

  const testId = int('testId');
  const test = (options.tests ?? DEFAULT_CAASPP_TESTS).get(testId);
  if (!test) throw new CellError(name(at.testId), `test id ${testId} is not in the tests lookup`);
  // Science (CAST) and other tests share some files; they are not results this importer reads.
  if (!test.subject) return null;
  const groupId = int('group');
  if (options.subgroups && !options.subgroups.has(groupId)) throw new CellError(name(at.group), `student group ${groupId} is not in the subgroup lookup`);
  const gradeNumber = int('grade');
  if (gradeNumber > 13) throw new CellError(name(at.grade), `expected a grade from 0 to 12, or 13 for all grades, found ${gradeNumber}`);
  // CDE writes 13 for "all grades combined".
  const grade: Grade = gradeNumber === 13 ? 'all' : gradeNumber;
  const testYear = int('testYear');
  if (testYear < 2000 || testYear > 2100) throw new CellError(name(at.testYear), `expected a four-digit test year, found ${testYear}`);

  let suppressed = false;
  // In these files both `*` and an empty cell mean "not shown".
  const figure = (f: Field, integer: boolean): Figure => {
    const r = readFigure(fields[at[f]], { column: name(at[f]), integer, blank: 'suppressed' });
    if (r.suppressed) suppressed = true;
    return r;
  };
  const tested = figure('withScores', true).value;
  const levelPercents = [figure('notMet', false).value, figure('nearlyMet', false).value, figure('met', false).value, figure('exceeded', false).value];
  const pct = figure('metOrAbove', false).value;
  const mean = figure('mean', false).value;
  const typeText = at.typeId === -1 ? '' : text('typeId');
  const typeId = typeText === '' ? null : Number(typeText);
  const entity = entityOf(text('county'), text('district'), text('school'), Number.isFinite(typeId) ? typeId : null, options.entities);
  const metOrAbove = tested !== null && pct !== null ? Math.round((pct * tested) / 100) : null;
  return {
    source: 'caaspp',
    entity,
    year: schoolYearFromStart(testYear - 1),
    assessment: test.assessment,
    subject: test.subject,
    grade,
    group: caasppGroupCode(groupId),
    tested,
    levelCounts: null,
    levelPercents,
    metOrAbove,
    ...(metOrAbove !== null ? { metOrAboveDerived: true } : {}),
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
  const opened = openSource(source, options.fileName);
  const { file } = opened;
  const { head, stream } = await peekHead(opened.stream);
  const firstLine = head.toString('latin1').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes('^') ? '^' : ',';
  const issues = new IssueCollector(file, options.maxErrors);
  let layout: Layout | null = null;
  for await (const { fields, line } of readCsv(stream, { file, delimiter, encoding: 'latin1' })) {
    if (fields.every((f) => f.trim() === '')) continue;
    if (!layout) {
      layout = findLayout(fields, file, line);
      continue;
    }
    let row: AggregateResult | null;
    try {
      row = toRow(fields, layout, options, line);
    } catch (error) {
      issues.fromError(line, error);
      continue;
    }
    if (row) yield row;
  }
  if (!layout) issues.add(1, undefined, 'the file is empty');
  issues.finish();
}
