// `trellis import` and `trellis results` as a user runs them, on the real Connecticut files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { dataPath, sharedDataAvailable } from '../src/importers/testing/shared-data';
import { describeEachDatabase, freshDatabase, type EngineKind } from './support/databases';
import { runTrellis } from './support/processes';

vi.setConfig({ testTimeout: 180_000 });

async function cliDatabase(kind: EngineKind) {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'trellis-cli-results-'));
    return { url: dir, close: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = await freshDatabase('postgres');
  const url = `postgres://postgres@127.0.0.1:5432${database.location.slice(database.location.indexOf('/'))}`;
  await database.db.destroy();
  return { url, close: () => database.close().catch(() => {}) };
}

const CT = (year: string) => dataPath('ct-smarter-balanced', `smarter-balanced__${year}_ela-and-math_all-students_all-grades-combined_ct.csv`);

describeEachDatabase('trellis import and trellis results', (kind) => {
  let target: { url: string; close: () => Promise<void> };
  let dir: string;
  beforeAll(async () => {
    sharedDataAvailable();
    target = await cliDatabase(kind);
    dir = mkdtempSync(join(tmpdir(), 'trellis-cli-files-'));
    const first = await runTrellis(['--database', target.url, 'user', 'add', 'ada@north.test', '--name', 'Ada Lovelace', '--role', 'org_admin', '--scope', 'organization:north', '--new-organization', 'Northside Partners', '--password-stdin'], { input: 'a long admin password\n' });
    expect(first.code).toBe(0);
  });
  afterAll(async () => {
    await target?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const trellis = (args: string[]) => runTrellis(['--database', target.url, ...args]);

  it('imports four years of state files and prints the math series as JSON', async () => {
    const imported = await trellis(['import', 'edsight', ...['2014-15', '2015-16', '2016-17', '2017-18'].map(CT)]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^Imported 8 rows from 4 files in [\d.]+ s: 8 new, 0 changed, 0 unchanged\./);
    const series = JSON.parse((await trellis(['results', '--entity', 'state', '--subject', 'math', '--years', '2014-15..2017-18', '--json'])).stdout) as Record<string, unknown>[];
    expect(series.map((r) => r.pctMetOrAbove)).toEqual([38.9, 44.0, 45.6, 46.8]);
    expect(series[3]).toEqual({ entity: 'CT', name: 'State of Connecticut', year: '2017-18', subject: 'math', grade: 'all', group: 'all', tested: 232806, metOrAbove: 108887, pctMetOrAbove: 46.8, suppressed: false });
    const one = JSON.parse((await trellis(['results', '--entity', 'CT', '--subject', 'ela', '--year', '2017-18', '--json'])).stdout);
    expect(one).toMatchObject({ year: '2017-18', subject: 'ela', pctMetOrAbove: 55.3 });
    const again = await trellis(['import', 'edsight', CT('2017-18')]);
    expect(again.stdout).toMatch(/0 new, 0 changed, 2 unchanged/);
  });

  it('explains a bad file with its line and column, exits non-zero, and keeps nothing', async () => {
    const bad = join(dir, 'smarter-balanced__2018-19_ela-and-math_all-students_all-grades-combined_ct.csv');
    writeFileSync(bad, '"title"\n\n\n\n"District","Subject"\n"State of Connecticut","Math"\n');
    const res = await trellis(['import', 'edsight', bad]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/error: The import stopped at smarter-balanced__2018-19_ela-and-math_all-students_all-grades-combined_ct\.csv:\d+/);
    expect((await trellis(['results', '--entity', 'state', '--subject', 'math', '--year', '2018-19'])).stderr).toMatch(/No math results for state in 2018-19/);
    const unknown = await trellis(['import', 'nonsense', bad]);
    expect(unknown.stderr).toMatch(/Unknown format "nonsense"/);
  });
});
