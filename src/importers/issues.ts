// Import problems as values: where (file, line, column) and why, gathered into one AppError.
import { AppError } from '../domain/errors';

export interface ImportIssue {
  file: string;
  line: number;
  /** The column's name as the file spells it (or its letter when the file has no header). */
  column?: string;
  message: string;
}

export function issueWhere(issue: ImportIssue): string {
  return issue.column === undefined ? `${issue.file}:${issue.line}` : `${issue.file}:${issue.line}:${issue.column}`;
}

/** The one import error: an AppError with code `import_failed` that also keeps the structured issues. */
export class ImportError extends AppError {
  readonly issues: ImportIssue[];
  constructor(issues: ImportIssue[]) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
    const message = first
      ? `The import stopped at ${issueWhere(first)}: ${first.message}${more}. Nothing from this file was kept.`
      : 'The import failed. Nothing from this file was kept.';
    super('import_failed', message, issues.map((i) => ({ where: issueWhere(i), message: i.message })));
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
