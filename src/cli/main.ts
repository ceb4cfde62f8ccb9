// The `trellis` command: serve, demo, migrate, and user administration.
import { Command, InvalidArgumentError } from 'commander';
import { config } from '../config';
import { isEmpty } from '../db/demo';
import { AppError } from '../domain/errors';
import { markInterruptedImports } from '../importers/import-runs';
import { buildApp } from '../server/app';
import { openProgramDatabase, recordCommand } from './context';
import { loadDemoIfEmpty, printDemoSignIns } from './demo';
import { frameworkCommands } from './frameworks';
import { resultCommands } from './results';
import { userCommands } from './users';

const program = new Command();
program
  .name('trellis')
  .description('Trellis: the improvement loop for school transformation networks.')
  .option(
    '--database <url>',
    'postgres://… for PostgreSQL, or a data directory for the embedded database (default: $DATABASE_URL, else $TRELLIS_DATA_DIR or ./data)',
  )
  .showHelpAfterError();
recordCommand(program);

const port = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return n;
};

/** Where `trellis serve` listens, from its options, then $PORT and $HOST; port 0 asks the system for a free one. */
const listenOn = (opts: { port?: number; host?: string }) => ({
  port: opts.port ?? config().PORT,
  host: opts.host ?? config().HOST,
});
/** The address to open in a browser: a server listening on every interface is reached at localhost. */
const urlOf = (host: string, listening: number) =>
  `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host}:${listening}`;

program
  .command('serve')
  .description('Run the web app and API. On an empty database the demo network is loaded unless TRELLIS_DEMO=0.')
  .option('-p, --port <port>', 'port to listen on (default: $PORT or 3000)', port)
  .option('--host <host>', 'address to listen on (default: $HOST or 127.0.0.1)')
  .action(async (opts: { port?: number; host?: string }) => {
    const started = Date.now();
    const database = await openProgramDatabase(program);
    await markInterruptedImports(database);
    const { port: listenPort, host } = listenOn(opts);
    const demo = config().TRELLIS_DEMO ? await loadDemoIfEmpty(database) : null;
    const app = await buildApp({ database, logger: config().TRELLIS_LOG });
    await app.listen({ port: listenPort, host });
    // The port actually taken: with port 0 the system chose it.
    const address = app.server.address();
    const url = urlOf(host, typeof address === 'object' && address ? address.port : listenPort);
    database.lock?.announce(url);
    console.log(`Trellis is running at ${url} (${database.kind} database at ${database.location}, ready in ${Date.now() - started} ms)`);
    if (demo) printDemoSignIns(demo, url);
    else if (await isEmpty(database.db)) console.log(`This database is empty: open ${url} to create the first organization admin.`);
    const stop = async () => {
      await app.close();
      await database.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

program
  .command('demo')
  .description('Load the demo network (synthetic data) into an empty database.')
  .action(async () => {
    const database = await openProgramDatabase(program);
    try {
      const demo = await loadDemoIfEmpty(database);
      if (!demo) throw new AppError('conflict', 'The database is not empty; the demo network is only loaded into an empty one.');
      // The sign-ins hold once `trellis serve` runs on this database, at the address it will take (unknown for port 0).
      const { port: servePort, host } = listenOn({});
      printDemoSignIns(demo, servePort === 0 ? null : urlOf(host, servePort), console.log, false);
    } finally {
      await database.close();
    }
  });

program
  .command('migrate')
  .description('Apply pending database migrations and print the current one.')
  .action(async () => {
    const database = await openProgramDatabase(program);
    console.log(`${database.kind} database at ${database.location} is at migration ${database.migration}`);
    await database.close();
  });

userCommands(program);
frameworkCommands(program);
resultCommands(program);

try {
  // A bad setting stops every command before it does anything.
  config();
  await program.parseAsync();
} catch (error) {
  if (error instanceof AppError) {
    console.error(`error: ${error.message}`);
    for (const d of error.details) console.error(`  ${d.where}: ${d.message}`);
    process.exit(error.status === 404 ? 3 : 1);
  }
  throw error;
}
