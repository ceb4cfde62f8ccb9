// The one way to open the database: PGlite (embedded, file-backed) by default, PostgreSQL when a URL is given.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
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
  close(): Promise<void>;
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
  let kind: DatabaseKind;
  let location: string;
  if (/^postgres(ql)?:\/\//.test(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10, types: { getTypeParser: typeParser } });
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    kind = 'postgres';
    const parsed = new URL(url);
    location = `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } else {
    const memory = url === 'memory://';
    const dir = memory ? undefined : resolve(url.replace(/^file:\/\//, ''));
    if (dir) mkdirSync(dir, { recursive: true });
    const client = new PGlite(dir);
    db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
    kind = 'pglite';
    location = dir ?? 'memory';
  }
  let migration = '';
  if (options.migrate !== false) {
    migration = await migrate(db);
    // Built-in frameworks are content every organization can use; adding the missing ones is cheap and idempotent.
    await installBuiltIns(db, builtInFrameworks());
  }
  return { db, kind, location, migration, close: () => db.destroy() };
}

// Calendar dates stay 'YYYY-MM-DD' strings on both engines: a JS Date would shift them by the time zone.
const DATE_OID = 1082;
const typeParser = ((oid: number, format?: 'text' | 'binary') =>
  oid === DATE_OID ? (v: string) => v : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser;

export function defaultDataDir(): string {
  return process.env.TRELLIS_DATA_DIR ?? './data';
}
