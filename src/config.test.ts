import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentedDefault, loadConfig, VARIABLES } from './config';

const refusal = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(env)}`);
};

describe('configuration', () => {
  it('uses the defaults when nothing is set, and takes an empty value as unset', () => {
    const defaults = {
      PORT: 3000,
      HOST: '127.0.0.1',
      TRELLIS_DATA_DIR: './data',
      TRELLIS_DEMO: true,
      TRELLIS_SESSION_IDLE_MINUTES: 120,
      TRELLIS_SESSION_HOURS: 12,
      TRELLIS_LOG: false,
      TRELLIS_TRUST_PROXY: false,
      TRELLIS_PDF_RENDERS: 2,
    };
    expect(loadConfig({})).toMatchObject(defaults);
    expect([loadConfig({}).DATABASE_URL, loadConfig({}).TRELLIS_TOKEN]).toEqual([undefined, undefined]);
    expect(loadConfig({ PORT: '', TRELLIS_DEMO: '', TRELLIS_SESSION_HOURS: '  ' })).toMatchObject(defaults);
  });

  it('reads what is set', () => {
    const c = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://app@db:5432/trellis',
      TRELLIS_DEMO: '0',
      TRELLIS_LOG: '1',
      TRELLIS_SESSION_HOURS: '720',
      TRELLIS_SESSION_IDLE_MINUTES: '30',
      TRELLIS_PDF_RENDERS: '4',
      TRELLIS_TOKEN: 'trellis_x',
    });
    expect(c).toMatchObject({
      PORT: 0,
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgres://app@db:5432/trellis',
      TRELLIS_DEMO: false,
      TRELLIS_LOG: true,
      TRELLIS_SESSION_HOURS: 720,
      TRELLIS_SESSION_IDLE_MINUTES: 30,
      TRELLIS_PDF_RENDERS: 4,
      TRELLIS_TOKEN: 'trellis_x',
    });
    expect(loadConfig({ DATABASE_URL: '/srv/trellis/data' }).DATABASE_URL).toBe('/srv/trellis/data');
    expect(loadConfig({ TRELLIS_TRUST_PROXY: 'true' }).TRELLIS_TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRELLIS_TRUST_PROXY: '2' }).TRELLIS_TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRELLIS_TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).TRELLIS_TRUST_PROXY).toEqual(['10.0.0.0/8', '127.0.0.1', '::1']);
  });

  it('refuses a bad value with a sentence naming the variable, what it accepts and what it is, never NaN', () => {
    expect(refusal({ TRELLIS_SESSION_HOURS: 'twelve' })).toBe('TRELLIS_SESSION_HOURS must be a whole number of hours from 1 to 720; it is "twelve".');
    expect(refusal({ TRELLIS_SESSION_HOURS: '0' })).toContain('TRELLIS_SESSION_HOURS must be a whole number of hours from 1 to 720; it is "0".');
    expect(refusal({ TRELLIS_SESSION_HOURS: '1.5' })).toContain('it is "1.5"');
    expect(refusal({ TRELLIS_SESSION_IDLE_MINUTES: '-5' })).toBe(
      'TRELLIS_SESSION_IDLE_MINUTES must be a whole number of minutes from 1 to 10080 (a week); it is "-5".',
    );
    expect(refusal({ PORT: '70000' })).toBe('PORT must be a port number from 0 to 65535 (0 lets the system choose a free one); it is "70000".');
    expect(refusal({ PORT: '80a' })).toMatch(/^PORT must be a port number/);
    expect(refusal({ TRELLIS_PDF_RENDERS: 'NaN' })).toBe('TRELLIS_PDF_RENDERS must be a whole number of reports from 1 to 32; it is "NaN".');
    expect(refusal({ TRELLIS_PDF_RENDERS: '0' })).toMatch(/^TRELLIS_PDF_RENDERS must be/);
    expect(refusal({ TRELLIS_DEMO: 'maybe' })).toBe('TRELLIS_DEMO must be 1 (on) or 0 (off); it is "maybe".');
    expect(refusal({ TRELLIS_TSX: 'yes' })).toMatch(/^TRELLIS_TSX must be 1 \(on\) or 0 \(off\)/);
    expect(refusal({ TRELLIS_URL: 'trellis.example.org' })).toMatch(/^TRELLIS_URL must be an address starting with http:\/\/ or https:\/\//);
    expect(refusal({ DATABASE_URL: 'postgres:/db' })).toMatch(/^DATABASE_URL must be a PostgreSQL address like postgres:\/\/user@host:5432\/db/);
    expect(refusal({ TRELLIS_TRUST_PROXY: '10.0.0.0/33' })).toMatch(/^TRELLIS_TRUST_PROXY must be true, a number of hops, or addresses and CIDR ranges/);
    expect(refusal({ TRELLIS_TRUST_PROXY: 'proxy.internal' })).toMatch(/^TRELLIS_TRUST_PROXY must be/);
    expect(refusal({ HOST: 'local host' })).toMatch(/^HOST must be an address to listen on/);
  });

  it('names every bad value at once, in the order of the table', () => {
    expect(refusal({ TRELLIS_SESSION_HOURS: 'twelve', PORT: 'x' })).toBe(
      'PORT must be a port number from 0 to 65535 (0 lets the system choose a free one); it is "x". TRELLIS_SESSION_HOURS must be a whole number of hours from 1 to 720; it is "twelve".',
    );
  });
});

describe("the README's configuration table", () => {
  const readme = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');
  const section = readme.split(/^## /m).find((s) => s.startsWith('Configuration\n'))!;
  const rows = section
    .split('\n')
    .filter((line) => /^\| `[A-Z_]+` \|/.test(line))
    .map((line) => line.split(' | ').map((cell) => cell.replace(/^\| /, '').trim()))
    .map(([name, shown, meaning]) => ({ name: name!.replaceAll('`', ''), shown, meaning }));

  it('documents every variable Trellis reads with its default, and nothing else', () => {
    expect(rows.map((r) => r.name).sort()).toEqual(Object.keys(VARIABLES).sort());
    for (const r of rows)
      expect({ name: r.name, default: r.shown }).toEqual({ name: r.name, default: documentedDefault(VARIABLES[r.name as keyof typeof VARIABLES]) });
    for (const r of rows) expect(r.meaning, r.name).not.toBe('');
  });
});
