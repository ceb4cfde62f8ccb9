// The framework file format: the built-in rubrics, every validation error with its path, and lossless round trips.
import { describe, expect, it } from 'vitest';
import { allIndicators, levelLabel } from './framework';
import { frameworkFileSchema, parseFramework, serializeFramework, validateFramework } from './framework-file';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtInFrameworks, loadFrameworkFiles } from '../db/built-in-frameworks';

const byKey = (key: string) => builtInFrameworks().find((f) => f.key === key)!;

describe('built-in frameworks', () => {
  it('are the three expected, each complete for every indicator and level', () => {
    expect(builtInFrameworks().map((f) => f.key)).toEqual(['school-systems', 'school-transformation', 'district-transformation']);
    for (const f of builtInFrameworks())
      for (const i of allIndicators(f)) {
        expect(
          i.levels.map((l) => l.level),
          `${f.key}/${i.key}`,
        ).toEqual(f.levels.map((l) => l.value));
        expect(new Set(i.levels.map((l) => l.descriptor)).size, `${f.key}/${i.key} repeats a descriptor`).toBe(f.levels.length);
      }
  });

  it('rate the nine key systems from Not Yet Begun to Full Implementation', () => {
    const f = byKey('school-systems');
    expect(f.levels.map((l) => l.label)).toEqual(['Not Yet Begun', 'Emerging', 'Developing', 'Full Implementation']);
    expect(
      allIndicators(f)
        .map((i) => i.key)
        .sort(),
    ).toEqual([
      'coaching-learning',
      'community-partnerships',
      'curriculum-instruction',
      'data-assessment',
      'family-engagement',
      'leadership',
      'operations',
      'school-culture',
      'talent',
    ]);
  });

  it('give the transformation rubric 3 domains, at least 40 practices and 10 equity items', () => {
    const f = byKey('school-transformation');
    expect(f.domains.map((d) => d.name)).toEqual(['Results-oriented leadership', 'Systems for professional learning', 'Core instructional program']);
    expect(allIndicators(f).length).toBeGreaterThanOrEqual(40);
    expect(allIndicators(f).filter((i) => i.tags.includes('equity')).length).toBeGreaterThanOrEqual(10);
  });

  it('give the district rubric five levels and four dimensions', () => {
    const f = byKey('district-transformation');
    expect(f.kind).toBe('district');
    expect(f.levels.map((l) => l.label)).toEqual(['Not a District Practice', 'Emerging', 'Developing', 'Established', 'Sustained']);
    expect(f.dimensions!.map((d) => d.key)).toEqual(['intentionality', 'quality', 'consistency', 'ownership']);
  });

  it('describe every level of every scale and every domain, with indicators of the expected kind', () => {
    for (const f of builtInFrameworks()) {
      expect(
        f.levels.every((l) => (l.description ?? '').length > 20),
        f.key,
      ).toBe(true);
      expect(
        f.domains.every((d) => (d.description ?? '').length > 20),
        f.key,
      ).toBe(true);
      expect(new Set(allIndicators(f).map((i) => i.kind)), f.key).toEqual(new Set([f.key === 'school-systems' ? 'system' : 'practice']));
    }
  });

  it('write each descriptor as one or two full sentences', () => {
    for (const f of builtInFrameworks())
      for (const i of allIndicators(f))
        for (const l of i.levels) {
          const where = `${f.key}/${i.key}/${l.level}`;
          expect(l.descriptor, where).toMatch(/^[A-Z].{30,}\.$/);
          expect(l.descriptor.split(/[.;] /).length, where).toBeLessThanOrEqual(3);
        }
  });

  it('count 42 transformation practices (15 on equity) and 15 district practices (5 on equity)', () => {
    const count = (key: string) => [allIndicators(byKey(key)).length, allIndicators(byKey(key)).filter((i) => i.tags.includes('equity')).length];
    expect(count('school-transformation')).toEqual([42, 15]);
    expect(count('district-transformation')).toEqual([15, 5]);
    expect(byKey('district-transformation').domains.map((d) => d.name)).toEqual(['Leadership', 'Professional learning', 'Instruction']);
  });

  it('round-trip losslessly through YAML and JSON', () => {
    for (const f of builtInFrameworks())
      for (const format of ['yaml', 'json'] as const) {
        const back = parseFramework(serializeFramework(f, format), format, `x.${format}`);
        expect(back.ok && back.framework).toEqual(f);
      }
  });
});

const file = (indicators: string, extra = '') => `key: tiny
name: Tiny
version: 1
kind: school
description: A test rubric.
levels:
  - { value: 1, label: Low }
  - { value: 2, label: Mid }
  - { value: 3, label: High }
${extra}domains:
  - key: d1
    name: Domain one
    indicators:
${indicators}`;
const indicator = (key: string, levels = [1, 2, 3]) => `      - key: ${key}
        name: ${key}
        kind: practice
        tags: [equity]
        levels:
${levels.map((l) => `          - { level: ${l}, descriptor: "${key} at ${l}" }`).join('\n')}
`;

describe('parsing a framework file', () => {
  it('accepts a complete file', () => {
    const r = parseFramework(file(indicator('a') + indicator('b')), 'yaml', 'tiny.yaml');
    expect(r.ok).toBe(true);
    if (r.ok)
      expect(allIndicators(r.framework).map((i) => [i.key, i.domainName])).toEqual([
        ['a', 'Domain one'],
        ['b', 'Domain one'],
      ]);
  });

  it('reports every problem at once, each with its path', () => {
    const r = parseFramework(file(indicator('a', [1, 2]) + indicator('a') + indicator('c', [1, 2, 3, 7])), 'yaml', 'tiny.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { path: 'domains[0].indicators[0].levels', message: 'missing descriptor for level 3' },
      { path: 'domains[0].indicators[1].key', message: '"a" is used twice (also at domains[0].indicators[0])' },
      { path: 'domains[0].indicators[2].levels[3].level', message: '7 is not on the scale (1, 2, 3)' },
    ]);
  });

  it('refuses unknown fields, bad keys and tags, and disordered levels', () => {
    const r = parseFramework(
      file(indicator('Bad Key').replace('tags: [equity]', 'tags: [Equity!]').replace('kind: practice', 'kind: practice\n        weight: 2'), 'colour: blue\n'),
      'yaml',
      'tiny.yaml',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(['colour', 'domains[0].indicators[0].key', 'domains[0].indicators[0].tags[0]', 'domains[0].indicators[0].weight']),
    );
    const disordered = parseFramework(file(indicator('a')).replace('{ value: 2, label: Mid }', '{ value: 0, label: Mid }'), 'yaml', 'x');
    expect(!disordered.ok && disordered.errors.map((e) => e.path)).toContain('levels[1].value');
  });

  it('reports wrong shapes and cross-field problems together, in file order', () => {
    const broken = file(indicator('a') + indicator('a').replace('        name: a\n', '').replace('kind: practice', 'kind: habit'))
      .replace('version: 1', 'version: one')
      .replace('{ value: 3, label: High }', '{ value: 3 }');
    const r = parseFramework(broken, 'yaml', 'tiny.yaml');
    expect(!r.ok && r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'version: must be a whole number',
      'levels[2].label: is required',
      'domains[0].indicators[1].key: "a" is used twice (also at domains[0].indicators[0])',
      'domains[0].indicators[1].name: is required',
      'domains[0].indicators[1].kind: must be system or practice (got "habit")',
    ]);
  });

  it('numbers levels 1, 2, 3… and refuses a level listed twice', () => {
    const twice = parseFramework(file(indicator('a')).replace('{ value: 3, label: High }', '{ value: 2, label: High }'), 'yaml', 'x.yaml');
    expect(!twice.ok && twice.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'levels[2].value: level 2 is listed twice (also at levels[1])',
      'domains[0].indicators[0].levels[2].level: 3 is not on the scale (1, 2)',
    ]);
    const gap = parseFramework(file(indicator('a')).replace('{ value: 3, label: High }', '{ value: 5, label: High }'), 'yaml', 'x.yaml');
    expect(!gap.ok && gap.errors[0]).toEqual({ path: 'levels[2].value', message: 'must be 3: number the levels 1, 2, 3… from lowest to highest' });
  });

  it('refuses a domain key used twice and a level described twice', () => {
    const text = file(indicator('a', [1, 2, 2, 3])) + '  - key: d1\n    name: Again\n    indicators:\n' + indicator('b');
    const r = parseFramework(text, 'yaml', 'x.yaml');
    expect(!r.ok && r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'domains[0].indicators[0].levels[2].level: level 2 is described twice',
      'domains[1].key: "d1" is used twice (also at domains[0])',
    ]);
  });

  it('accepts any lowercase tag, a missing tag list and blank optional fields', () => {
    const r = parseFramework(
      file(indicator('a').replace('tags: [equity]', 'tags: [early-literacy]') + indicator('b').replace('        tags: [equity]\n', '')).replace(
        'name: Domain one',
        'name: Domain one\n    description:',
      ),
      'yaml',
      'x.yaml',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.framework.domains[0]!.indicators.map((i) => i.tags)).toEqual([['early-literacy'], []]);
    expect('description' in r.framework.domains[0]!).toBe(false);
  });

  it('says what is wrong with an empty file or one that is not a framework', () => {
    expect(parseFramework('', 'yaml', 'empty.yaml')).toMatchObject({ ok: false, errors: [{ path: 'empty.yaml' }] });
    expect(parseFramework('- just\n- a list\n', 'yaml', 'list.yaml')).toMatchObject({ ok: false, errors: [{ path: '(file)' }] });
    expect(validateFramework('text')).toMatchObject({ ok: false });
  });

  it('describes the built-ins with its schema, and refuses a broken one', () => {
    for (const f of builtInFrameworks()) expect(frameworkFileSchema.safeParse(f).success, f.key).toBe(true);
    const f = builtInFrameworks()[0]!;
    expect(frameworkFileSchema.safeParse({ ...f, kind: 'network' }).success).toBe(false);
  });

  it('gives the line and column of a YAML syntax error, and the reason', () => {
    const r = parseFramework('key: tiny\nname: [unclosed\nversion: 1\n', 'yaml', 'broken.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]!.path).toBe('line 3, column 1');
    expect(r.errors[0]!.message).toMatch(/Flow sequence/);
    // The position is in the path already, so the reason does not repeat it.
    expect(r.errors[0]!.message).not.toMatch(/line \d/);
  });

  it('refuses a key written twice in a YAML mapping, at the second one', () => {
    const r = parseFramework(file(indicator('a')).replace('name: Tiny', 'name: Tiny\nname: Again'), 'yaml', 'twice.yaml');
    expect(!r.ok && r.errors).toEqual([{ path: 'line 3, column 1', message: 'Map keys must be unique' }]);
  });

  it('gives the position of a JSON syntax error', () => {
    // A trailing comma, the most common slip in hand-edited JSON.
    const r = parseFramework('{\n  "key": "tiny",\n}', 'json', 'broken.json');
    expect(!r.ok && r.errors).toEqual([{ path: 'line 3, column 1', message: 'Expected double-quoted property name' }]);
    // Node gives no position for a file cut short; one is found all the same.
    const cut = parseFramework('{\n  "key": "tiny",\n  "name": ', 'json', 'cut.json');
    expect(!cut.ok && cut.errors[0]!.path).toMatch(/^line 3, column \d+$/);
  });

  it('checks JSON with the same rules and paths as YAML', () => {
    const tiny = parseFramework(file(indicator('a') + indicator('b')), 'yaml', 'tiny.yaml');
    if (!tiny.ok) throw new Error('the tiny file should parse');
    const json = JSON.parse(serializeFramework(tiny.framework, 'json'));
    json.domains[0].indicators[1].levels.pop();
    json.domains[0].indicators[1].key = 'a';
    json.levels[0].colour = 'red';
    const r = parseFramework(JSON.stringify(json), 'json', 'tiny.json');
    expect(!r.ok && r.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'levels[0].colour: is not a field of levels[0] (expected one of: value, label, description)',
      'domains[0].indicators[1].key: "a" is used twice (also at domains[0].indicators[0])',
      'domains[0].indicators[1].levels: missing descriptor for level 3',
    ]);
  });

  it('writes levels and fields in one order, whatever order the file used', () => {
    const shuffled = file(indicator('a', [3, 1, 2])).replace('key: tiny\nname: Tiny', 'name: Tiny\nkey: tiny');
    const r = parseFramework(shuffled, 'yaml', 'tiny.yaml');
    if (!r.ok) throw new Error('the shuffled file should parse');
    expect(r.framework.domains[0]!.indicators[0]!.levels.map((l) => l.level)).toEqual([1, 2, 3]);
    expect(Object.keys(r.framework)).toEqual(['key', 'name', 'version', 'kind', 'description', 'levels', 'domains']);
    expect(serializeFramework(r.framework, 'yaml')).toMatch(/^key: tiny\nname: Tiny\nversion: 1\n/);
  });

  it('labels levels, and says when there is no rating', () => {
    const f = byKey('school-systems');
    expect(levelLabel(f, 2)).toBe('2 Emerging');
    expect(levelLabel(f, 4)).toBe('4 Full Implementation');
    expect(levelLabel(f, null)).toBe('Not rated');
    expect(levelLabel(byKey('district-transformation'), 1)).toBe('1 Not a District Practice');
  });

  it('lists every indicator with its domain, in file order', () => {
    const f = byKey('school-systems');
    const all = allIndicators(f);
    expect(all).toHaveLength(9);
    expect(all[0]).toMatchObject({ key: 'leadership', domainKey: 'leading', domainName: 'Leading the school' });
    expect(
      all
        .filter((i) => i.tags.includes('equity'))
        .map((i) => i.key)
        .sort(),
    ).toEqual(['family-engagement', 'school-culture']);
    expect(all.every((i) => i.kind === 'system')).toBe(true);
  });
});

describe('loading framework files', () => {
  it('throws with every problem and the file name when a file is broken', () => {
    const folder = mkdtempSync(join(tmpdir(), 'frameworks-'));
    try {
      writeFileSync(join(folder, 'good.yaml'), file(indicator('a')));
      writeFileSync(join(folder, 'bad.yaml'), file(indicator('a', [1, 2]) + indicator('a')));
      const url = pathToFileURL(`${folder}/`);
      expect(loadFrameworkFiles(['good.yaml'], url).map((f) => f.key)).toEqual(['tiny']);
      expect(() => loadFrameworkFiles(['good.yaml', 'bad.yaml'], url)).toThrow(
        /bad\.yaml is not valid:\n {2}bad\.yaml: domains\[0\]\.indicators\[0\]\.levels: missing descriptor for level 3\n {2}bad\.yaml: domains\[0\]\.indicators\[1\]\.key/,
      );
      expect(() => loadFrameworkFiles(['good.yaml', 'good.yaml'], url)).toThrow(/use the key tiny/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
