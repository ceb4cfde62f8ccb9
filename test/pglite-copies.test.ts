// A new PGlite database starts from a kept copy of the migrated cluster: the first new database keeps
// one, and the next starts from it (its migrations were recorded before it was opened) with the
// built-in frameworks installed as on any start.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, pgliteFiles } from '../src/db/database';
import { latestMigration } from '../src/db/migrate';
import { migrations } from '../src/db/migrations/index';

describe('PGlite copies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-copies-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the migrated cluster, named by the migrations, and starts new databases from it', async () => {
    const files = pgliteFiles();
    expect(files).not.toBeNull();
    expect(files!.migrated).toMatch(/pglite-[\d.]+-migrated-[0-9a-f]{16}\.tar$/);
    // A first new database keeps the copy (if no other test has yet); closing waits for it to be written.
    const first = await openDatabase({ url: join(dir, 'first') });
    await first.close();
    expect(existsSync(files!.migrated)).toBe(true);

    const opened = new Date();
    const second = await openDatabase({ url: join(dir, 'second') });
    try {
      expect(second.migration).toBe(latestMigration());
      const applied = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration order by name`.execute(second.db);
      expect(applied.rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
      // Recorded when the copy was made, not by this open.
      for (const r of applied.rows) expect(new Date(r.timestamp).getTime()).toBeLessThan(opened.getTime());
      // The copy holds the schema only: the built-in frameworks are installed by the open, and nothing else is there.
      const frameworks = await second.db.selectFrom('framework').select('id').execute();
      expect(frameworks.length).toBeGreaterThan(0);
      expect(await second.db.selectFrom('organization').select('id').execute()).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
