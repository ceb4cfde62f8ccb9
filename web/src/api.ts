// The one way the web app calls the server: JSON in and out, the CSRF header on writes, errors as ApiError.
import type { z } from 'zod';
import type { errorAnswer } from '../../src/domain/errors';

/** One problem of a refused request, as the server's error answer declares it. */
export type ErrorDetail = z.output<typeof errorAnswer>['details'][number];

/** A failed API call: the server's machine code, its sentence for the user, and field-level details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** The whole answer, for errors that carry more (a stale rating answers with the rating as it now is). */
    readonly body: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message for one form field, matching `body.enrollment` and `enrollment` alike. */
  fieldMessage(field: string): string | undefined {
    const hit = this.details.find((d) => d.where === field || d.where === `body.${field}`);
    return hit?.message;
  }
}

let csrfToken: string | undefined;
let onSignedOut: (() => void) | undefined;

/** The server hands out a new CSRF token with each session; writes must echo it. */
export function setCsrfToken(token: string | undefined) {
  csrfToken = token;
}

/** Called when the server says the session is gone (expired or signed out elsewhere). */
export function onSessionLost(handler: () => void) {
  onSignedOut = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return send<T>(method, path, headers, body === undefined ? undefined : JSON.stringify(body));
}

/** Sends files and fields as multipart/form-data (the browser sets the boundary). */
export async function upload<T>(path: string, form: FormData): Promise<T> {
  return send<T>('POST', path, { accept: 'application/json' }, form);
}

async function send<T>(method: Method, path: string, headers: Record<string, string>, body: BodyInit | undefined): Promise<T> {
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', 'Trellis could not reach the server. Check your connection and try again.');
  }
  const text = await response.text();
  let data: unknown;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const e = (data ?? {}) as Partial<{ code: string; message: string; details: ErrorDetail[] }>;
    const error = new ApiError(response.status, e.code ?? 'internal', e.message ?? `The server answered ${response.status}.`, e.details ?? [], data);
    if (error.code === 'unauthenticated' && !path.startsWith('/api/session')) onSignedOut?.();
    throw error;
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);

/** A query string from the values that are set. */
export function query(params: Record<string, string | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}
