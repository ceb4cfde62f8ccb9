// Runs database tests against both engines: a fresh PGlite and a fresh PostgreSQL database each time.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { openDatabase, type TrellisDatabase } from '../../src/db/database';

export type EngineKind = 'pglite' | 'postgres';

export const POSTGRES_ADMIN_URL = process.env.TRELLIS_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

let postgresState: Promise<boolean> | undefined;

/** Whether PostgreSQL answers. In CI a missing server fails the run instead of skipping. */
export function postgresAvailable(): Promise<boolean> {
  postgresState ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch (error) {
      if (process.env.CI) throw new Error(`PostgreSQL is required in CI but is not reachable at ${POSTGRES_ADMIN_URL}: ${(error as Error).message}`);
      console.warn(`PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}; its database tests are skipped on this machine.`);
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return postgresState;
}

async function admin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new, migrated, empty PGlite database in a directory of its own, as `npm start` keeps one; `close()`
 * removes the directory. (A new PGlite gets ready about three times faster in a directory than in memory.)
 */
export async function temporaryPGlite(): Promise<TrellisDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-test-'));
  const database = await openDatabase({ url: dir });
  return {
    ...database,
    close: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A new, migrated, empty database of the given kind; `close()` also drops a PostgreSQL one or removes a PGlite one. */
export async function freshDatabase(kind: EngineKind): Promise<TrellisDatabase> {
  if (kind === 'pglite') return temporaryPGlite();
  const name = `trellis_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    ...database,
    close: async () => {
      await database.close();
      // Without force: connections that are still closing finish cleanly instead of being killed mid-goodbye.
      await admin(async (c) => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await c.query(`drop database if exists ${name}`);
          } catch (error) {
            if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      });
    },
  };
}

const available = await postgresAvailable();

/** `describe` once per engine; the PostgreSQL block is skipped (with a message) only outside CI when no server runs. */
export function describeEachDatabase(name: string, body: (kind: EngineKind) => void) {
  describe.each<EngineKind>(['pglite', 'postgres'])(`${name} [%s]`, (kind) => {
    if (kind === 'postgres' && !available) {
      describe.skip('PostgreSQL not reachable', () => body(kind));
      return;
    }
    body(kind);
  });
}
