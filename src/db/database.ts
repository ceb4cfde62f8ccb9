// The one way to open the database: PGlite (embedded, file-backed) by default, PostgreSQL when a URL is given.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGliteDialect } from './pglite-dialect';
import { builtInFrameworks } from '../domain/frameworks/index';
import { migrate } from './migrate';
import { installBuiltIns } from './repositories/frameworks';
import type { Database } from './schema';

export type DatabaseKind = 'pglite' | 'postgres';

export interface TrellisDatabase {
  db: Kysely<Database>;
  kind: DatabaseKind;
  /** Where the data lives, without credentials: a directory, `memory`, or host/database. */
  location: string;
  /** Name of the newest migration applied. */
  migration: string;
  /**
   * Runs bulk work on one connection inside one transaction: raw SQL and COPY, for imports of
   * millions of rows. The transaction is rolled back when `work` throws, so nothing partial is kept.
   */
  bulk<T>(work: (session: BulkSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface BulkSession {
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Streams CSV lines (each ending in a newline) into `COPY table (columns) FROM STDIN (FORMAT csv)`. */
  copyCsv(table: string, columns: readonly string[], lines: AsyncIterable<string>): Promise<void>;
}

// COPY input is sent in chunks of about this many characters: large enough to be cheap per row, small enough to keep memory flat.
const COPY_CHUNK_CHARS = 4 * 1024 * 1024;

async function* chunked(lines: AsyncIterable<string>): AsyncGenerator<string> {
  let parts: string[] = [];
  let size = 0;
  for await (const line of lines) {
    parts.push(line);
    size += line.length;
    if (size >= COPY_CHUNK_CHARS) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length) yield parts.join('');
}

const copySql = (table: string, columns: readonly string[], from: string) => `copy ${table} (${columns.join(', ')}) from ${from} with (format csv)`;

function postgresBulk(pool: pg.Pool) {
  return async <T>(work: (session: BulkSession) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    const session: BulkSession = {
      query: async <R>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as R[],
      copyCsv: async (table, columns, lines) => {
        const stream = client.query(copyFrom(copySql(table, columns, 'stdin')));
        await pipeline(Readable.from(chunked(lines)), stream);
      },
    };
    try {
      await client.query('begin');
      const result = await work(session);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
}

function pgliteBulk(db: Kysely<Database>, client: PGlite) {
  const options = { parsers: { 1082: (value: string) => value } };
  return <T>(work: (session: BulkSession) => Promise<T>): Promise<T> =>
    // Holding a Kysely connection takes the one PGlite session, so no other query interleaves with the transaction.
    db.connection().execute(async () => {
      const session: BulkSession = {
        query: async <R>(sql: string, params?: unknown[]) => (await client.query<R>(sql, params, options)).rows,
        copyCsv: async (table, columns, lines) => {
          // PGlite reads COPY input from a blob; one chunk at a time keeps memory flat.
          for await (const chunk of chunked(lines)) await client.query(copySql(table, columns, "'/dev/blob'"), [], { blob: new Blob([chunk]) });
        },
      };
      await client.query('begin');
      try {
        const result = await work(session);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      }
    });
}

export interface OpenOptions {
  /** postgres://… for PostgreSQL; `memory://` for an in-memory PGlite; otherwise a PGlite data directory. */
  url?: string;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
}

// PostgreSQL returns bigint (count(*), bigserial) as strings; they stay strings and callers convert where needed.
export async function openDatabase(options: OpenOptions = {}): Promise<TrellisDatabase> {
  const url = options.url ?? process.env.DATABASE_URL ?? defaultDataDir();
  let db: Kysely<Database>;
  let bulk: TrellisDatabase['bulk'];
  let kind: DatabaseKind;
  let location: string;
  let pending: Promise<void> = Promise.resolve();
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10, types: { getTypeParser: typeParser } });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    bulk = postgresBulk(pool);
    kind = 'postgres';
    const parsed = new URL(url);
    location = `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } else {
    const memory = url === 'memory://';
    const dir = memory ? undefined : resolve(url.replace(/^file:\/\//, ''));
    if (dir) mkdirSync(dir, { recursive: true });
    // The built-in frameworks are parsed (for the check below) while PGlite loads; a broken file is reported there.
    const parseBuiltIns = () => {
      if (options.migrate === false) return;
      try {
        builtInFrameworks();
      } catch {
        // builtInFrameworks() throws again, with every problem listed, when the built-ins are installed.
      }
    };
    const opened = await openPGlite(dir, parseBuiltIns);
    const client = opened.client;
    pending = opened.saving;
    db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
    bulk = pgliteBulk(db, client);
    kind = 'pglite';
    location = dir ?? 'memory';
  }
  let migration = '';
  if (options.migrate !== false) {
    migration = await migrate(db);
    // Built-in frameworks are content every organization can use; adding the missing ones is cheap and idempotent.
    await installBuiltIns(db, builtInFrameworks());
  }
  return {
    db, kind, location, migration, bulk,
    close: async () => {
      await pending;
      await db.destroy();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Opening PGlite. Its wasm is read and compiled in the background while the caller does other start-up
// work. A new database starts from a copy of a pristine cluster rather than running initdb, which takes
// most of a first start: the copy is what initdb made the first time on this installation, dumped by
// PGlite itself, and kept beside the installed packages for the PGlite version that made it.

/** Where the installed PGlite keeps its files (dist/), and where its pristine cluster is kept; null when that cannot be told. */
function pgliteFiles(): { dist: string; template: string } | null {
  try {
    const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    let modules = dist;
    while (basename(modules) !== 'node_modules') {
      if (dirname(modules) === modules) return null;
      modules = dirname(modules);
    }
    const { version } = JSON.parse(readFileSync(join(modules, '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string };
    return { dist, template: join(modules, '.cache', 'trellis', `pglite-${version}-cluster.tar`) };
  } catch {
    return null;
  }
}

/**
 * Opens PGlite on a data directory (or in memory). `meanwhile` runs once the slow loading is under way
 * in the background (reading and compiling the wasm), so other start-up
 * work overlaps it. `saving` ends when a pristine cluster made by this start has been written.
 */
async function openPGlite(dir: string | undefined, meanwhile: () => void): Promise<{ client: PGlite; saving: Promise<void> }> {
  const files = pgliteFiles();
  const template = files && (dir === undefined || readdirSync(dir).length === 0) ? files.template : null;
  const read = (path: string | null | undefined) => (path ? readFile(path).catch(() => null) : Promise.resolve(null));
  const [wasm, bundle, tar] = await Promise.all([read(files && join(files.dist, 'pglite.wasm')), read(files && join(files.dist, 'pglite.data')), read(template)]);
  const compiling = wasm ? WebAssembly.compile(wasm).catch(() => null) : Promise.resolve(null);
  meanwhile();
  const module = await compiling;
  const assets = { ...(module ? { pgliteWasmModule: module } : {}), ...(bundle ? { fsBundle: new Blob([bundle]) } : {}) };

  if (template && tar) {
    let client: PGlite | undefined;
    try {
      // PGlite unpacks the copy itself, into the data directory or into memory.
      client = new PGlite(dir, { ...assets, loadDataDir: new Blob([tar]) });
      await client.waitReady;
      return { client, saving: Promise.resolve() };
    } catch {
      // A damaged copy: drop it and what it wrote, and make a new database with initdb instead.
      await client?.close().catch(() => undefined);
      rmSync(template, { force: true });
      if (dir) for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
    }
  }
  const client = new PGlite(dir, assets);
  await client.waitReady;
  if (!template) return { client, saving: Promise.resolve() };
  // Dumped before any migration runs, so the copy is exactly what initdb made.
  const dump = await client.dumpDataDir('none').catch(() => null);
  if (!dump) return { client, saving: Promise.resolve() };
  const saving = (async () => {
    const partial = `${template}.${process.pid}.${Date.now()}`;
    try {
      await mkdir(dirname(template), { recursive: true });
      await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
      await rename(partial, template);
    } catch {
      rmSync(partial, { force: true });
    }
  })();
  return { client, saving };
}

// Calendar dates stay 'YYYY-MM-DD' strings on both engines: a JS Date would shift them by the time zone.
const DATE_OID = 1082;
const typeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser;

export function defaultDataDir(): string {
  return process.env.TRELLIS_DATA_DIR ?? './data';
}
