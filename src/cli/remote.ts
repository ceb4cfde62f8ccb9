// The command line acting through a running Trellis server (`--server URL` with a token) instead of opening its database.
import { openAsBlob, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { config } from '../config';
import { AppError, type ErrorCode, type ErrorDetail } from '../domain/errors';
import type { ImportFormat } from '../db/schema';
import type { ImportOptions } from '../importers/load';
import type { importRunAnswer, importStartedAnswer } from '../server/imports/schemas';
import type { Answer } from '../server/wire';

/** Adds `--server` and `--token` to a command, so it can act through a running Trellis. */
export function serverOptions(command: Command): Command {
  return command
    .option('--server <url>', 'act through the Trellis running at this address instead of opening the database (needs a token)')
    .option('--token <token>', 'with --server: a command-line token (default $TRELLIS_TOKEN), made under Your account');
}

export interface Remote {
  url: string;
  token: string;
}

/** The server and token a command was given (`--server`, `--token` or $TRELLIS_TOKEN); null to work on the database directly. */
export function remoteOf(o: { server?: string; token?: string }): Remote | null {
  if (!o.server) return null;
  let url: URL;
  try {
    url = new URL(o.server);
  } catch {
    throw new AppError('invalid_input', `--server must be the address Trellis runs at, like http://localhost:3000 (got "${o.server}").`, [
      { where: '--server', message: 'not an address' },
    ]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new AppError('invalid_input', `--server must start with http:// or https:// (got "${o.server}").`, [{ where: '--server', message: 'not http' }]);
  const base = url.toString().replace(/\/$/, '');
  const token = o.token ?? config().TRELLIS_TOKEN;
  if (!token)
    throw new AppError(
      'invalid_input',
      `Give a token with --token or $TRELLIS_TOKEN: make one in Trellis under Your account → Command-line tokens (${base}/account/password).`,
      [{ where: '--token', message: 'missing' }],
    );
  return { url: base, token };
}

/** One API call; the server's refusal becomes the same error (code, sentence, details) the command prints for local work. */
export async function callServer<T>(remote: Remote, method: 'GET' | 'POST' | 'DELETE', path: string, body?: FormData | object): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${remote.token}`, accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(`${remote.url}${path}`, { method, headers, body: payload });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new AppError(
      'conflict',
      `Trellis does not answer at ${remote.url}${cause ? ` (${cause})` : ''}: is it running there? Start it with \`trellis serve\`, or leave out --server to work on the database directly.`,
      [{ where: '--server', message: 'no answer' }],
    );
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not Trellis answering (a proxy's page, another program on that port).
  }
  if (!response.ok) {
    const e = json as { code?: ErrorCode; message?: string; details?: ErrorDetail[] } | null;
    if (e?.message) throw new AppError(e.code && e.code in STATUS_CODES ? e.code : 'internal', e.message, e.details ?? []);
    throw new AppError('internal', `${remote.url} answered ${response.status} ${response.statusText} to ${method} ${path}: is Trellis running there?`);
  }
  if (json === null && text) throw new AppError('internal', `${remote.url} did not answer as Trellis does (not JSON): is Trellis running there?`);
  return json as T;
}

const STATUS_CODES: Record<ErrorCode, true> = {
  invalid_input: true,
  not_found: true,
  conflict: true,
  stale_version: true,
  unauthenticated: true,
  forbidden: true,
  rate_limited: true,
  migration_failed: true,
  import_failed: true,
  internal: true,
};

/** What the server says of an import (`GET /api/imports/:id`), with its times as the wire carries them. */
export type RemoteImport = Answer<typeof importRunAnswer>;

/** The files to send: a OneRoster folder is sent as its CSV files, under their own names. */
function filesOf(format: ImportFormat, paths: string[]): string[] {
  const out: string[] = [];
  for (const path of paths) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      throw new AppError('invalid_input', `${path} does not exist.`, [{ where: path, message: 'not found' }]);
    }
    if (!isDir) out.push(path);
    else if (format === 'oneroster')
      out.push(
        ...readdirSync(path)
          .filter((n) => n.toLowerCase().endsWith('.csv'))
          .map((n) => join(path, n)),
      );
    else
      throw new AppError('invalid_input', `${path} is a folder; give the files in it (only a OneRoster bundle is a folder).`, [
        { where: path, message: 'a folder' },
      ]);
  }
  return out;
}

/** Uploads the files as the Imports page does, then follows the import until it ends; `onProgress` hears each poll. */
export async function importThroughServer(
  remote: Remote,
  format: ImportFormat,
  paths: string[],
  options: ImportOptions,
  onProgress: (run: RemoteImport) => void = () => {},
): Promise<RemoteImport> {
  const form = new FormData();
  form.append('format', format);
  if (options.year) form.append('year', options.year);
  if (options.map !== undefined) form.append('map', JSON.stringify(options.map));
  if (options.createSchools) form.append('createSchools', 'true');
  if (options.state) form.append('state', options.state);
  if (options.district) form.append('district', options.district);
  for (const path of filesOf(format, paths)) form.append('file', await openAsBlob(path), basename(path));
  for (const lookup of ['entities', 'subgroups', 'tests'] as const) {
    const path = options[lookup];
    if (path) form.append(lookup, await openAsBlob(path), basename(path));
  }
  const { id } = await callServer<Answer<typeof importStartedAnswer>>(remote, 'POST', '/api/imports', form);
  for (;;) {
    const run = await callServer<RemoteImport>(remote, 'GET', `/api/imports/${id}`);
    onProgress(run);
    if (run.status !== 'running') return run;
    await new Promise((r) => setTimeout(r, 300));
  }
}
