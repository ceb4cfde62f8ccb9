// The framework file format (YAML or JSON): a zod schema, validation with a path for every problem, and a lossless writer.
import { parseDocument, stringify, type Document } from 'yaml';
import { z } from 'zod';
import type { Framework, FrameworkFormat, FrameworkIssue } from './framework';

export type FrameworkResult = { ok: true; framework: Framework } | { ok: false; errors: FrameworkIssue[] };

const SLUG = /^[a-z0-9][a-z0-9_-]*$/;
const TAG = /^[a-z][a-z-]*$/;

// A YAML key left blank reads as null; to an author that is the same as leaving it out.
const missing = (input: unknown) => input === undefined || input === null;
const got = (input: unknown) => JSON.stringify(input) ?? String(input);
const say = (otherwise: (input: unknown) => string) => ({
  error: (issue: { input?: unknown }) => (missing(issue.input) ? 'is required' : otherwise(issue.input)),
});
const badKey = (v: unknown) => `must be a lowercase key of letters, digits, - and _ (got ${got(v)})`;
const badTag = (v: unknown) => `must be a lowercase word (got ${got(v)})`;

const text = z.string(say(() => 'must be non-empty text')).refine((s) => s.trim().length > 0, 'must be non-empty text');
const optionalText = text.nullish();
const slug = z.string(say(badKey)).regex(SLUG, { error: (issue) => badKey(issue.input) });
const tag = z.string(say(badTag)).regex(TAG, { error: (issue) => badTag(issue.input) });
const whole = z.int(say(() => 'must be a whole number'));
const list = <T extends z.ZodType>(item: T) =>
  z.array(
    item,
    say(() => 'must be a list'),
  );
const object = <S extends z.ZodRawShape>(shape: S, what: string) =>
  z.strictObject(
    shape,
    say(() => `must be an object with ${what}`),
  );
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(
    values,
    say((v) => `must be ${values.join(' or ')} (got ${got(v)})`),
  );

const levelSchema = object({ value: whole, label: text, description: optionalText }, 'value and label');
const dimensionSchema = object({ key: slug, label: text, description: text }, 'key, label and description');
const indicatorLevelSchema = object({ level: whole, descriptor: text }, 'level and descriptor');
const indicatorSchema = object(
  { key: slug, name: text, kind: oneOf(['system', 'practice']), tags: list(tag).nullish(), levels: list(indicatorLevelSchema) },
  'key, name, kind, tags and levels',
);
const domainSchema = object(
  { key: slug, name: text, description: optionalText, indicators: list(indicatorSchema).min(1, 'needs at least one indicator') },
  'key, name and indicators',
);

/**
 * The shape of a framework file, field by field. The rules that span fields (unique keys, levels numbered
 * 1, 2, 3…, one descriptor per level of the scale) are checked beside it, and reported even when a field
 * elsewhere has the wrong shape, so that an author sees every problem at once.
 */
export const frameworkFileSchema = object(
  {
    key: slug,
    name: text,
    version: whole.min(1, 'must be 1 or more'),
    kind: oneOf(['school', 'district']),
    description: text,
    levels: list(levelSchema).min(2, 'needs at least two levels'),
    dimensions: list(dimensionSchema).nullish(),
    domains: list(domainSchema).min(1, 'needs at least one domain'),
  },
  'key, name, version, kind, description, levels and domains',
);

// The fields each kind of object may hold, to name them when a file has one the format does not know.
const FIELDS: Record<string, string[]> = {
  '': Object.keys(frameworkFileSchema.shape),
  levels: Object.keys(levelSchema.shape),
  dimensions: Object.keys(dimensionSchema.shape),
  domains: Object.keys(domainSchema.shape),
  'domains.indicators': Object.keys(indicatorSchema.shape),
  'domains.indicators.levels': Object.keys(indicatorLevelSchema.shape),
};

type Segment = string | number;
interface Problem {
  path: Segment[];
  message: string;
}
const pathText = (path: readonly Segment[]) => path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');

function shapeProblems(data: unknown): Problem[] {
  const parsed = frameworkFileSchema.safeParse(data);
  if (parsed.success) return [];
  return parsed.error.issues.flatMap((issue) => {
    const path = issue.path as Segment[];
    if (issue.code !== 'unrecognized_keys') return [{ path, message: issue.message }];
    const owner = pathText(path) || 'a framework';
    const allowed = FIELDS[path.filter((p) => typeof p === 'string').join('.')] ?? [];
    return issue.keys.map((k) => ({ path: [...path, k], message: `is not a field of ${owner} (expected one of: ${allowed.join(', ')})` }));
  });
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const items = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Rules across fields, read defensively: the data may not have passed the schema. */
function crossFieldProblems(data: Raw): Problem[] {
  const problems: Problem[] = [];
  const unique = (seen: Map<unknown, string>, value: unknown, owner: Segment[]) => {
    if (typeof value !== 'string') return;
    const earlier = seen.get(value);
    if (earlier !== undefined) problems.push({ path: [...owner, 'key'], message: `${JSON.stringify(value)} is used twice (also at ${earlier})` });
    else seen.set(value, pathText(owner));
  };

  // Levels are numbered 1, 2, 3… so that a difference of two values is a number of levels and an average means something.
  const scale: number[] = [];
  const listedAt = new Map<number, string>();
  for (const [i, l] of items(data.levels).entries()) {
    if (!isObject(l) || !Number.isInteger(l.value)) continue;
    const v = l.value as number;
    const earlier = listedAt.get(v);
    if (earlier !== undefined) {
      problems.push({ path: ['levels', i, 'value'], message: `level ${v} is listed twice (also at ${earlier})` });
      continue;
    }
    if (v !== i + 1) problems.push({ path: ['levels', i, 'value'], message: `must be ${i + 1}: number the levels 1, 2, 3… from lowest to highest` });
    listedAt.set(v, `levels[${i}]`);
    scale.push(v);
  }

  const dimensionKeys = new Map<unknown, string>();
  for (const [i, d] of items(data.dimensions).entries()) if (isObject(d)) unique(dimensionKeys, d.key, ['dimensions', i]);

  const domainKeys = new Map<unknown, string>();
  const indicatorKeys = new Map<unknown, string>();
  items(data.domains).forEach((d, di) => {
    if (!isObject(d)) return;
    unique(domainKeys, d.key, ['domains', di]);
    items(d.indicators).forEach((ind, ii) => {
      if (!isObject(ind)) return;
      const at: Segment[] = ['domains', di, 'indicators', ii];
      // Indicator keys are unique across the framework: ratings, goals and heatmaps name an indicator by its key alone.
      unique(indicatorKeys, ind.key, at);
      if (!Array.isArray(ind.levels)) return;
      const described = new Set<number>();
      ind.levels.forEach((l, li) => {
        if (!isObject(l) || !Number.isInteger(l.level)) return;
        const v = l.level as number;
        if (scale.length && !scale.includes(v))
          problems.push({ path: [...at, 'levels', li, 'level'], message: `${v} is not on the scale (${scale.join(', ')})` });
        else if (described.has(v)) problems.push({ path: [...at, 'levels', li, 'level'], message: `level ${v} is described twice` });
        described.add(v);
      });
      for (const v of scale) if (!described.has(v)) problems.push({ path: [...at, 'levels'], message: `missing descriptor for level ${v}` });
    });
  });
  return problems;
}

// Problems are listed in the order an author meets them reading the file from the top.
const FIELD_ORDER = [
  'key',
  'value',
  'level',
  'name',
  'label',
  'version',
  'kind',
  'description',
  'tags',
  'descriptor',
  'levels',
  'dimensions',
  'domains',
  'indicators',
];
const rank = (s: Segment) => (typeof s === 'number' ? -1 : FIELD_ORDER.includes(s) ? FIELD_ORDER.indexOf(s) : FIELD_ORDER.length);
function inFileOrder(a: readonly Segment[], b: readonly Segment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return rank(x) - rank(y) || String(x).localeCompare(String(y));
  }
  return a.length - b.length;
}

/** Validates parsed data as a framework; every problem is reported with its path. */
export function validateFramework(data: unknown): FrameworkResult {
  if (!isObject(data))
    return { ok: false, errors: [{ path: '(file)', message: 'must be a framework object with key, name, version, kind, description, levels and domains' }] };
  const problems = [...shapeProblems(data), ...crossFieldProblems(data)];
  if (problems.length) {
    const ordered = problems.map((p, i) => ({ ...p, i })).sort((a, b) => inFileOrder(a.path, b.path) || a.i - b.i);
    return { ok: false, errors: ordered.map((p) => ({ path: pathText(p.path) || '(file)', message: p.message })) };
  }
  return { ok: true, framework: normalize(data as unknown as Framework) };
}

/** The canonical shape and key order: what is written is what is read back. */
function normalize(f: Framework): Framework {
  const levelOrder = new Map(f.levels.map((l, i) => [l.value, i]));
  const optional = (value: string | null | undefined) => (missing(value) ? {} : { description: value! });
  return {
    key: f.key,
    name: f.name,
    version: f.version,
    kind: f.kind,
    description: f.description,
    levels: f.levels.map((l) => ({ value: l.value, label: l.label, ...optional(l.description) })),
    ...(missing(f.dimensions) ? {} : { dimensions: f.dimensions!.map((d) => ({ key: d.key, label: d.label, description: d.description })) }),
    domains: f.domains.map((d) => ({
      key: d.key,
      name: d.name,
      ...optional(d.description),
      indicators: d.indicators.map((i) => ({
        key: i.key,
        name: i.name,
        kind: i.kind,
        tags: [...(i.tags ?? [])],
        levels: [...i.levels].sort((a, b) => levelOrder.get(a.level)! - levelOrder.get(b.level)!).map((l) => ({ level: l.level, descriptor: l.descriptor })),
      })),
    })),
  };
}

type SyntaxProblem = { line: number; col: number; reason: string };

/** The yaml package's errors carry a position; its message repeats it, so that part is dropped. */
function yamlSyntaxProblems(doc: Document): SyntaxProblem[] {
  return doc.errors.map((e) => ({
    line: e.linePos?.[0].line ?? 0,
    col: e.linePos?.[0].col ?? 0,
    reason: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''),
  }));
}

function lineColumn(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, col: offset - before.lastIndexOf('\n') };
}

/** A syntax error's path is its place in the file, so a caller can print `<file>: line L, column C: reason`. */
function syntaxIssue(e: SyntaxProblem, fileName: string): FrameworkIssue {
  return { path: e.line ? `line ${e.line}, column ${e.col}` : fileName, message: e.reason };
}

function jsonSyntaxProblem(text: string, error: Error): SyntaxProblem {
  const at = /at position (\d+)/.exec(error.message);
  const reason = error.message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line \d+ column \d+\)$/, '');
  if (at) return { ...lineColumn(text, Number(at[1])), reason };
  // Some of Node's messages give no position ("Unexpected end of JSON input"); JSON is YAML, whose parser always does.
  const fromYaml = yamlSyntaxProblems(parseDocument(text))[0];
  if (fromYaml) return { ...fromYaml, reason };
  return { ...lineColumn(text, text.length), reason };
}

/** Reads a framework file; fileName names the file in a problem that has no line (an empty file, say). */
export function parseFramework(text: string, format: FrameworkFormat, fileName: string): FrameworkResult {
  let data: unknown;
  if (format === 'json') {
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { ok: false, errors: [syntaxIssue(jsonSyntaxProblem(text, error as Error), fileName)] };
    }
  } else {
    const doc = parseDocument(text, { uniqueKeys: true });
    if (doc.errors.length) return { ok: false, errors: yamlSyntaxProblems(doc).map((e) => syntaxIssue(e, fileName)) };
    data = doc.toJS();
  }
  if (data === null || data === undefined)
    return { ok: false, errors: [{ path: fileName, message: 'is empty: a framework file needs key, name, version, kind, description, levels and domains' }] };
  return validateFramework(data);
}

export function serializeFramework(framework: Framework, format: FrameworkFormat): string {
  const canonical = normalize(framework);
  return format === 'json' ? `${JSON.stringify(canonical, null, 2)}\n` : stringify(canonical, { lineWidth: 0 });
}
