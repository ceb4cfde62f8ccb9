// `trellis framework list|export|import` as a user runs them, on a fresh embedded database.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Every step starts a new `trellis` process that opens the database; a test runs several in a row.
vi.setConfig({ testTimeout: 180_000 });
import { parseFramework } from '../src/domain/framework-file';
import { builtInFrameworks } from '../src/db/built-in-frameworks';
import { runTrellis } from './support/processes';

describe('trellis framework', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trellis-fw-'));
  const data = join(dir, 'data');
  const trellis = (args: string[], input?: string) => runTrellis(['--database', data, ...args], { input });
  beforeAll(async () => {
    const made = await trellis(
      ['user', 'add', 'ada@north.test', '--role', 'org_admin', '--scope', 'organization:north', '--new-organization', 'Northside Partners', '--password-stdin'],
      'a long admin password\n',
    );
    expect(made.code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('lists, exports, and re-imports a framework without loss; a second import changes nothing', async () => {
    const list = JSON.parse((await trellis(['framework', 'list', '--json'])).stdout) as { id: string; key: string; name: string; version: number }[];
    expect(list.map((f) => f.name).sort()).toEqual([
      'District transformation rubric',
      'School systems implementation framework',
      'School transformation rubric',
    ]);
    for (const f of list) expect(Object.keys(f)).toEqual(expect.arrayContaining(['id', 'name', 'version']));
    const systems = list.find((f) => f.key === 'school-systems')!;
    const exported = await trellis(['framework', 'export', systems.id]);
    expect(exported.code).toBe(0);
    const parsed = parseFramework(exported.stdout, 'yaml', 'out.yaml');
    expect(parsed.ok && parsed.framework).toEqual(builtInFrameworks().find((f) => f.key === 'school-systems'));
    expect(exported.stdout).toContain('descriptor:');

    // An organization's own copy, as version 2, imported from the exported file.
    const file = join(dir, 'systems-v2.yaml');
    writeFileSync(
      file,
      exported.stdout.replace(/^version: 1$/m, 'version: 2').replace('name: School systems implementation framework', 'name: Northside systems framework'),
    );
    const imported = await trellis(['framework', 'import', file]);
    expect(imported.stdout).toMatch(/Imported Northside systems framework version 2 \(published\)/);
    expect((await trellis(['framework', 'import', file])).stdout).toContain('nothing changed');
    const json = join(dir, 'systems-v2.json');
    const id = JSON.parse((await trellis(['framework', 'list', '--json'])).stdout).find((f: { name: string }) => f.name === 'Northside systems framework').id;
    writeFileSync(json, (await trellis(['framework', 'export', id, '--format', 'json'])).stdout);
    expect((await trellis(['framework', 'import', json])).stdout).toContain('nothing changed');
  });

  it('lists every problem of a bad file with its path and saves nothing', async () => {
    const good = (await trellis(['framework', 'export', JSON.parse((await trellis(['framework', 'list', '--json'])).stdout)[0].id])).stdout;
    const bad = good
      .replace(/^version: \d+$/m, 'version: 9')
      .replace(/^key: .*$/m, 'key: broken-copy')
      .replace(/\n {10}- level: 3\n {12}descriptor: [^\n]*/, '');
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, bad.replace('kind: practice', 'kind: habit'));
    const before = (await trellis(['framework', 'list', '--json'])).stdout;
    const res = await trellis(['framework', 'import', file]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toMatch(/not a valid framework \(2 problems\); nothing was saved/);
    expect(res.stderr).toMatch(/bad\.yaml: domains\[0\]\.indicators\[0\]\.levels: missing descriptor for level 3/);
    expect(res.stderr).toMatch(/\.kind: must be system or practice \(got "habit"\)/);
    expect((await trellis(['framework', 'list', '--json'])).stdout).toBe(before);
  });
});
