// Applies the numbered, forward-only migrations with Kysely's migrator (one transaction, a lock table).
import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import { migrations } from './migrations/index';
import { AppError } from '../domain/errors';

/** Split a migration into statements: each ends with `;` at the end of a line. */
export function statements(source: string): string[] {
  return source
    .split(/;\s*$/m)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export async function migrate(db: Kysely<any>): Promise<string> {
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
    throw new AppError(
      'migration_failed',
      `Migration ${failed?.migrationName ?? '(unknown)'} failed: ${(error as Error).message}`,
    );
  }
  return latestMigration();
}

export function latestMigration(): string {
  return migrations[migrations.length - 1]!.name;
}
