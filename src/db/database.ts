// The one way to open the database: PGlite (embedded, file-backed) by default, PostgreSQL when a URL is given.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { config } from '../config';
import { PGliteDialect } from './pglite-dialect';
import { LOCK_FILE, lockDataDirectory, type DataLock } from './data-lock';
import { builtInFrameworks } from './built-in-frameworks';
import { migrate } from './migrate';
import { migrations } from './migrations/index';
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
  /** A PGlite data directory's lock, held while this process has it open (null for PostgreSQL and memory). */
  lock: DataLock | null;
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
  /** The `trellis` command opening it, named to a second opener of the same data directory. */
  command?: string;
}

// PostgreSQL returns bigint (count(*), bigserial) as strings; they stay strings and callers convert where needed.
export async function openDatabase(options: OpenOptions = {}): Promise<TrellisDatabase> {
  const url = options.url ?? config().DATABASE_URL ?? defaultDataDir();
  let db: Kysely<Database>;
  let bulk: TrellisDatabase['bulk'];
  let kind: DatabaseKind;
  let location: string;
  let pending: Promise<void> = Promise.resolve();
  let afterMigrations: OpenedPGlite['afterMigrations'] = async () => ({ written: Promise.resolve() });
  let lock: DataLock | null = null;
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
    // Two processes on one PGlite directory destroy it: the second is refused before it touches a file.
    if (dir) lock = lockDataDirectory(dir, options.command);
    // The built-in frameworks are parsed (for the check below) while PGlite loads; a broken file is reported there.
    const parseBuiltIns = () => {
      if (options.migrate === false) return;
      try {
        builtInFrameworks();
      } catch {
        // builtInFrameworks() throws again, with every problem listed, when the built-ins are installed.
      }
    };
    let opened: OpenedPGlite;
    try {
      opened = await openPGlite(dir, parseBuiltIns, options.migrate !== false);
    } catch (error) {
      lock?.release();
      throw error;
    }
    const client = opened.client;
    pending = opened.saving;
    db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
    bulk = pgliteBulk(db, client);
    kind = 'pglite';
    location = dir ?? 'memory';
    afterMigrations = opened.afterMigrations;
  }
  let migration = '';
  if (options.migrate !== false) {
    try {
      migration = await migrate(db);
      const { written } = await afterMigrations();
      const before = pending;
      pending = Promise.all([before, written]).then(() => {});
      // Built-in frameworks are content every organization can use; adding the missing ones is cheap and idempotent.
      await installBuiltIns(db, builtInFrameworks());
    } catch (error) {
      await pending.catch(() => undefined);
      await db.destroy().catch(() => undefined);
      lock?.release();
      throw error;
    }
  }
  return {
    db,
    kind,
    location,
    migration,
    bulk,
    lock,
    close: async () => {
      try {
        await pending;
        await db.destroy();
      } finally {
        lock?.release();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Opening PGlite. Its wasm is read and compiled in the background while the caller does other start-up
// work. A new database starts from a copy rather than running initdb and every migration, which take
// most of a first start. Two copies are kept beside the installed packages, each dumped by PGlite itself:
// the cluster as initdb made it, for the PGlite version that made it; and the cluster with every
// migration applied, for that version and those migrations (a changed or added migration means a new
// copy, made by the next new database). Nothing else goes into a copy: no built-in frameworks, no data.

export interface PGliteFiles {
  dist: string;
  /** The cluster as initdb made it. */
  pristine: string;
  /** The cluster with this installation's migrations applied. */
  migrated: string;
  /** Copies of migrated clusters are named with this prefix; older ones are removed when a new one is kept. */
  migratedPrefix: string;
}

/** A short digest of every migration's name and text: the key of the migrated copy. */
function migrationsKey(): string {
  const hash = createHash('sha256');
  for (const m of migrations) hash.update(`${m.name}\0${m.sql}\0`);
  return hash.digest('hex').slice(0, 16);
}

/** Where the installed PGlite keeps its files (dist/), and where the copies are kept; null when that cannot be told. */
export function pgliteFiles(): PGliteFiles | null {
  try {
    const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));
    let modules = dist;
    while (basename(modules) !== 'node_modules') {
      if (dirname(modules) === modules) return null;
      modules = dirname(modules);
    }
    const { version } = JSON.parse(readFileSync(join(modules, '@electric-sql', 'pglite', 'package.json'), 'utf8')) as { version: string };
    const cache = join(modules, '.cache', 'trellis');
    const migratedPrefix = `pglite-${version}-migrated-`;
    return { dist, pristine: join(cache, `pglite-${version}-cluster.tar`), migrated: join(cache, `${migratedPrefix}${migrationsKey()}.tar`), migratedPrefix };
  } catch {
    return null;
  }
}

/** Writes a dumped cluster to `path` in the background, whole or not at all; `stale` names older copies to remove once it is kept. */
function keepCopy(dump: Blob, path: string, stale: (name: string) => boolean = () => false): Promise<void> {
  return (async () => {
    const partial = `${path}.${process.pid}.${Date.now()}`;
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(partial, withoutOwnFiles(new Uint8Array(await dump.arrayBuffer())));
      await rename(partial, path);
      for (const name of readdirSync(dirname(path))) if (stale(name) && join(dirname(path), name) !== path) rmSync(join(dirname(path), name), { force: true });
    } catch {
      rmSync(partial, { force: true });
    }
  })();
}

interface OpenedPGlite {
  client: PGlite;
  /** Ends when a copy made by this start has been written. */
  saving: Promise<void>;
  /**
   * To call once the migrations have been applied: on a new database that did not start from the
   * migrated copy, dumps the cluster (before anything else is written); `written` ends when the copy is kept.
   */
  afterMigrations: () => Promise<{ written: Promise<void> }>;
}

/**
 * Opens PGlite on a data directory (or in memory). `meanwhile` runs once the slow loading is under way
 * in the background (reading and compiling the wasm), so other start-up work overlaps it. A new
 * database starts from the migrated copy when `migrated` is wanted and one is kept, else from the
 * pristine copy, else from initdb.
 */
async function openPGlite(dir: string | undefined, meanwhile: () => void, migrated: boolean): Promise<OpenedPGlite> {
  const files = pgliteFiles();
  const fresh = dir === undefined || readdirSync(dir).every(notCluster);
  const read = (path: string | null | undefined) => (path ? readFile(path).catch(() => null) : Promise.resolve(null));
  const copies = files && fresh ? [...(migrated ? [files.migrated] : []), files.pristine] : [];
  const [wasm, bundle, ...tars] = await Promise.all([
    read(files && join(files.dist, 'pglite.wasm')),
    read(files && join(files.dist, 'pglite.data')),
    ...copies.map(read),
  ]);
  const compiling = wasm ? WebAssembly.compile(wasm).catch(() => null) : Promise.resolve(null);
  meanwhile();
  const module = await compiling;
  const assets = { ...(module ? { pgliteWasmModule: module } : {}), ...(bundle ? { fsBundle: new Blob([bundle]) } : {}) };
  const none: OpenedPGlite['afterMigrations'] = async () => ({ written: Promise.resolve() });
  // On a new database that does not start from the migrated copy, the migrated cluster is kept for the next one.
  const keepMigrated = (client: PGlite): OpenedPGlite['afterMigrations'] =>
    files && migrated
      ? async () => {
          const dump = await client.dumpDataDir('none').catch(() => null);
          return {
            written: dump ? keepCopy(dump, files.migrated, (name) => name.startsWith(files.migratedPrefix) && name.endsWith('.tar')) : Promise.resolve(),
          };
        }
      : none;

  for (const [i, copy] of copies.entries()) {
    const tar = tars[i];
    if (!tar) continue;
    let client: PGlite | undefined;
    // A copy holds the whole directory it was dumped from, Trellis's own files too (another process's lock):
    // ours are put back as they were once it is unpacked.
    const restoreOwnFiles = dir ? keepOwnFiles(dir) : () => {};
    try {
      // PGlite unpacks the copy itself, into the data directory or into memory.
      client = new PGlite(dir, { ...assets, loadDataDir: new Blob([tar]) });
      await client.waitReady;
      restoreOwnFiles();
      return { client, saving: Promise.resolve(), afterMigrations: copy === files!.migrated ? none : keepMigrated(client) };
    } catch {
      // A damaged copy: drop it and what it wrote, and try the next way.
      await client?.close().catch(() => undefined);
      restoreOwnFiles();
      rmSync(copy, { force: true });
      if (dir) for (const entry of readdirSync(dir)) if (!notCluster(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
    }
  }
  const client = new PGlite(dir, assets);
  await client.waitReady;
  if (!files || !fresh) return { client, saving: Promise.resolve(), afterMigrations: none };
  // Dumped before any migration runs, so the copy is exactly what initdb made.
  const dump = await client.dumpDataDir('none').catch(() => null);
  return { client, saving: dump ? keepCopy(dump, files.pristine) : Promise.resolve(), afterMigrations: keepMigrated(client) };
}

/** Files Trellis keeps in a data directory beside PostgreSQL's own: the lock (and its stale copy) and uploads in progress. */
const notCluster = (name: string) => name.startsWith(LOCK_FILE) || name === 'uploads';

/**
 * A dumped cluster (an uncompressed tar) without Trellis's own files: a copy must not carry the lock of the
 * process it was dumped from, nor its uploads. Anything that does not read as a plain tar is kept whole.
 */
export function withoutOwnFiles(tar: Uint8Array): Uint8Array {
  const text = (at: number, length: number) => {
    const bytes = tar.subarray(at, at + length);
    const end = bytes.indexOf(0);
    return new TextDecoder().decode(end === -1 ? bytes : bytes.subarray(0, end));
  };
  const kept: Uint8Array[] = [];
  let at = 0;
  while (at + 512 <= tar.length && tar[at] !== 0) {
    const size = Number.parseInt(text(at + 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0) return tar;
    const end = at + 512 + Math.ceil(size / 512) * 512;
    if (end > tar.length) return tar;
    const prefix = text(at + 345, 155);
    const top = `${prefix ? `${prefix}/` : ''}${text(at, 100)}`.replace(/^\/+/, '').split('/')[0]!;
    if (!notCluster(top)) kept.push(tar.subarray(at, end));
    at = end;
  }
  if (kept.length === 0) return tar;
  kept.push(new Uint8Array(1024));
  const out = new Uint8Array(kept.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of kept) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Reads Trellis's own files in a data directory; the function returned puts them back exactly, removing any others of theirs. */
function keepOwnFiles(dir: string): () => void {
  const kept = new Map<string, Buffer | null>();
  for (const name of readdirSync(dir)) if (notCluster(name)) kept.set(name, statSync(join(dir, name)).isFile() ? readFileSync(join(dir, name)) : null);
  return () => {
    for (const name of readdirSync(dir)) if (notCluster(name) && !kept.has(name)) rmSync(join(dir, name), { recursive: true, force: true });
    for (const [name, content] of kept) if (content) writeFileSync(join(dir, name), content);
  };
}

// Calendar dates stay 'YYYY-MM-DD' strings on both engines: a JS Date would shift them by the time zone.
const DATE_OID = 1082;
const typeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser;

export function defaultDataDir(): string {
  return config().TRELLIS_DATA_DIR;
}
