// Applies the numbered, forward-only migrations with Kysely's migrator (one transaction, a lock table).
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { migrations } from './migrations/index';
import { AppError } from '../domain/errors';

/**
 * Split a migration into statements: each ends with `;` at the end of a line, outside a dollar-quoted
 * body (`$$ ... $$` or `$tag$ ... $tag$`, as function bodies are written).
 */
export function statements(source: string): string[] {
  const out: string[] = [];
  let current: string[] = [];
  let quote: string | null = null;
  for (const line of source.split('\n')) {
    current.push(line);
    for (const [tag] of line.matchAll(/\$[A-Za-z_]*\$/g)) quote = quote === null ? tag : quote === tag ? null : quote;
    if (quote === null && /;\s*$/.test(line)) {
      out.push(current.join('\n').replace(/;\s*$/, '').trim());
      current = [];
    }
  }
  out.push(current.join('\n').trim());
  return out.filter((s) => s.length > 0);
}

/**
 * Whether the database already has exactly the provided migrations applied. Two cheap queries, so the usual
 * start (nothing to apply) skips the migrator, whose table checks and lock cost far more.
 */
async function upToDate(db: Kysely<any>): Promise<boolean> {
  const {
    rows: [table],
  } = await sql<{ present: boolean }>`select to_regclass('kysely_migration') is not null as present`.execute(db);
  if (!table?.present) return false;
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const applied = new Set(rows.map((r) => r.name));
  return applied.size === migrations.length && migrations.every((m) => applied.has(m.name));
}

export async function migrate(db: Kysely<any>): Promise<string> {
  if (await upToDate(db)) return latestMigration();
  const provided: Record<string, Migration> = {};
  for (const m of migrations) {
    provided[m.name] = {
      async up(trx) {
        for (const statement of statements(m.sql)) await sql.raw(statement).execute(trx);
      },
    };
  }
  const migrator = new Migrator({ db, provider: { getMigrations: async () => provided } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new AppError('migration_failed', `Migration ${failed?.migrationName ?? '(unknown)'} failed: ${(error as Error).message}`);
  }
  return latestMigration();
}

export function latestMigration(): string {
  return migrations[migrations.length - 1]!.name;
}
