// One process per embedded data directory: a lock file names its holder (pid, host, command, port) and is taken over only from a process that is gone.
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../domain/errors';

/** The lock's file name inside the data directory; the database opener leaves it alone. */
export const LOCK_FILE = 'trellis.lock';
// Taking over a stale lock happens under this second, short-lived lock, so two starters never both take it.
const TAKEOVER_FILE = 'trellis.lock.takeover';
const TAKEOVER_STALE_MS = 10_000;
/** Directories this process holds: a lock with our pid that is not among them was left by an earlier process given the same pid. */
const heldHere = new Set<string>();

export interface LockHolder {
  pid: number;
  host: string;
  /** The `trellis` command that holds it (`serve`, `import`, `demo`…), when a command does. */
  command?: string;
  startedAt: string;
  /** Where a server holding it listens, once it does. */
  url?: string;
}

export interface DataLock {
  readonly holder: LockHolder;
  /** Records where the server listens, for the sentence a second opener reads. */
  announce(url: string): void;
  release(): void;
}

/** Whether a process of this host is alive (a process we may not signal is alive too). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' && typeof parsed.host === 'string' ? (parsed as LockHolder) : null;
  } catch {
    return null;
  }
}

const portOf = (url: string) => {
  try {
    return new URL(url).port || '80';
  } catch {
    return '';
  }
};

/** Commands that can act through a running server instead (`--server`). */
const THROUGH_SERVER = new Set(['import', 'user add', 'user list', 'user grant', 'user revoke']);

/** The sentence a second opener (running `command`) reads: who holds the directory and what to do instead. */
export function heldSentence(dir: string, h: LockHolder, command?: string): string {
  const where = h.host === hostname() ? `pid ${h.pid}` : `pid ${h.pid} on ${h.host}`;
  if (h.command === 'serve') {
    const server = h.url ?? 'http://localhost:3000';
    const running = `Trellis is running on this data directory (${where}${h.url ? `, port ${portOf(h.url)}` : ''}).`;
    if (command && command !== 'import' && THROUGH_SERVER.has(command))
      return `${running} Work through it: \`trellis ${command} --server ${server} …\` with a command-line token, or stop it first.`;
    if (command && command !== 'import') return `${running} Stop it first, or do this in the browser at ${server}.`;
    return `${running} Import through it: upload on the Imports page, or \`trellis import --server ${server} …\`, or stop it first.`;
  }
  const who = h.command ? `\`trellis ${h.command}\`` : 'Another Trellis process';
  return `${who} is using this data directory (${dir}, ${where}, since ${h.startedAt}). Wait for it to finish, or stop it first.`;
}

/**
 * Takes the lock of a data directory, or refuses at once with a sentence naming the holder. A lock left by a
 * process that is gone (killed, crashed) is taken over; one whose file cannot be read is too, after a moment.
 */
export function lockDataDirectory(dir: string, command?: string): DataLock {
  const path = join(dir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, host: hostname(), ...(command ? { command } : {}), startedAt: new Date().toISOString() };
  const write = (flag: 'wx' | 'w') => writeFileSync(path, `${JSON.stringify(holder)}\n`, { flag });

  for (let attempt = 0; ; attempt++) {
    try {
      write('wx');
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (attempt >= 20)
        throw new AppError('conflict', `Another Trellis process is opening this data directory (${dir}). Try again in a moment.`, [
          { where: dir, message: 'data directory in use' },
        ]);
      if (attempt > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
    const current = readHolder(path);
    const ours = current?.pid === process.pid && current.host === holder.host;
    if (current && (ours ? heldHere.has(path) : current.host !== holder.host || processAlive(current.pid)))
      throw new AppError('conflict', heldSentence(dir, current, command), [{ where: dir, message: 'data directory in use' }]);
    // A lock being written this very moment reads as empty: give its writer a moment before calling it stale.
    if (!current && Date.now() - mtimeOf(path) < 2_000) {
      throw new AppError('conflict', `Another Trellis process is opening this data directory (${dir}). Try again in a moment.`, [
        { where: dir, message: 'data directory in use' },
      ]);
    }
    takeOver(dir, path, current);
  }

  heldHere.add(path);
  let released = false;
  const onExit = () => release();
  function release() {
    if (released) return;
    released = true;
    heldHere.delete(path);
    process.off('exit', onExit);
    // Only our own lock is removed: a takeover after a pause (a stopped laptop) must not be undone.
    if (readHolder(path)?.pid === holder.pid && readHolder(path)?.host === holder.host) rmSync(path, { force: true });
  }
  process.on('exit', onExit);
  return {
    holder,
    announce(url) {
      holder.url = url;
      if (!released) write('w');
    },
    release,
  };
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** Removes a stale lock, under the takeover lock, and only if it is still the stale one that was read. */
function takeOver(dir: string, path: string, stale: LockHolder | null) {
  const takeover = join(dir, TAKEOVER_FILE);
  try {
    writeFileSync(takeover, String(process.pid), { flag: 'wx' });
  } catch {
    if (Date.now() - mtimeOf(takeover) > TAKEOVER_STALE_MS) rmSync(takeover, { force: true });
    return; // someone else is taking it over; the caller tries again and reads the new holder
  }
  try {
    const now = readHolder(path);
    const same = (a: LockHolder | null, b: LockHolder | null) =>
      a === null ? b === null : b !== null && a.pid === b.pid && a.host === b.host && a.startedAt === b.startedAt;
    if (same(now, stale)) {
      // Kept beside it for whoever wants to know what was interrupted.
      renameSync(path, join(dir, `${LOCK_FILE}.stale`));
    }
  } finally {
    rmSync(takeover, { force: true });
  }
}
