// `trellis import --server`: importing through a running Trellis with a token, without stopping it, on each engine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { dataPath, sharedDataAvailable } from '../src/importers/testing/shared-data';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { freePort, runTrellis, startUntil, stop, TRELLIS } from './support/processes';

vi.setConfig({ testTimeout: 240_000 });

const CT = dataPath('ct-smarter-balanced', 'smarter-balanced__2017-18_ela-and-math_all-students_all-grades-combined_ct.csv');

describeEachDatabase('trellis import --server', (kind) => {
  let url: string;
  let server: Awaited<ReturnType<typeof startUntil>>;
  let token: string;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    sharedDataAvailable();
    let database: string;
    if (kind === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'trellis-cli-server-'));
      database = dir;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const fresh = await freshDatabase('postgres');
      database = `postgres://postgres@127.0.0.1:5432${fresh.location.slice(fresh.location.indexOf('/'))}`;
      await fresh.db.destroy();
      cleanup = () => fresh.close().catch(() => {});
    }
    const port = await freePort();
    server = await startUntil(
      process.execPath,
      [TRELLIS, '--database', database, 'serve', '--port', String(port)],
      /The demo is synthetic data/,
      { TRELLIS_DEMO: '1' },
      180_000,
    );
    url = `http://127.0.0.1:${port}`;
    const admin = /Organization admin\s+(\S+@\S+)/i.exec(server.output())?.[1] ?? 'no admin in the start-up output';
    const signed = await fetch(`${url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin, password: 'trellis-demo' }),
    });
    expect(signed.status, `sign-in as ${admin}`).toBe(200);
    const cookie = signed.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await signed.json()) as { csrfToken: string };
    const made = await fetch(`${url}/api/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'CLI test' }),
    });
    expect(made.status).toBe(201);
    token = ((await made.json()) as { token: string }).token;
  });
  afterAll(async () => {
    if (server) await stop(server.child);
    await cleanup?.();
  });

  it('imports a real file through the server and says so; the server keeps running and shows it', async () => {
    const res = await runTrellis(['import', 'edsight', CT, '--server', url], { env: { TRELLIS_TOKEN: token } });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(
      new RegExp(`^Imported \\d+ rows from 1 file through ${url.replace(/[.]/g, '\\.')} in [\\d.]+ s: \\d+ new, 0 changed, 0 unchanged\\.`, 'm'),
    );
    const imports = await fetch(`${url}/api/imports`, { headers: { authorization: `Bearer ${token}` } });
    const { imports: runs } = (await imports.json()) as { imports: { status: string; files: { name: string }[] }[] };
    expect(runs[0]!.status).toBe('succeeded');
    expect(runs[0]!.files[0]!.name).toBe(CT.split('/').pop());
    // Again: the same file changes nothing.
    const again = await runTrellis(['import', 'edsight', CT, '--server', url, '--token', token]);
    expect(again.stdout).toMatch(/: 0 new, 0 changed, \d+ unchanged\./);
  });

  it('refuses in words: no token, a wrong token, a server that does not answer', async () => {
    const none = await runTrellis(['import', 'edsight', CT, '--server', url], { env: { TRELLIS_TOKEN: '' } });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('Give a token with --token or $TRELLIS_TOKEN: make one in Trellis under Your account → Command-line tokens');
    const wrong = await runTrellis(['import', 'edsight', CT, '--server', url, '--token', 'trellis_not-a-real-token-at-all-0000000000000']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('This token is not valid');
    const port = await freePort();
    const nobody = await runTrellis(['import', 'edsight', CT, '--server', `http://127.0.0.1:${port}`, '--token', token]);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain(`Trellis does not answer at http://127.0.0.1:${port}`);
  });

  it('adds a person, grants and revokes a role, and lists people through the server', async () => {
    const schools = (await (await fetch(`${url}/api/scopes`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      school: { name: string; code: string }[];
    };
    const school = schools.school[0]!;
    const env = { TRELLIS_TOKEN: token };
    const added = await runTrellis(
      ['user', 'add', 'new.principal@demo.trellis.test', '--role', 'school_leader', '--scope', `school:${school.code}`, '--server', url],
      { env },
    );
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain(`Added New Principal <new.principal@demo.trellis.test> as school_leader at school ${school.name}.`);
    expect(added.stdout).toMatch(new RegExp(`one-time link \\(valid 72 hours\\): ${url.replace(/[.]/g, '\\.')}/set-password#[\\w-]{40,}`));
    const granted = await runTrellis(
      ['user', 'grant', 'new.principal@demo.trellis.test', '--role', 'team_member', '--scope', `school:${school.code}`, '--server', url],
      { env },
    );
    expect(granted.stdout).toContain(`Granted team_member at school ${school.name}`);
    const revoked = await runTrellis(
      ['user', 'revoke', 'new.principal@demo.trellis.test', '--role', 'team_member', '--scope', `school:${school.code}`, '--server', url],
      { env },
    );
    expect(revoked.stdout).toContain(`Revoked team_member at school ${school.name}`);
    const listed = JSON.parse((await runTrellis(['user', 'list', '--json', '--server', url], { env })).stdout) as {
      email: string;
      memberships: { role: string }[];
    }[];
    expect(listed.length).toBeGreaterThan(100);
    expect(listed.find((p) => p.email === 'new.principal@demo.trellis.test')!.memberships.map((m) => m.role)).toEqual(['school_leader']);
    const unknown = await runTrellis(
      ['user', 'grant', 'new.principal@demo.trellis.test', '--role', 'team_member', '--scope', 'school:00000000000000', '--server', url],
      { env },
    );
    expect(unknown.stderr).toContain('No school "00000000000000" in this organization.');
  });

  it('reports a refused file with its file and line, as a local import does', async () => {
    const res = await runTrellis(['import', 'edsight', TRELLIS, '--server', url, '--token', token]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/error: .*trellis\.js/);
  });
});
