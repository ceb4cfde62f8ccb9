// Connecticut EdSight Smarter Balanced exports (district or state, by grade or all grades combined).
import { basename } from 'node:path';
import { readFigure, readDigitCode, readGradeNumber, normalizeSchoolYear, subjectOf, type Figure } from './cells';
import { columnLetter, openSource, readCsv, type ImportSource } from './csv';
import { assertEveryRowKept } from './csv-rows';
import { CellError, ImportError, IssueCollector, excerpt } from './issues';
import type { AggregateResult, Grade } from './records';

export interface EdsightOptions {
  /** Name used in messages when `source` is a stream. */
  fileName?: string;
  /** School year '2014-15'; by default read from the file name, which is where EdSight puts it. */
  year?: string;
  maxErrors?: number;
}

interface Layout {
  width: number;
  names: string[];
  district: number;
  code: number | null;
  grade: number | null;
  subject: number;
  tested: number;
  levels: { count: number; percent: number }[];
  metOrAbove: { count: number; percent: number };
  meanScaleScore: number | null;
}

/** Header text lost its line breaks in the export ("Total Numberof Students"); compare without spaces. */
const squash = (s: string) => s.toLowerCase().replace(/\s+/g, '');

/** The school year in an EdSight file name, e.g. smarter-balanced__2014-15_ela-and-math_….csv. */
export function yearFromFileName(file: string): string | null {
  const m = /(?:^|[^\d])(\d{4}-\d{2})(?:[^\d]|$)/.exec(basename(file));
  return m ? normalizeSchoolYear(m[1]!) : null;
}

function findLayout(fields: string[], file: string, line: number): Layout {
  const names = fields.map((f) => f.trim().replace(/\s+/g, ' '));
  const at = (name: string) => names.findIndex((n) => squash(n) === squash(name));
  const need = (name: string) => {
    const i = at(name);
    if (i === -1) throw new ImportError([{ file, line, message: `the header has no "${name}" column; is this an EdSight Smarter Balanced export?` }]);
    return i;
  };
  // The header repeats "%" after every count; each percentage is the column right after its count.
  const pair = (pattern: RegExp, label: string) => {
    const count = names.findIndex((n) => pattern.test(squash(n)));
    if (count === -1 || squash(names[count + 1] ?? '') !== '%') {
      throw new ImportError([{ file, line, message: `the header has no "${label} Count" column followed by "%"` }]);
    }
    return { count, percent: count + 1 };
  };
  const levels = [1, 2, 3, 4].map((n) => pair(new RegExp(`^level${n}[a-z]*count$`), `Level ${n}`));
  const code = at('District Code');
  const grade = at('Grade');
  const mean = at('AverageVSS');
  const layout: Layout = {
    names,
    district: need('District'),
    code: code === -1 ? null : code,
    grade: grade === -1 ? null : grade,
    subject: need('Subject'),
    tested: need('Total Number with Scored Tests'),
    levels,
    metOrAbove: pair(/^level3&4[a-z]*count$/, 'Level 3&4 Met or Exceeded'),
    meanScaleScore: mean === -1 ? null : mean,
    width: 0,
  };
  // Trailing commas make some headers longer than the data; only named columns must be present.
  layout.width = Math.max(...names.map((n, i) => (n === '' ? -1 : i))) + 1;
  return layout;
}

/** How a column is named in messages: its header text, with the level for the repeated "%". */
function columnName(layout: Layout, index: number): string {
  const name = layout.names[index] ?? columnLetter(index);
  if (name !== '%') return name;
  return `${(layout.names[index - 1] ?? '').replace(/\s*Count$/i, '').replace(/\s+/g, ' ')} %`;
}

function toRow(fields: string[], layout: Layout, year: string, line: number): AggregateResult {
  if (fields.length < layout.width) {
    const missing = fields.length;
    throw new CellError(columnName(layout, missing), `the row ends after ${missing} of ${layout.width} columns (is the file cut short?)`);
  }
  let suppressed = false;
  const figure = (index: number, integer: boolean): Figure => {
    const f = readFigure(fields[index], { column: columnName(layout, index), integer });
    if (f.suppressed) suppressed = true;
    return f;
  };
  const subjectText = fields[layout.subject] ?? '';
  const subject = subjectOf(subjectText);
  if (!subject) throw new CellError(columnName(layout, layout.subject), `expected ELA or Math, found ${excerpt(subjectText)}`);
  const grade: Grade = layout.grade === null ? 'all' : readGradeNumber(fields[layout.grade], columnName(layout, layout.grade));
  const name = (fields[layout.district] ?? '').trim();
  const entity: AggregateResult['entity'] =
    layout.code === null
      ? { kind: 'state', state: 'CT', code: 'CT', name }
      : { kind: 'district', state: 'CT', code: readDigitCode(fields[layout.code], 7, columnName(layout, layout.code)), name };
  const tested = figure(layout.tested, true);
  const counts = layout.levels.map((l) => figure(l.count, true).value);
  const percents = layout.levels.map((l) => figure(l.percent, false).value);
  const met = figure(layout.metOrAbove.count, true);
  const pct = figure(layout.metOrAbove.percent, false);
  const mean = layout.meanScaleScore === null ? null : figure(layout.meanScaleScore, false).value;
  return {
    source: 'edsight',
    entity,
    year,
    assessment: 'smarter-balanced',
    subject,
    grade,
    group: 'all',
    tested: tested.value,
    levelCounts: counts,
    levelPercents: percents,
    metOrAbove: met.value,
    pctMetOrAbove: pct.value,
    meanScaleScore: mean,
    suppressed,
    line,
  };
}

/**
 * Streams the rows of an EdSight export. The title lines above the header are skipped; the header
 * is the first row that starts with "District". Rows stay in file order.
 */
export async function* parseEdsight(source: ImportSource, options: EdsightOptions = {}): AsyncGenerator<AggregateResult> {
  const { stream, file } = openSource(source, options.fileName);
  const year = options.year ? normalizeSchoolYear(options.year) : yearFromFileName(file);
  if (!year) {
    stream.destroy();
    throw new ImportError([
      {
        file,
        line: 0,
        message: options.year
          ? `"${options.year}" is not a school year like 2017-18`
          : 'the school year is not in the file name; give it as an option (e.g. 2017-18)',
      },
    ]);
  }
  const issues = new IssueCollector(file, options.maxErrors);
  const counts = { dataRows: 0 };
  let kept = 0;
  let layout: Layout | null = null;
  const isHeader = (fields: string[]) => squash(fields[0] ?? '') === 'district';
  for await (const { fields, line } of readCsv(stream, { file, header: isHeader, issues, counts })) {
    if (fields.every((f) => f.trim() === '')) continue;
    if (!layout) {
      if (isHeader(fields)) layout = findLayout(fields, file, line);
      continue;
    }
    let row: AggregateResult;
    try {
      row = toRow(fields, layout, year, line);
    } catch (error) {
      issues.fromError(line, error);
      continue;
    }
    kept++;
    yield row;
  }
  if (!layout) issues.add(1, undefined, 'no header row starting with "District" was found; is this an EdSight Smarter Balanced export?');
  issues.finish();
  assertEveryRowKept(file, counts.dataRows, kept);
}
