// CDE's companion files for CAASPP research files: entities (names, types), student groups, tests.
import { openSource, readCsv, type ImportSource } from './csv';
import { excerpt, IssueCollector } from './issues';

export interface CaasppEntity {
  /** 14-digit county-district-school code. */
  cds: string;
  typeId: number;
  countyName: string;
  districtName: string;
  schoolName: string;
}

export interface CaasppSubgroup {
  id: number;
  name: string;
  category: string;
}

export interface CaasppTest {
  id: number;
  name: string;
  subject: 'ela' | 'math' | null;
  assessment: 'smarter-balanced' | 'caa';
}

export interface LookupOptions {
  fileName?: string;
}

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The entities file: one row per state, county, district and school, keyed by 14-digit CDS. */
export async function readCaasppEntities(source: ImportSource, options: LookupOptions = {}): Promise<Map<string, CaasppEntity>> {
  const { stream, file } = openSource(source, options.fileName);
  const issues = new IssueCollector(file);
  const out = new Map<string, CaasppEntity>();
  let cols: Record<string, number> | null = null;
  for await (const { fields, line } of readCsv(stream, { file, encoding: 'latin1', issues })) {
    if (!cols) {
      cols = Object.fromEntries(fields.map((f, i) => [squash(f), i]));
      for (const need of ['countycode', 'districtcode', 'schoolcode', 'typeid', 'countyname', 'districtname', 'schoolname']) {
        if (cols[need] === undefined) issues.add(line, undefined, `the entities file has no "${need}" column`);
      }
      continue;
    }
    const get = (name: string) => (fields[cols![name]!] ?? '').trim();
    const cds = `${get('countycode')}${get('districtcode')}${get('schoolcode')}`;
    if (!/^\d{14}$/.test(cds)) {
      issues.add(line, 'County Code', `expected county, district and school codes of 2, 5 and 7 digits, found ${excerpt(cds)}`);
      continue;
    }
    out.set(cds, { cds, typeId: Number(get('typeid')), countyName: get('countyname'), districtName: get('districtname'), schoolName: get('schoolname') });
  }
  issues.finish();
  return out;
}

/**
 * CDE's subgroup lookup (Subgroups.txt): no header, `"001", 1, "All Students", "All Students"`, CRLF.
 * The real 2017 file has a stray character after one closing quote (`"Migrant"0`), so quotes are
 * read leniently and the category cleaned. A re-saved CSV with a header (code,label,group) also works.
 */
export async function readCaasppSubgroups(source: ImportSource, options: LookupOptions = {}): Promise<Map<number, CaasppSubgroup>> {
  const { stream, file } = openSource(source, options.fileName);
  const issues = new IssueCollector(file);
  const out = new Map<number, CaasppSubgroup>();
  for await (const { fields, line } of readCsv(stream, { file, encoding: 'latin1', relaxQuotes: true, trimStart: true, header: 'none', issues })) {
    if (fields.every((f) => f.trim() === '')) continue;
    if (line === 1 && squash(fields[0] ?? '') === 'code') continue;
    const headerless = fields.length >= 4;
    const idText = (headerless ? fields[1] : fields[0])?.trim() ?? '';
    const name = ((headerless ? fields[2] : fields[1]) ?? '').trim();
    const category = ((headerless ? fields[3] : fields[2]) ?? '').replace(/"/g, '').replace(/\d+$/, '').trim();
    if (!/^\d+$/.test(idText)) {
      issues.add(line, headerless ? 'B' : 'A', `expected a numeric subgroup id, found ${excerpt(idText)}`);
      continue;
    }
    out.set(Number(idText), { id: Number(idText), name, category });
  }
  issues.finish();
  return out;
}

/** The tests lookup (test_id,test_num,test_name): 1 SB ELA, 2 SB math, 3 CAA ELA, 4 CAA math. */
export async function readCaasppTests(source: ImportSource, options: LookupOptions = {}): Promise<Map<number, CaasppTest>> {
  const { stream, file } = openSource(source, options.fileName);
  const issues = new IssueCollector(file);
  const out = new Map<number, CaasppTest>();
  let cols: Record<string, number> | null = null;
  for await (const { fields, line } of readCsv(stream, { file, encoding: 'latin1', issues })) {
    if (!cols) {
      cols = Object.fromEntries(fields.map((f, i) => [squash(f), i]));
      if (cols.testid === undefined || cols.testname === undefined) issues.add(line, undefined, 'the tests file needs test_id and test_name columns');
      continue;
    }
    const idText = (fields[cols.testid!] ?? '').trim();
    const name = (fields[cols.testname!] ?? '').trim();
    if (!/^\d+$/.test(idText)) {
      issues.add(line, 'test_id', `expected a numeric test id, found ${excerpt(idText)}`);
      continue;
    }
    out.set(Number(idText), { id: Number(idText), name, ...describeTest(name) });
  }
  issues.finish();
  return out;
}

export function describeTest(name: string): Pick<CaasppTest, 'subject' | 'assessment'> {
  const subject = /english|ela|literacy/i.test(name) ? 'ela' : /math/i.test(name) ? 'math' : null;
  return { subject, assessment: /^\s*CAA\b/i.test(name) ? 'caa' : 'smarter-balanced' };
}

/** Used when no tests file is given: CDE's fixed test ids. */
export const DEFAULT_CAASPP_TESTS: ReadonlyMap<number, CaasppTest> = new Map(
  [
    [1, 'SB - English Language Arts/Literacy'],
    [2, 'SB - Mathematics'],
    [3, 'CAA - English Language Arts/Literacy'],
    [4, 'CAA - Mathematics'],
  ].map(([id, name]) => [id as number, { id: id as number, name: name as string, ...describeTest(name as string) }]),
);
