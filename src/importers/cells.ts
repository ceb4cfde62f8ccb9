// Reading single cells of published results: numbers, suppression marks and Excel-formula codes.
import { schoolYearLabel } from '../domain/school-year';
import { CellError, excerpt } from './issues';

/** The longest id kept: ids are indexed (an index row holds about 2,700 bytes), and no real one comes near it. */
export const MAX_ID_CHARS = 255;

/** An id (a student's, a school's, a test's) as written, refused when it is too long to be one. */
export function readId(text: string, column: string): string {
  if (text.length > MAX_ID_CHARS)
    throw new CellError(column, `the id is ${text.length.toLocaleString('en-US')} characters long; an id may have at most ${MAX_ID_CHARS}`);
  return text;
}

/** A numeric figure as published: a value, or null with the reason. */
export interface Figure {
  value: number | null;
  /** True when the source printed the suppression mark instead of a number. */
  suppressed: boolean;
}

export interface FigureOptions {
  column: string;
  integer?: boolean;
  /** What an empty cell means: not reported ('missing'), or hidden like `*` ('suppressed'). */
  blank?: 'missing' | 'suppressed';
}

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)$/;

export function readFigure(raw: string | undefined, options: FigureOptions): Figure {
  const text = (raw ?? '').trim();
  if (text === '*') return { value: null, suppressed: true };
  if (text === '') return { value: null, suppressed: options.blank === 'suppressed' };
  const plain = text.includes(',') ? text.replace(/,/g, '') : text;
  if (!NUMBER.test(plain)) throw new CellError(options.column, `expected a number or *, found ${excerpt(text)}`);
  const value = Number(plain);
  if (options.integer && !Number.isInteger(value)) throw new CellError(options.column, `expected a whole number, found ${excerpt(text)}`);
  if (value < 0) throw new CellError(options.column, `expected a count or percentage, found a negative number ${excerpt(text)}`);
  return { value, suppressed: false };
}

/**
 * Unwraps codes that a spreadsheet export protected from losing leading zeros: `="0210011"`
 * (csv-parse has already undone the doubled quotes of `"=""0210011"""`).
 */
export function unwrapExcelText(raw: string): string {
  const text = raw.trim();
  const m = /^="(.*)"$/.exec(text);
  return m ? m[1]!.trim() : text;
}

/** A code made only of digits, padded to `width` (CT district codes lost their zeros in some years). */
export function readDigitCode(raw: string | undefined, width: number, column: string): string {
  const text = unwrapExcelText(raw ?? '');
  if (!/^\d+$/.test(text) || text.length > width) throw new CellError(column, `expected a code of up to ${width} digits, found ${excerpt(raw ?? '')}`);
  return text.padStart(width, '0');
}

/** Grade as written in results files: `3`, `03`, `K`, `KG`; returns 0 for kindergarten. */
export function readGradeNumber(raw: string | undefined, column: string): number {
  const text = (raw ?? '').trim().toUpperCase();
  if (text === 'K' || text === 'KG' || text === 'KN') return 0;
  if (!/^\d{1,2}$/.test(text) || Number(text) > 12) throw new CellError(column, `expected a grade from K to 12, found ${excerpt(raw ?? '')}`);
  return Number(text);
}

/** Subject words from many sources mapped to ours; null when it is neither ELA nor math. */
export function subjectOf(raw: string | undefined): 'ela' | 'math' | null {
  const text = (raw ?? '').trim().toLowerCase();
  if (/^(ela|english|reading|english language arts|language arts|literacy)\b/.test(text) || /english language arts|\bela\b|reading|literacy/.test(text))
    return 'ela';
  if (/^(math|mathematics)\b/.test(text) || /\bmath/.test(text)) return 'math';
  return null;
}

/** Accepts '2017-18', '2017-2018', and a single spring year '2018'. */
export function normalizeSchoolYear(raw: string): string | null {
  const text = raw.trim();
  let m = /^(\d{4})\s*[-–/]\s*(\d{2}|\d{4})$/.exec(text);
  if (m) {
    const start = Number(m[1]);
    const end = Number(m[2]!.length === 2 ? `${String(start + 1).slice(0, 2)}${m[2]}` : m[2]);
    return end === start + 1 ? schoolYearLabel(start) : null;
  }
  m = /^(\d{4})$/.exec(text);
  // A single year is the spring test year: '2018' is 2017-18.
  if (m) return schoolYearLabel(Number(m[1]) - 1);
  return null;
}
