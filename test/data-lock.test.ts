// One process per embedded data directory: a second opener is refused at once with a sentence, a dead holder's lock is taken over, and the data survives.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, pgliteFiles, withoutOwnFiles } from '../src/db/database';
import { LOCK_FILE, lockDataDirectory } from '../src/db/data-lock';
import { freePort, runTrellis, startUntil, stop, TRELLIS } from './support/processes';

vi.setConfig({ testTimeout: 180_000 });

/** The pid of a process that has ended: a lock naming it is stale. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

describe('the data directory lock', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trellis-lock-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a second lock in the same process and lets the directory open once the first is released', async () => {
    const first = lockDataDirectory(dir, 'serve');
    expect(() => lockDataDirectory(dir)).toThrow(/Trellis is running on this data directory \(pid \d+\)/);
    first.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const database = await openDatabase({ url: dir, migrate: false });
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    await database.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });

  it('keeps its own lock when a new database starts from a kept copy, and keeps no lock or uploads in a copy', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'trellis-lock-fresh-'));
    try {
      const database = await openDatabase({ url: fresh, migrate: false, command: 'demo' });
      const onDisk = JSON.parse(readFileSync(join(fresh, LOCK_FILE), 'utf8'));
      expect(onDisk).toMatchObject({ pid: process.pid, command: 'demo', startedAt: database.lock!.holder.startedAt });
      await database.close();
      expect(existsSync(join(fresh, LOCK_FILE))).toBe(false);

      // A copy holding a lock and an upload in progress (as a dump of a directory in use would): what is kept holds neither, and is otherwise the same archive.
      const pristine = readFileSync(pgliteFiles()!.pristine);
      writeFileSync(join(fresh, 'copy.tar'), pristine);
      const own = mkdtempSync(join(tmpdir(), 'trellis-lock-own-'));
      writeFileSync(join(own, LOCK_FILE), JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: '2026-01-01T00:00:00.000Z' }));
      mkdirSync(join(own, 'uploads'));
      writeFileSync(join(own, 'uploads', 'half.csv'), 'a,b\n');
      expect(spawnSync('tar', ['-rf', join(fresh, 'copy.tar'), '-C', own, LOCK_FILE, 'uploads']).status).toBe(0);
      rmSync(own, { recursive: true, force: true });
      const withOwn = new Uint8Array(readFileSync(join(fresh, 'copy.tar')));
      const names = (tar: Uint8Array) => {
        const list: string[] = [];
        const field = (at: number, length: number) => new TextDecoder().decode(tar.subarray(at, at + length)).replace(/\0.*$/s, '');
        for (let at = 0; at + 512 <= tar.length && tar[at] !== 0; ) {
          list.push(field(at, 100));
          at += 512 + Math.ceil(Number.parseInt(field(at + 124, 12).trim() || '0', 8) / 512) * 512;
        }
        return list;
      };
      const isOwn = (name: string) => /^\/?(trellis\.lock|uploads)/.test(name);
      expect(names(withOwn).filter((n) => isOwn(n) && !n.startsWith('/'))).toEqual([LOCK_FILE, 'uploads/', 'uploads/half.csv']);
      const kept = withoutOwnFiles(withOwn);
      expect(names(kept).length).toBeGreaterThan(100);
      expect(names(kept)).toEqual(names(new Uint8Array(pristine)).filter((n) => !isOwn(n)));
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('takes over a lock left by a process that is gone, and keeps it beside as stale', async () => {
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), command: 'import', startedAt: '2026-01-01T00:00:00.000Z' }));
    const database = await openDatabase({ url: dir, migrate: false });
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    expect(JSON.parse(readFileSync(join(dir, `${LOCK_FILE}.stale`), 'utf8')).pid).toBe(pid);
    await database.close();
  });

  it('names a live holder on another command and never removes a lock it does not hold', () => {
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, host: hostname(), command: 'import', startedAt: '2026-01-01T00:00:00.000Z' }));
    expect(() => lockDataDirectory(dir)).toThrow(/`trellis import` is using this data directory .*pid \d+.*Wait for it to finish, or stop it first/);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.ppid);
    rmSync(join(dir, LOCK_FILE));
  });

  it('treats a lock with our own pid, left by an earlier process given the same pid, as stale', () => {
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: '2020-01-01T00:00:00.000Z' }));
    const lock = lockDataDirectory(dir, 'migrate');
    expect(lock.holder.command).toBe('migrate');
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
  });
});

describe('trellis on a data directory a server holds', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'trellis-lock-serve-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an import at once, saying how to import through the server, and the directory opens after a kill -9', async () => {
    const port = await freePort();
    const server = await startUntil(process.execPath, [TRELLIS, '--database', dir, 'serve', '--port', String(port)], /Trellis is running at \S+/, {
      TRELLIS_DEMO: '1',
    });
    const pid = server.child.pid!;
    try {
      const file = join(dir, '..', `empty-${port}.csv`);
      writeFileSync(file, 'a,b\n1,2\n');
      const refused = await runTrellis(['--database', dir, 'import', 'student-csv', file]);
      rmSync(file);
      const user = await runTrellis(['--database', dir, 'user', 'add', 'x@y.test', '--role', 'viewer', '--scope', 'organization:demo']);
      expect(user.stderr).toContain(
        `Trellis is running on this data directory (pid ${pid}, port ${port}). Work through it: \`trellis user add --server http://127.0.0.1:${port} …\` with a command-line token, or stop it first.`,
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `Trellis is running on this data directory (pid ${pid}, port ${port}). Import through it: upload on the Imports page, or \`trellis import --server http://127.0.0.1:${port} …\`, or stop it first.`,
      );
    } finally {
      // A crash: no chance to remove the lock.
      process.kill(-pid, 'SIGKILL');
      await stop(server.child);
    }
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const again = await runTrellis(['--database', dir, 'user', 'list']);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    // The demo network the killed server loaded is all there.
    expect(again.stdout).toMatch(/demo|Demo/);
  });
});
