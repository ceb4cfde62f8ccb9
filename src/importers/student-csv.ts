// Student-level results from any CSV, read through a column map that says which column holds what.
import { z } from 'zod';
import { calendarDate } from '../domain/dates';
import { normalizeSchoolYear, readGradeNumber, readId, subjectOf } from './cells';
import { openSource, readCsv, type ImportSource } from './csv';
import { assertEveryRowKept } from './csv-rows';
import { CellError, ImportError, IssueCollector, excerpt } from './issues';
import type { Demographics, StudentResult } from './records';
import { raceCode } from './student-groups';

const column = z.string().trim().min(1, 'give the column name');

/** The column map, as a user writes it in JSON: our field → their column header. */
export const studentColumnMapSchema = z
  .object({
    studentId: column,
    schoolCode: column,
    subject: column,
    grade: column,
    year: column,
    assessment: column.optional(),
    administrationDate: column.optional(),
    scaleScore: column.optional(),
    performanceLevel: column.optional(),
    /** Level labels from lowest to highest, so a label gets its ordinal; numeric levels need none. */
    performanceLevels: z.array(z.string().trim().min(1)).min(2).optional(),
    ethnicity: column.optional(),
    englishLearner: column.optional(),
    economicallyDisadvantaged: column.optional(),
    disability: column.optional(),
    gender: column.optional(),
    delimiter: z.string().length(1).optional(),
  })
  .strict()
  .refine((m) => m.scaleScore !== undefined || m.performanceLevel !== undefined, {
    message: 'map scaleScore or performanceLevel (or both): a result needs a score or a level',
    path: ['scaleScore'],
  });

export type StudentColumnMap = z.infer<typeof studentColumnMapSchema>;
type ColumnField = Exclude<keyof StudentColumnMap, 'performanceLevels' | 'delimiter'>;

/** Checks a column map; problems name the field ("studentId is required"), not a JSON path. */
export function parseStudentColumnMap(input: unknown, file = 'column map'): StudentColumnMap {
  const result = studentColumnMapSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ImportError(
    result.error.issues.map((issue) => {
      const field = issue.path.join('.') || 'map';
      const missing = issue.code === 'invalid_type' && (issue as { input?: unknown }).input === undefined;
      const unknownKeys = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys : null;
      const message = unknownKeys
        ? `unknown field${unknownKeys.length > 1 ? 's' : ''} ${unknownKeys.join(', ')} in the column map`
        : missing
          ? `${field} is required: name the column that holds it`
          : `${field}: ${issue.message}`;
      return { file, line: 0, column: unknownKeys ? unknownKeys.join(', ') : field, message };
    }),
  );
}

export interface StudentCsvOptions {
  fileName?: string;
  maxErrors?: number;
}

const YES = /^(y|yes|true|t|1)$/i;
const NO = /^(n|no|false|f|0)$/i;

/**
 * Streams student results from a CSV. The map is checked first; then every mapped column must be in
 * the header; then each row is validated, and a bad cell is reported as file:line:column-name.
 */
export async function* parseStudentCsv(source: ImportSource, map: unknown, options: StudentCsvOptions = {}): AsyncGenerator<StudentResult> {
  const { stream, file } = openSource(source, options.fileName);
  let columns: StudentColumnMap;
  try {
    columns = parseStudentColumnMap(map);
  } catch (error) {
    stream.destroy();
    throw error;
  }
  const issues = new IssueCollector(file, options.maxErrors);
  const mapped = (Object.entries(columns) as [string, unknown][]).filter(([k, v]) => typeof v === 'string' && k !== 'delimiter') as [ColumnField, string][];
  let at: Partial<Record<ColumnField, number>> | null = null;
  const counts = { dataRows: 0 };
  let kept = 0;
  for await (const { fields, line } of readCsv(stream, { file, issues, counts, ...(columns.delimiter ? { delimiter: columns.delimiter } : {}) })) {
    if (!at) {
      const header = fields.map((f) => f.trim().toLowerCase());
      at = {};
      for (const [field, name] of mapped) {
        const i = header.indexOf(name.toLowerCase());
        if (i === -1) issues.add(line, name, `the column "${name}" (mapped to ${field}) is not in the file's header`);
        else at[field] = i;
      }
      // A missing column fails every row the same way; say it once and stop.
      issues.finish();
      continue;
    }
    if (fields.every((f) => f.trim() === '')) continue;
    let result: StudentResult;
    try {
      result = toResult(fields, at, columns, line);
    } catch (error) {
      issues.fromError(line, error);
      continue;
    }
    kept++;
    yield result;
  }
  if (!at) issues.add(1, undefined, 'the file is empty: it needs a header row');
  issues.finish();
  assertEveryRowKept(file, counts.dataRows, kept);
}

function toResult(fields: string[], at: Partial<Record<ColumnField, number>>, map: StudentColumnMap, line: number): StudentResult {
  const cell = (field: ColumnField): string | undefined => {
    const i = at[field];
    return i === undefined ? undefined : (fields[i] ?? '').trim();
  };
  const name = (field: ColumnField) => map[field] as string;
  const required = (field: ColumnField) => {
    const v = cell(field);
    if (!v) throw new CellError(name(field), `${field} is empty`);
    return v;
  };
  const studentId = readId(required('studentId'), name('studentId'));
  const schoolId = readId(required('schoolCode'), name('schoolCode'));
  const subjectText = required('subject');
  const grade = readGradeNumber(required('grade'), name('grade'));
  const yearText = required('year');
  const schoolYear = normalizeSchoolYear(yearText);
  if (!schoolYear) throw new CellError(name('year'), `expected a school year like 2017-18, found ${excerpt(yearText)}`);

  let scaleScore: number | null = null;
  const scaleText = cell('scaleScore');
  if (scaleText) {
    scaleScore = Number(scaleText);
    if (!Number.isFinite(scaleScore)) throw new CellError(name('scaleScore'), `expected a number, found ${excerpt(scaleText)}`);
  }
  const level = cell('performanceLevel') || null;
  let ordinal: number | null = null;
  if (level) {
    const labels = map.performanceLevels;
    if (labels) {
      const i = labels.findIndex((l) => l.toLowerCase() === level.toLowerCase());
      if (i === -1) throw new CellError(name('performanceLevel'), `"${level}" is not one of the levels ${labels.join(', ')}`);
      ordinal = i + 1;
    } else if (/^\d+$/.test(level)) ordinal = Number(level);
  }
  if (scaleScore === null && level === null) {
    throw new CellError(name(map.scaleScore ? 'scaleScore' : 'performanceLevel'), 'the row has neither a score nor a performance level');
  }
  const flag = (field: ColumnField): boolean | undefined => {
    const v = cell(field);
    if (v === undefined || v === '') return undefined;
    if (YES.test(v)) return true;
    if (NO.test(v)) return false;
    throw new CellError(name(field), `expected Y or N, found ${excerpt(v)}`);
  };
  const demographics: Demographics = {};
  const ethnicity = cell('ethnicity');
  if (ethnicity) {
    const code = raceCode(ethnicity);
    if (code === 'hispanic') demographics.hispanic = true;
    demographics.race = [code ?? ethnicity.toLowerCase()];
  }
  const el = flag('englishLearner');
  if (el !== undefined) demographics.englishLearner = el;
  const ed = flag('economicallyDisadvantaged');
  if (ed !== undefined) demographics.economicallyDisadvantaged = ed;
  const swd = flag('disability');
  if (swd !== undefined) demographics.disability = swd;
  const gender = cell('gender');
  if (gender) demographics.gender = gender.toLowerCase();
  const assessment = readId(cell('assessment') || subjectText, name(cell('assessment') ? 'assessment' : 'subject'));
  const date = cell('administrationDate') || null;
  if (date) {
    const checked = calendarDate.safeParse(date);
    if (!checked.success) throw new CellError(name('administrationDate'), `the date ${excerpt(date)} ${checked.error.issues[0]!.message}`);
  }
  return {
    kind: 'student-result',
    studentId,
    schoolId,
    assessmentId: assessment,
    assessmentTitle: assessment,
    subject: subjectOf(subjectText) ?? subjectText.toLowerCase(),
    grade,
    administrationDate: date,
    schoolYear,
    scaleScore,
    performanceLevel: level,
    performanceLevelOrdinal: ordinal,
    demographics,
    line,
  };
}
