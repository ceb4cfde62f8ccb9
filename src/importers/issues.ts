// Import problems as values: where (file, line, column) and why, gathered into one AppError.
import { AppError } from '../domain/errors';

export interface ImportIssue {
  file: string;
  line: number;
  /** The column's name as the file spells it (or its letter when the file has no header). */
  column?: string;
  message: string;
}

/** `file:line:column`; a problem with a whole file (line 0) is named by the file alone. */
export function issueWhere(issue: ImportIssue): string {
  const at = issue.line > 0 ? `${issue.file}:${issue.line}` : issue.file;
  return issue.column === undefined ? at : `${at}:${issue.column}`;
}

// Control characters (C0, DEL, C1), the replacement character left by bytes that were not text, and
// invisible format characters that could hide or reorder what a message says.
const UNPRINTABLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffd\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Text from a file made safe to print in a message: unprintable characters are written as escapes
 * (\u0000), tabs and line breaks as \t and \n, and anything longer than `max` characters is cut.
 */
export function printable(text: string, max = 200): string {
  const shown = text
    .slice(0, max + 1)
    .replace(/\t/g, '\\t')
    .replace(/\r/g, '\\r')
    .replace(/\n/g, '\\n')
    .replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  // Cut after escaping, so escapes count towards the length, and never in the middle of one.
  return shown.length > max || text.length > max ? `${shown.slice(0, max).replace(/\\(u[0-9a-f]{0,3})?$/, '')}…` : shown;
}

/** A cell quoted for a message ("found \"abc\""), made printable and cut to a readable length. */
export function excerpt(text: string, max = 40): string {
  return `"${printable(text, max).replace(/"/g, '\\"')}"`;
}

/** The one import error: an AppError with code `import_failed` that also keeps the structured issues. */
export class ImportError extends AppError {
  readonly issues: ImportIssue[];
  constructor(found: ImportIssue[]) {
    // Names and messages may carry text from the file: nothing unprintable reaches a person.
    const issues = found.map((i) => ({
      ...i,
      file: printable(i.file, 120),
      message: printable(i.message, 500),
      ...(i.column === undefined ? {} : { column: printable(i.column, 60) }),
    }));
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    const message = first
      ? `The import stopped at ${issueWhere(first)}: ${first.message}${more}. Nothing from this file was kept.`
      : 'The import failed. Nothing from this file was kept.';
    super(
      'import_failed',
      message,
      issues.map((i) => ({ where: issueWhere(i), message: i.message })),
    );
    this.name = 'ImportError';
    this.issues = issues;
  }
}

/** A problem with one cell, raised while mapping a row; the parser adds file and line. */
export class CellError extends Error {
  constructor(
    readonly column: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'CellError';
  }
}

/**
 * Gathers issues for one file. With maxErrors 1 (the default) the first problem stops the import;
 * with more, bad rows are skipped so a user sees several problems at once, and the import still
 * fails at the end, because a loader must never keep part of a file.
 */
export class IssueCollector {
  readonly issues: ImportIssue[] = [];
  constructor(
    readonly file: string,
    readonly maxErrors = 1,
  ) {}

  add(line: number, column: string | undefined, message: string): void {
    this.issues.push(column === undefined ? { file: this.file, line, message } : { file: this.file, line, column, message });
    if (this.issues.length >= this.maxErrors) throw new ImportError(this.issues);
  }

  /** Records a CellError against a line; anything else is a bug and is rethrown. */
  fromError(line: number, error: unknown): void {
    if (error instanceof CellError) this.add(line, error.column, error.message);
    else throw error;
  }

  finish(): void {
    if (this.issues.length > 0) throw new ImportError(this.issues);
  }
}
