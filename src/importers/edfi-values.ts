// Values of Ed-Fi elements as Trellis keeps them, or a refusal that names the element and its line: dates
// that exist on the calendar, ids short enough to be ids, and scores within the range the assessment gives.
import { calendarDate, isCalendarDate } from '../domain/dates';
import { MAX_ID_CHARS } from './cells';
import { CellError, excerpt } from './issues';
import { child, textAt, type XmlElement } from './xml-elements';

/** A problem with one element of a file: where it is, which element, and why. */
export class ElementError extends CellError {
  constructor(
    readonly line: number,
    column: string,
    message: string,
  ) {
    super(column, message);
    this.name = 'ElementError';
  }
}

export { MAX_ID_CHARS };

/** The element at a path, with its text, or undefined when absent or empty. */
function at(e: XmlElement | undefined, path: string[]): XmlElement | undefined {
  const found = child(e, ...path);
  return found && found.text !== '' ? found : undefined;
}

/** An id at a path; `required` names what the element is, to say it is missing. */
export function idAt(e: XmlElement, path: string[], required?: string): string | undefined {
  const found = at(e, path);
  const name = path[path.length - 1]!;
  if (!found) {
    if (required) throw new ElementError(e.line, name, `the ${e.name} has no ${name} (${required})`);
    return undefined;
  }
  if (found.text.length > MAX_ID_CHARS)
    throw new ElementError(found.line, name, `${name} is ${found.text.length.toLocaleString('en-US')} characters long; an id may have at most ${MAX_ID_CHARS}`);
  return found.text;
}

const DATE = /^(\d{4}-\d{2}-\d{2})(T[0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The calendar day at a path (`2021-04-01`, also from `2021-04-01T16:00:00`). Test and enrolment dates follow
 * the project's rule for dates (a real day from 2000 to 2100); a birth date need only be a real day.
 */
export function dateAt(e: XmlElement, path: string[], kind: 'event' | 'birth' = 'event'): string | undefined {
  const found = at(e, path);
  if (!found) return undefined;
  const name = path[path.length - 1]!;
  const m = DATE.exec(found.text);
  if (!m) throw new ElementError(found.line, name, `${name} ${excerpt(found.text)} is not a date written YYYY-MM-DD`);
  const day = m[1]!;
  if (kind === 'birth') {
    if (!isCalendarDate(day)) throw new ElementError(found.line, name, `${name} ${excerpt(found.text)} is not a real date`);
    return day;
  }
  const checked = calendarDate.safeParse(day);
  if (!checked.success) throw new ElementError(found.line, name, `${name} ${excerpt(found.text)} ${checked.error.issues[0]!.message}`);
  return day;
}

export interface ScoreRange {
  method: string;
  min?: number;
  max?: number;
}

const NUMBER = /^-?(\d+(\.\d*)?|\.\d+)$/;
const NUMERIC_TYPES = /^(integer|decimal|float|percentile)$/i;

/**
 * A ScoreResult's value, checked: a number where the result is typed as one, within the range the
 * assessment gives for its reporting method, and never below 0. Null when the result is not a number by type
 * (a level word, a Lexile measure).
 */
export function scoreOf(s: XmlElement, method: string, datatype: string | undefined, ranges: readonly ScoreRange[] | undefined): number | null {
  const result = at(s, ['Result']);
  if (!result) return null;
  const text = result.text;
  const what = method || 'score';
  if (!NUMBER.test(text)) {
    if (datatype && NUMERIC_TYPES.test(datatype)) throw new ElementError(result.line, 'Result', `the ${what} ${excerpt(text)} is not a number`);
    return null;
  }
  const value = Number(text);
  const range = ranges?.find((r) => r.method === method);
  if (range && ((range.min !== undefined && value < range.min) || (range.max !== undefined && value > range.max))) {
    throw new ElementError(
      result.line,
      'Result',
      `the ${what} ${text} is outside the range ${range.min ?? '…'} to ${range.max ?? '…'} that the assessment gives`,
    );
  }
  if (value < 0) throw new ElementError(result.line, 'Result', `the ${what} ${text} is negative; a score is 0 or more`);
  return value;
}

/** A bound of an AssessmentScore, when it is a number. */
export function boundAt(e: XmlElement, name: string): number | undefined {
  const text = textAt(e, name);
  return text !== undefined && NUMBER.test(text) ? Number(text) : undefined;
}
