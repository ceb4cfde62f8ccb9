// What every CLI command needs: the database named by --database, and the organization it acts on.
import type { Command } from 'commander';
import { AppError } from '../domain/errors';
import { openDatabase, type TrellisDatabase } from '../db/database';

/** The command being run ("import", "user add"), recorded before its action so a second opener of the data directory is told. */
let running: string | undefined;
export function recordCommand(program: Command) {
  program.hook('preAction', (_program, action) => {
    const names: string[] = [];
    for (let c: Command | null = action; c && c !== program; c = c.parent) names.unshift(c.name());
    running = names.join(' ');
  });
}

/** Opens the database named by --database for the command being run. */
export const openProgramDatabase = (program: Command) => openDatabase({ url: program.opts().database, command: running });

/** Opens the database for one command and always closes it. */
export async function withDatabase<T>(program: Command, work: (d: TrellisDatabase) => Promise<T>): Promise<T> {
  const database = await openProgramDatabase(program);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** The organization named by --org, or the only one; `whenNone` tells the user how to make the first. */
export async function organizationOf(database: TrellisDatabase, slug: string | undefined, whenNone: string) {
  const orgs = await database.db.selectFrom('organization').select(['id', 'name', 'slug']).execute();
  const org = slug ? orgs.find((o) => o.slug === slug) : orgs.length === 1 ? orgs[0] : undefined;
  if (!org)
    throw new AppError(
      'not_found',
      orgs.length === 0 ? `There is no organization yet: ${whenNone}` : `Name the organization with --org (one of: ${orgs.map((o) => o.slug).join(', ')}).`,
    );
  return org;
}
