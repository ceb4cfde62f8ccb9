// What a crash leaves, on both engines: an import whose process is gone is marked interrupted (with the
// time) when Trellis starts, and the files of a dead web upload are removed from the uploads folder.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { resetConfig } from '../src/config';
import type { TrellisDatabase } from '../src/db/database';
import { openDatabase } from '../src/db/database';
import { writeSyntheticCaaspp } from '../src/importers/caaspp-synthetic';
import { holdRun, markInterruptedImports, uploadFolderName, uploadsDirOf } from '../src/importers/import-runs';
import { runImport } from '../src/importers/load';
import { buildApp } from '../src/server/app';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { buildFixture, signIn } from './support/fixture';
import { ROOT, runTrellis, TRELLIS } from './support/processes';

vi.setConfig({ testTimeout: 240_000 });

/** The pid of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

describeEachDatabase('imports whose process is gone', (kind) => {
  let database: TrellisDatabase;
  let org: string;
  let dir: string;
  beforeAll(async () => {
    database = await freshDatabase(kind);
    org = (await database.db.insertInto('organization').values({ name: 'Eastfield Partners', slug: 'eastfield' }).returning('id').executeTakeFirstOrThrow()).id;
    dir = mkdtempSync(join(tmpdir(), 'trellis-runs-'));
  });
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (over: { pid: number | null; host: string | null; started_at?: Date }) =>
    database.db
      .insertInto('import_run')
      .values({
        organization_id: org,
        format: 'edsight',
        files: JSON.stringify([{ name: 'a.csv', bytes: 10 }]),
        status: 'running',
        started_by: null,
        started_via: 'web',
        ...over,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
      .then((r) => r.id);

  it('records the pid and host of the process that runs an import', async () => {
    const file = join(dir, 'sb_ca2017_1_csv_v2.txt');
    await writeSyntheticCaaspp(file, { rows: 50, seed: 3, testYear: 2017 });
    const summary = await runImport(database, { organizationId: org, format: 'caaspp', files: [{ path: file }], actor: { personId: null, via: 'cli' } });
    const stored = await database.db.selectFrom('import_run').select(['pid', 'host', 'status']).where('id', '=', summary.runId).executeTakeFirstOrThrow();
    expect(stored).toEqual({ pid: process.pid, host: hostname(), status: 'succeeded' });
  });

  it('marks runs of dead processes on this host, and runs too old to be alive anywhere, as interrupted with the time; live ones stay running', async () => {
    const dead = await run({ pid: deadPid(), host: hostname() });
    // A run recorded under this process's pid that this process is not running: the pid was reused (pid 1 in a container).
    const reused = await run({ pid: process.pid, host: hostname() });
    const mine = await run({ pid: process.pid, host: hostname() });
    const release = holdRun(mine);
    const alive = await run({ pid: process.ppid, host: hostname() });
    const elsewhereOld = await run({ pid: 1234, host: 'another-host', started_at: new Date(Date.now() - 3 * 24 * 3600 * 1000) });
    const elsewhereNow = await run({ pid: 1234, host: 'another-host' });
    const uploads = join(dir, 'uploads');
    const deadFolder = join(uploads, uploadFolderName(deadPid()));
    const liveFolder = join(uploads, uploadFolderName(process.ppid));
    for (const f of [deadFolder, liveFolder]) {
      mkdirSync(join(f, '0'), { recursive: true });
      writeFileSync(join(f, '0', 'results.csv'), 'a,b\n');
    }
    const before = Date.now();
    const marked = await markInterruptedImports(database, uploads);
    release();
    const ids = [dead, reused, mine, alive, elsewhereOld, elsewhereNow];
    const rows = await database.db.selectFrom('import_run').select(['id', 'status', 'finished_at', 'error']).where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    // The embedded database is opened by one process at a time: there, every run not of this process is gone.
    const expected =
      kind === 'pglite'
        ? ['interrupted', 'interrupted', 'running', 'interrupted', 'interrupted', 'interrupted']
        : ['interrupted', 'interrupted', 'running', 'running', 'interrupted', 'running'];
    expect(ids.map((id) => byId.get(id)!.status)).toEqual(expected);
    expect(marked).toBe(expected.filter((s) => s === 'interrupted').length);
    const interrupted = byId.get(dead)!;
    expect(interrupted.finished_at!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(interrupted.error?.message).toMatch(/^The import was interrupted: the process running it stopped before it finished\. Nothing from it was kept/);
    expect([existsSync(deadFolder), existsSync(liveFolder)]).toEqual([false, true]);
    rmSync(liveFolder, { recursive: true, force: true });
  });

  it('keeps web uploads in the uploads folder of the data directory, which the database opener leaves alone', async () => {
    const pglite = { kind: 'pglite' as const, location: '/srv/trellis/data' };
    expect(uploadsDirOf(pglite)).toBe('/srv/trellis/data/uploads');
    const previous = process.env.TRELLIS_DATA_DIR;
    process.env.TRELLIS_DATA_DIR = '/srv/trellis/pgdata';
    resetConfig();
    try {
      expect(uploadsDirOf({ kind: 'postgres', location: '127.0.0.1:5432/trellis' })).toBe('/srv/trellis/pgdata/uploads');
      delete process.env.TRELLIS_DATA_DIR;
      resetConfig();
      expect(uploadsDirOf({ kind: 'postgres', location: '127.0.0.1:5432/trellis' })).toBe(resolve('data/uploads'));
    } finally {
      if (previous === undefined) delete process.env.TRELLIS_DATA_DIR;
      else process.env.TRELLIS_DATA_DIR = previous;
      resetConfig();
    }
  });

  it('keeps a web upload in the uploads folder while its job runs and removes it when the job ends; lists an interrupted run with its time', async () => {
    const previous = process.env.TRELLIS_DATA_DIR;
    // On PostgreSQL uploads go under TRELLIS_DATA_DIR, here a folder of the test's own.
    process.env.TRELLIS_DATA_DIR = join(dir, 'pg-data');
    resetConfig();
    const f = await buildFixture(database.db);
    const app = await buildApp({ database, webDir: null, signInLimit: 1000 });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const admin = await signIn(app, f.people.org_admin!.email);
      const file = join(dir, 'sb_ca2018_1_csv_v3.txt');
      await writeSyntheticCaaspp(file, { rows: 120_000, seed: 5, testYear: 2018 });
      const form = new FormData();
      form.append('format', 'caaspp');
      form.append('file', new Blob([readFileSync(file)]), 'sb_ca2018_1_csv_v3.txt');
      const res = await fetch(`${url}/api/imports`, { method: 'POST', body: form, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
      expect(res.status).toBe(202);
      const { id } = (await res.json()) as { id: string };
      const uploads = uploadsDirOf(database);
      expect(uploads).toBe(kind === 'pglite' ? join(database.location, 'uploads') : join(dir, 'pg-data', 'uploads'));
      // While the job runs its file waits in a folder named for this process and host.
      const during = readdirSync(uploads);
      expect(during).toEqual([expect.stringMatching(new RegExp(`^${process.pid}-[0-9a-f]{8}-${hostname().replace(/[.]/g, '\\.')}$`))]);
      expect(readdirSync(join(uploads, during[0]!, '0'))).toEqual(['sb_ca2018_1_csv_v3.txt']);
      let run = (await admin.request('GET', `/api/imports/${id}`)).json;
      while (run.status === 'running') {
        await new Promise((r) => setTimeout(r, 100));
        run = (await admin.request('GET', `/api/imports/${id}`)).json;
      }
      expect(run.status).toBe('succeeded');
      // The folder goes as the job ends, a moment after its outcome is recorded.
      for (let i = 0; i < 50 && existsSync(join(uploads, during[0]!)); i++) await new Promise((r) => setTimeout(r, 100));
      expect(existsSync(join(uploads, during[0]!))).toBe(false);

      // A run whose process is gone reads as interrupted, with the time, on the Imports page.
      const dead = await database.db
        .insertInto('import_run')
        .values({
          organization_id: f.orgId,
          format: 'edsight',
          files: JSON.stringify([{ name: 'a.csv', bytes: 10 }]),
          status: 'running',
          started_by: null,
          started_via: 'cli',
          pid: deadPid(),
          host: hostname(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const listed = (await admin.request('GET', '/api/imports')).json.imports.find((i: { id: string }) => i.id === dead.id);
      expect(listed).toMatchObject({
        status: 'interrupted',
        bytesRead: 0,
        finishedAt: expect.any(String),
        error: { message: expect.stringMatching(/^The import was interrupted/) },
      });
    } finally {
      await app.close();
      if (previous === undefined) delete process.env.TRELLIS_DATA_DIR;
      else process.env.TRELLIS_DATA_DIR = previous;
      resetConfig();
    }
  });

  it('marks a trellis import killed in the middle as interrupted once Trellis starts again', async () => {
    const file = join(dir, 'sb_ca2019_1_csv_v4.txt');
    await writeSyntheticCaaspp(file, { rows: 400_000, seed: 9 });
    // The command runs on its own database: an embedded one is opened by one process at a time.
    const target = kind === 'pglite' ? join(dir, 'cli-data') : null;
    const own = kind === 'pglite' ? await openDatabase({ url: target! }) : database;
    if (kind === 'pglite') await own.db.insertInto('organization').values({ name: 'Eastfield Partners', slug: 'eastfield' }).execute();
    const url = kind === 'pglite' ? target! : `postgres://postgres@127.0.0.1:5432${database.location.slice(database.location.indexOf('/'))}`;
    if (kind === 'pglite') await own.close();
    // The command is built once beforehand, so the import below starts at once.
    expect((await runTrellis(['--help'])).code).toBe(0);
    const child = spawn(process.execPath, [TRELLIS, '--database', url, 'import', 'caaspp', file, '--org', 'eastfield'], {
      cwd: ROOT,
      stdio: 'ignore',
      env: { ...process.env, TRELLIS_LOG: '' },
    });
    try {
      // Killed while rows stream: PostgreSQL shows the run as it starts; the embedded database, opened by the
      // command alone, is killed a few seconds in (this import takes about 15 s there).
      if (kind === 'postgres') {
        const deadline = Date.now() + 120_000;
        while (!(await database.db.selectFrom('import_run').select('id').where('status', '=', 'running').where('pid', '=', child.pid!).executeTakeFirst())) {
          if (Date.now() > deadline || child.exitCode !== null) throw new Error('the import never started');
          await new Promise((r) => setTimeout(r, 100));
        }
        await new Promise((r) => setTimeout(r, 1500));
      } else await new Promise((r) => setTimeout(r, 7000));
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
    }
    const after = kind === 'pglite' ? await openDatabase({ url: target! }) : database;
    try {
      const [left] = await after.db.selectFrom('import_run').select(['id', 'status']).where('pid', '=', child.pid!).execute();
      expect(left?.status).toBe('running');
      expect(await markInterruptedImports(after, join(dir, 'uploads-after'))).toBeGreaterThanOrEqual(1);
      const ended = await after.db.selectFrom('import_run').select(['status', 'finished_at']).where('id', '=', left!.id).executeTakeFirstOrThrow();
      expect(ended.status).toBe('interrupted');
      expect(ended.finished_at).toBeInstanceOf(Date);
      expect(await after.db.selectFrom('aggregate_result').select('entity_id').where('import_run_id', '=', left!.id).limit(1).execute()).toEqual([]);
    } finally {
      if (kind === 'pglite') await after.close();
    }
  });
});
