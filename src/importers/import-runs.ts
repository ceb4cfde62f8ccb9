// What a crash leaves behind, and how Trellis clears it when it starts. Every import records the process
// that runs it (pid and host); a run whose process is gone (killed, crashed, the machine restarted) is
// marked interrupted, with the time. Web uploads wait for their import in a folder beside the data
// directory's `uploads` folder, each in a folder named for the process that received it; a folder whose
// process is gone is removed.
import { randomBytes } from 'node:crypto';
import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { defaultDataDir, type TrellisDatabase } from '../db/database';
import { processAlive } from '../db/data-lock';

/** A run of another host, or one recorded before pids were, is taken for dead once it has run this long. */
export const ALIVE_AT_MOST_MS = 24 * 60 * 60 * 1000;

export const INTERRUPTED_MESSAGE = 'The import was interrupted: the process running it stopped before it finished. Nothing from it was kept; run it again.';

/** Runs and upload folders of this process that are still at work (a pid may be reused, e.g. pid 1 in a container). */
const ours = { runs: new Set<string>(), uploads: new Set<string>() };

export const thisProcess = () => ({ pid: process.pid, host: hostname() });

/** Marks a run (or an upload folder) as this process's while it works; the returned function ends that. */
export function holdRun(runId: string): () => void {
  ours.runs.add(runId);
  return () => ours.runs.delete(runId);
}

/**
 * Where web uploads wait for their import: the `uploads` folder of the data directory, the one folder
 * there the embedded database's opener leaves alone (it neither counts it when it tells a new directory
 * from a used one nor clears it). For PostgreSQL, under TRELLIS_DATA_DIR (default ./data); for an
 * in-memory database, in the system's temporary folder.
 */
export function uploadsDirOf(database: Pick<TrellisDatabase, 'kind' | 'location'>): string {
  if (database.kind === 'pglite') return database.location === 'memory' ? join(tmpdir(), 'trellis-uploads') : join(resolve(database.location), 'uploads');
  return join(resolve(defaultDataDir()), 'uploads');
}

const FOLDER = /^(\d+)-[0-9a-f]{8}-(.+)$/;

/** A new upload folder's name, `<pid>-<random>-<host>`, held as this process's until released. */
export function uploadFolderName(pid = process.pid): string {
  const name = `${pid}-${randomBytes(4).toString('hex')}-${hostname()}`;
  if (pid === process.pid) ours.uploads.add(name);
  return name;
}

export function releaseUploadFolder(name: string): void {
  ours.uploads.delete(name);
}

/** Whether the process that recorded a run (or made a folder) may still be at work. */
function mayBeAlive(owner: { pid: number | null; host: string | null; since: Date }, mine: boolean, now: number): boolean {
  if (owner.pid !== null && owner.host === hostname()) return owner.pid === process.pid ? mine : processAlive(owner.pid);
  return now - owner.since.getTime() < ALIVE_AT_MOST_MS;
}

/**
 * Marks the running imports whose process is gone as interrupted, with the time, and removes the upload
 * folders of processes that are gone. Trellis calls it when it starts. On the embedded database, which one
 * process opens at a time, every run not of this process is gone. Returns how many runs were marked.
 */
export async function markInterruptedImports(
  database: Pick<TrellisDatabase, 'db' | 'kind' | 'location'>,
  uploadsDir = uploadsDirOf(database),
): Promise<number> {
  const now = Date.now();
  const running = await database.db.selectFrom('import_run').select(['id', 'pid', 'host', 'started_at']).where('status', '=', 'running').execute();
  const exclusive = database.kind === 'pglite';
  const gone = running.filter((r) => {
    const mine = ours.runs.has(r.id);
    return exclusive ? !mine : !mayBeAlive({ pid: r.pid, host: r.host, since: r.started_at }, mine, now);
  });
  let marked = 0;
  if (gone.length) {
    const result = await database.db
      .updateTable('import_run')
      .set({ status: 'interrupted', finished_at: new Date(now), error: JSON.stringify({ message: INTERRUPTED_MESSAGE, details: [] }) })
      .where('status', '=', 'running')
      .where(
        'id',
        'in',
        gone.map((r) => r.id),
      )
      .executeTakeFirst();
    marked = Number(result.numUpdatedRows);
  }
  await removeDeadUploads(uploadsDir, now);
  return marked;
}

async function removeDeadUploads(dir: string, now: number): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = FOLDER.exec(name);
    if (!m) continue;
    const since = await stat(join(dir, name)).then(
      (s) => s.mtime,
      () => null,
    );
    if (!since) continue;
    if (!mayBeAlive({ pid: Number(m[1]), host: m[2]!, since }, ours.uploads.has(name), now)) await rm(join(dir, name), { recursive: true, force: true });
  }
  await rmdir(dir).catch(() => undefined);
}
