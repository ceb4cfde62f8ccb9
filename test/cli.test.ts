// The `trellis` command as a user runs it: help, user administration, clear errors, nothing half-written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Every step starts a new `trellis` process that opens the database; a test runs several in a row.
vi.setConfig({ testTimeout: 180_000 });
import { openDatabase } from '../src/db/database';
import { describeEachDatabase, freshDatabase, type EngineKind } from './support/databases';
import { runTrellis } from './support/processes';

describe('trellis --help', () => {
  it('describes every command', async () => {
    const top = await runTrellis(['--help']);
    expect(top.code).toBe(0);
    for (const command of ['serve', 'demo', 'migrate', 'user']) expect(top.stdout).toContain(command);
    for (const sub of [['serve'], ['demo'], ['migrate'], ['user'], ['user', 'add'], ['user', 'list'], ['user', 'grant'], ['user', 'revoke']]) {
      const res = await runTrellis([...sub, '--help']);
      expect(res.code, sub.join(' ')).toBe(0);
      expect(res.stdout).toMatch(/Usage: trellis/);
    }
  });
});

/** A database URL the CLI can open in its own process: a PGlite directory or a fresh PostgreSQL database. */
async function cliDatabase(kind: EngineKind) {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'trellis-cli-'));
    return { url: dir, close: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = await freshDatabase('postgres');
  const url = `postgres://postgres@127.0.0.1:5432${database.location.slice(database.location.indexOf('/'))}`;
  await database.db.destroy();
  return { url, close: () => database.close().catch(() => {}) };
}

describeEachDatabase('trellis user', (kind) => {
  let target: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    target = await cliDatabase(kind);
  });
  afterAll(async () => target?.close());
  const trellis = (args: string[], input?: string) => runTrellis(['--database', target.url, ...args], { input, env: { TRELLIS_URL: 'http://trellis.example' } });

  it('creates the first admin of a new organization from a password on stdin, then adds, grants and revokes', async () => {
    const first = await trellis(['user', 'add', 'ada@north.test', '--name', 'Ada Lovelace', '--role', 'org_admin', '--scope', 'organization:north', '--new-organization', 'Northside Partners', '--password-stdin'], 'a long admin password\n');
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('Added Ada Lovelace <ada@north.test> as org_admin at organization Northside Partners');

    const database = await openDatabase({ url: target.url });
    try {
      const org = await database.db.selectFrom('organization').select('id').executeTakeFirstOrThrow();
      const district = await database.db.insertInto('district').values({ organization_id: org.id, name: 'Alder Unified', state: 'CA', state_code: '9800001' }).returning('id').executeTakeFirstOrThrow();
      await database.db.insertInto('school').values({ organization_id: org.id, district_id: district.id, name: 'Aspen Elementary', state_code: '98000016000001', level: 'elementary', grade_low: 0, grade_high: 5 }).execute();
    } finally {
      await database.close();
    }

    const invited = await trellis(['user', 'add', 'sam.lee@north.test', '--role', 'school_leader', '--scope', 'school:98000016000001']);
    expect(invited.code).toBe(0);
    expect(invited.stdout).toContain('Added Sam Lee <sam.lee@north.test> as school_leader at school Aspen Elementary');
    expect(invited.stdout).toMatch(/one-time link .*: http:\/\/trellis\.example\/set-password\/[\w-]{40,}/);

    expect((await trellis(['user', 'grant', 'sam.lee@north.test', '--role', 'district_leader', '--scope', 'district:9800001'])).code).toBe(0);
    const listed = JSON.parse((await trellis(['user', 'list', '--json'])).stdout) as { email: string; has_password: boolean; memberships: { role: string; scope_name: string }[] }[];
    const sam = listed.find((p) => p.email === 'sam.lee@north.test')!;
    expect(sam.has_password).toBe(false);
    expect(sam.memberships.map((m) => `${m.role}@${m.scope_name}`).sort()).toEqual(['district_leader@Alder Unified', 'school_leader@Aspen Elementary']);
    expect(listed.find((p) => p.email === 'ada@north.test')!.has_password).toBe(true);

    expect((await trellis(['user', 'revoke', 'sam.lee@north.test', '--role', 'district_leader', '--scope', 'district:9800001'])).code).toBe(0);
    const text = (await trellis(['user', 'list'])).stdout;
    expect(text).toMatch(/sam\.lee@north\.test.*school_leader@school:Aspen Elementary/);
    expect(text).not.toContain('district_leader');
  });

  it('explains bad input and writes nothing', async () => {
    const before = (await trellis(['user', 'list', '--json'])).stdout;
    const unknownSchool = await trellis(['user', 'add', 'kim@north.test', '--role', 'school_leader', '--scope', 'school:00000000000000']);
    expect(unknownSchool.code).not.toBe(0);
    expect(unknownSchool.stderr).toContain('No school "00000000000000" in this organization');
    const badScope = await trellis(['user', 'add', 'kim@north.test', '--role', 'school_leader', '--scope', 'campus:1']);
    expect(badScope.code).not.toBe(0);
    expect(badScope.stderr).toContain('expected KIND:CODE');
    const wrongLevel = await trellis(['user', 'add', 'kim@north.test', '--role', 'org_admin', '--scope', 'school:98000016000001']);
    expect(wrongLevel.stderr).toContain('cannot be granted at a school');
    const shortPassword = await trellis(['user', 'add', 'kim@north.test', '--role', 'viewer', '--scope', 'organization:north', '--password-stdin'], 'short\n');
    expect(shortPassword.stderr).toContain('at least 10 characters');
    const duplicate = await trellis(['user', 'add', 'ADA@north.test', '--role', 'viewer', '--scope', 'organization:north']);
    expect(duplicate.stderr).toContain('already has an account');
    expect((await trellis(['user', 'list', '--json'])).stdout).toBe(before);
  });
});
