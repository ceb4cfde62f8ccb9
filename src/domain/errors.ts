// The one error type: a machine code, a sentence a user can act on, and where the problem is.
import { z } from 'zod';
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'stale_version'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate_limited'
  | 'migration_failed'
  | 'import_failed'
  | 'internal';

const statusOf: Record<ErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  stale_version: 409,
  unauthenticated: 401,
  forbidden: 403,
  rate_limited: 429,
  migration_failed: 500,
  import_failed: 400,
  internal: 500,
};

export interface ErrorDetail {
  /** Where: a field path (`grade_low`), or file:line:column for imports. */
  where: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  /** What the object holds now, for a stale write: the answer carries it so the screen can show what changed (null when nothing is there). */
  readonly current?: unknown;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    options: { current?: unknown } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.status = statusOf[code];
    if ('current' in options) this.current = options.current ?? null;
  }

  toJSON() {
    return { code: this.code, message: this.message, details: this.details, ...(this.current === undefined ? {} : { current: this.current }) };
  }
}

/** An error as the API sends it, for routes that declare their 4xx answers (a stale or clashing write's 409). */
export const errorAnswer = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.object({ where: z.string(), message: z.string() })),
  current: z.unknown().optional(),
});

export const notFound = (what: string) => new AppError('not_found', `${what} was not found.`);
