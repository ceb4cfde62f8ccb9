// The `trellis` command as a user runs it: help, user administration, clear errors, nothing half-written.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Every step starts a new `trellis` process that opens the database; a test runs several in a row.
vi.setConfig({ testTimeout: 180_000 });
import { openDatabase } from '../src/db/database';
import { describeEachDatabase, freshDatabase, type EngineKind } from './support/databases';
import { generateDemoNetwork } from '../src/domain/demo';
import { runTrellis, startUntil, stop, TRELLIS } from './support/processes';

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

type Trellis = (args: string[], input?: string) => ReturnType<typeof runTrellis>;

/** Creates the organization Northside Partners with its first admin, Ada, through the CLI. */
const addAda = (trellis: Trellis) =>
  trellis(
    [
      'user',
      'add',
      'ada@north.test',
      '--name',
      'Ada Lovelace',
      '--role',
      'org_admin',
      '--scope',
      'organization:north',
      '--new-organization',
      'Northside Partners',
      '--password-stdin',
    ],
    'a long admin password\n',
  );

/** Adds the district Alder Unified (9800001) with the school Aspen Elementary (98000016000001) to the one organization. */
async function addAspen(url: string) {
  const database = await openDatabase({ url });
  try {
    const org = await database.db.selectFrom('organization').select('id').executeTakeFirstOrThrow();
    const district = await database.db
      .insertInto('district')
      .values({ organization_id: org.id, name: 'Alder Unified', state: 'CA', state_code: '9800001' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('school')
      .values({
        organization_id: org.id,
        district_id: district.id,
        name: 'Aspen Elementary',
        state_code: '98000016000001',
        level: 'elementary',
        grade_low: 0,
        grade_high: 5,
      })
      .execute();
  } finally {
    await database.close();
  }
}

describeEachDatabase('trellis user', (kind) => {
  let target: { url: string; close: () => Promise<void> };
  beforeAll(async () => {
    target = await cliDatabase(kind);
  });
  afterAll(async () => target?.close());
  const trellis: Trellis = (args, input) => runTrellis(['--database', target.url, ...args], { input, env: { TRELLIS_URL: 'http://trellis.example' } });

  it('creates the first admin of a new organization from a password on stdin, then adds, grants and revokes', async () => {
    const first = await addAda(trellis);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('Added Ada Lovelace <ada@north.test> as org_admin at organization Northside Partners');

    await addAspen(target.url);

    const invited = await trellis(['user', 'add', 'sam.lee@north.test', '--role', 'school_leader', '--scope', 'school:98000016000001']);
    expect(invited.code).toBe(0);
    expect(invited.stdout).toContain('Added Sam Lee <sam.lee@north.test> as school_leader at school Aspen Elementary');
    expect(invited.stdout).toMatch(/one-time link .*: http:\/\/trellis\.example\/set-password#[\w-]{40,}/);

    expect((await trellis(['user', 'grant', 'sam.lee@north.test', '--role', 'district_leader', '--scope', 'district:9800001'])).code).toBe(0);
    const listed = JSON.parse((await trellis(['user', 'list', '--json'])).stdout) as {
      email: string;
      hasPassword: boolean;
      memberships: { role: string; scopeName: string }[];
    }[];
    const sam = listed.find((p) => p.email === 'sam.lee@north.test')!;
    expect(sam.hasPassword).toBe(false);
    expect(sam.memberships.map((m) => `${m.role}@${m.scopeName}`).sort()).toEqual(['district_leader@Alder Unified', 'school_leader@Aspen Elementary']);
    expect(listed.find((p) => p.email === 'ada@north.test')!.hasPassword).toBe(true);

    expect((await trellis(['user', 'revoke', 'sam.lee@north.test', '--role', 'district_leader', '--scope', 'district:9800001'])).code).toBe(0);
    const text = (await trellis(['user', 'list'])).stdout;
    expect(text).toMatch(/sam\.lee@north\.test.*school_leader@school:Aspen Elementary/);
    expect(text).not.toContain('district_leader');
  });

  it('explains bad input and writes nothing', async () => {
    // Its own database with its own organization, admin and school, whatever the other test did.
    const own = await cliDatabase(kind);
    try {
      await badInput(own.url);
    } finally {
      await own.close();
    }
  });

  async function badInput(url: string) {
    const trellis: Trellis = (args, input) => runTrellis(['--database', url, ...args], { input, env: { TRELLIS_URL: 'http://trellis.example' } });
    expect((await addAda(trellis)).code).toBe(0);
    await addAspen(url);
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
  }
});

describe('trellis demo and trellis serve', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-cli-demo-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // The line format the walk tool reads the sign-ins with: indented label, two or more spaces, email.
  const SIGN_IN = /^\s+([A-Z][a-z]+(?: [a-z]+)?)\s{2,}(\S+@\S+)\s+(.+)$/gm;

  it('prints each demo person with what their memberships cover, and the address serve will take', async () => {
    const res = await runTrellis(['--database', dir, 'demo'], { env: { PORT: '3907', HOST: '' } });
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('Start it with `trellis serve`, then sign in at http://127.0.0.1:3907 with password "trellis-demo"');
    const lines = Object.fromEntries([...res.stdout.matchAll(SIGN_IN)].map((m) => [m[1], { email: m[2]!, where: m[3]! }]));
    expect(Object.keys(lines).sort()).toEqual(['Coach', 'District leader', 'Network director', 'Organization admin', 'School leader', 'Team member', 'Viewer']);

    const network = generateDemoNetwork();
    const personOf = (email: string) => network.people.find((p) => p.email === email)!;
    const held = (email: string, kind: string) =>
      network.memberships.filter((m) => m.personKey === personOf(email).key && m.scopeKind === kind).map((m) => m.scopeKey);
    // The coach works with several schools, each named.
    const coachSchools = network.schools.filter((s) => held(lines.Coach!.email, 'school').includes(s.key));
    expect(coachSchools.length).toBeGreaterThan(1);
    expect(lines.Coach!.where).toBe(`${coachSchools.length} schools: ${coachSchools.map((s) => s.name).join(', ')}`);
    // The district leader sees every school of the district, comparison schools included.
    const district = network.districts.find((d) => d.key === held(lines['District leader']!.email, 'district')[0])!;
    expect(lines['District leader']!.where).toBe(`${district.name} (${network.schools.filter((s) => s.districtKey === district.key).length} schools)`);
    const school = network.schools.find((s) => s.key === held(lines['School leader']!.email, 'school')[0])!;
    expect(lines['School leader']!.where).toBe(school.name);
    expect(lines['Team member']!.where).toMatch(/^.+ and Instructional leadership team, /);
    for (const who of ['Organization admin', 'Network director', 'Viewer'])
      expect(lines[who]!.where).toBe(`the whole network (${network.schools.length} schools)`);
  });

  it('says the port it really listens on, when the system picks it', async () => {
    for (const [args, env] of [
      [['--port', '0'], {}],
      [[], { PORT: '0' }],
    ] as const) {
      const server = await startUntil(process.execPath, [TRELLIS, '--database', dir, 'serve', ...args], /Trellis is running at \S+/, {
        ...env,
        TRELLIS_DEMO: '0',
      });
      try {
        const port = Number(/Trellis is running at http:\/\/127\.0\.0\.1:(\d+) /.exec(server.output())![1]);
        expect(port).toBeGreaterThan(0);
        expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(200);
      } finally {
        await stop(server.child);
      }
    }
  });
});
