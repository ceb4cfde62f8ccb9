// `npm start` on an empty data directory builds the web app, loads the demo network and serves it; a restart keeps the data.
import { latestMigration } from '../src/db/migrate';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { demoSignIns } from '../src/cli/demo';
import { generateDemoNetwork } from '../src/domain/demo';
import { freePort, runTrellis, startUntil, stop } from './support/processes';

describe('npm start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the demo network on an empty data directory, and keeps it across a restart', async () => {
    const port = await freePort();
    const env = { TRELLIS_DATA_DIR: dir, PORT: String(port), TRELLIS_DEMO: '' };
    const first = await startUntil('npm', ['start'], /The demo is synthetic data/, env, 240_000);
    try {
      const out = first.output();
      expect(out).toContain(`Trellis is running at http://127.0.0.1:${port}`);
      expect(out).toContain('Loaded the demo network (synthetic data): 19 partner schools, 6 comparison schools');
      const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
      expect(health).toEqual({ status: 'ok', database: 'pglite', migration: latestMigration() });
      const page = await fetch(`http://127.0.0.1:${port}/schools/anything`);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(html).toContain('<div id="root">');
      // The app served is a production build (React's minified errors, none of its development checks),
      // even when the tests built it with NODE_ENV=test.
      const entry = /<script[^>]*src="([^"]+\.js)"/.exec(html)![1]!;
      const script = await (await fetch(`http://127.0.0.1:${port}${entry}`)).text();
      expect({ minifiedErrors: script.includes('react.dev/errors'), developmentChecks: script.includes('react-stack-top-frame') }).toEqual({
        minifiedErrors: true,
        developmentChecks: false,
      });
      const director = demoSignIns(generateDemoNetwork()).find((s) => s.role === 'network_director')!;
      // One sign-in per role, each a real demo person.
      for (const s of demoSignIns(generateDemoNetwork())) expect(out).toContain(s.email);
      expect(
        demoSignIns(generateDemoNetwork())
          .map((s) => s.role)
          .sort(),
      ).toEqual(['coach', 'district_leader', 'network_director', 'org_admin', 'school_leader', 'team_member', 'viewer']);
      const signIn = await fetch(`http://127.0.0.1:${port}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: director.email, password: 'trellis-demo' }),
      });
      expect(signIn.status).toBe(200);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const schools = await (await fetch(`http://127.0.0.1:${port}/api/schools`, { headers: { cookie } })).json();
      expect(schools).toHaveLength(25);
      expect(schools.filter((s: { supportLevel: string | null }) => s.supportLevel === null)).toHaveLength(6);
    } finally {
      await stop(first.child);
    }

    const again = await startUntil(process.execPath, ['bin/trellis.js', 'serve'], /Trellis is running/, env);
    try {
      await new Promise((r) => setTimeout(r, 300));
      expect(again.output()).not.toContain('Loaded the demo network');
      const health = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(health.status).toBe(200);
    } finally {
      await stop(again.child);
    }
  }, 300_000);
});

describe('trellis serve with a bad setting', () => {
  it('stops before it opens anything, with a sentence naming the variable and what it accepts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trellis-bad-setting-'));
    try {
      const data = join(dir, 'data');
      const res = await runTrellis(['serve'], { env: { TRELLIS_DATA_DIR: data, PORT: String(await freePort()), TRELLIS_SESSION_HOURS: 'twelve' } });
      expect(res.code).toBe(1);
      expect(res.stderr.trim()).toBe('error: TRELLIS_SESSION_HOURS must be a whole number of hours from 1 to 720; it is "twelve".');
      expect(res.stdout).toBe('');
      expect(existsSync(data)).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
