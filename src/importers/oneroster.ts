// OneRoster 1.1 CSV bundles: the manifest, then orgs, users, demographics and enrollments.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isCalendarDate } from '../domain/dates';
import { readGradeNumber, readId } from './cells';
import { openSource, readCsv } from './csv';
import { assertEveryRowKept } from './csv-rows';
import { CellError, ImportError, IssueCollector, excerpt } from './issues';
import type { Demographics, EnrollmentRecord, OrganizationRecord, StudentRecord } from './records';
import { raceCode } from './student-groups';

export type OneRosterRecord = OrganizationRecord | StudentRecord | EnrollmentRecord;

export interface OneRosterOptions {
  maxErrors?: number;
}

/** The files we read, in the order a loader needs them (organizations before people). */
const FILES = ['orgs', 'users', 'demographics', 'enrollments'] as const;
type RosterFile = (typeof FILES)[number];

/** Columns each file must have; anything else, such as vendor `ext_` columns, is tolerated. */
const REQUIRED: Record<RosterFile, string[][]> = {
  orgs: [['sourcedId'], ['name'], ['type']],
  users: [['sourcedId'], ['role'], ['orgSourcedIds']],
  // 1.1 names the user column sourcedId; some exports write userSourcedId.
  demographics: [['sourcedId', 'userSourcedId']],
  enrollments: [['classSourcedId'], ['schoolSourcedId'], ['userSourcedId'], ['role']],
};

const ORG_TYPES: Record<string, OrganizationRecord['orgType']> = {
  school: 'school',
  district: 'district',
  local: 'district',
  state: 'state',
  national: 'other',
  department: 'other',
};

export interface OneRosterManifest {
  manifestVersion: string;
  oneRosterVersion: string;
  files: Record<string, string>;
}

/** Reads manifest.csv and checks that this is a OneRoster 1.1 bulk bundle we can read. */
export async function readOneRosterManifest(dir: string): Promise<OneRosterManifest> {
  const path = join(dir, 'manifest.csv');
  if (!existsSync(path)) throw new ImportError([{ file: 'manifest.csv', line: 0, message: 'the bundle has no manifest.csv' }]);
  const { stream, file } = openSource(path);
  const props = new Map<string, { value: string; line: number }>();
  for await (const { fields, line } of readCsv(stream, { file })) {
    if (line === 1) continue;
    props.set((fields[0] ?? '').trim(), { value: (fields[1] ?? '').trim(), line });
  }
  const issues = new IssueCollector(file, 10);
  const manifest = props.get('manifest.version');
  const version = props.get('oneroster.version');
  if (manifest?.value !== '1.0') issues.add(manifest?.line ?? 1, 'value', `manifest.version must be 1.0, found ${excerpt(manifest?.value ?? '')}`);
  if (version?.value !== '1.1') issues.add(version?.line ?? 1, 'value', `oneroster.version must be 1.1, found ${excerpt(version?.value ?? '')}`);
  const files: Record<string, string> = {};
  for (const [key, { value, line }] of props) {
    if (!key.startsWith('file.')) continue;
    files[key.slice(5)] = value;
    if (value === 'delta' && (FILES as readonly string[]).includes(key.slice(5)))
      issues.add(line, 'value', `${key} is a delta file; only bulk bundles can be imported`);
  }
  issues.finish();
  return { manifestVersion: manifest!.value, oneRosterVersion: version!.value, files };
}

/** Streams the records of a OneRoster bundle (a folder of CSV files). Header-only files are fine. */
export async function* parseOneRoster(dir: string, options: OneRosterOptions = {}): AsyncGenerator<OneRosterRecord> {
  const manifest = await readOneRosterManifest(dir);
  for (const name of FILES) {
    if (manifest.files[name] !== 'bulk') continue;
    const path = join(dir, `${name}.csv`);
    const file = `${name}.csv`;
    if (!existsSync(path)) throw new ImportError([{ file: 'manifest.csv', line: 0, message: `the manifest lists ${file} as bulk, but the file is missing` }]);
    const issues = new IssueCollector(file, options.maxErrors);
    const counts = { dataRows: 0 };
    let kept = 0;
    let leftOut = 0;
    let at: Record<string, number> | null = null;
    for await (const { fields, line } of readCsv(openSource(path).stream, { file, issues, counts })) {
      if (!at) {
        at = Object.fromEntries(fields.map((f, i) => [f.trim(), i]));
        for (const alternatives of REQUIRED[name]) {
          if (!alternatives.some((a) => at![a] !== undefined)) issues.add(line, alternatives[0], `the header has no ${alternatives.join(' or ')} column`);
        }
        issues.finish();
        continue;
      }
      if (fields.every((f) => f.trim() === '')) continue;
      const get = (col: string) => {
        const i = at![col];
        return i === undefined ? '' : (fields[i] ?? '').trim();
      };
      try {
        const record = toRecord(name, get, line);
        if (!record) {
          leftOut++;
          continue;
        }
        kept++;
        yield { ...record, file };
      } catch (error) {
        issues.fromError(line, error);
      }
    }
    issues.finish();
    assertEveryRowKept(file, counts.dataRows, kept, leftOut);
  }
}

function need(get: (c: string) => string, col: string): string {
  const v = get(col);
  if (!v) throw new CellError(col, `${col} is empty`);
  return /sourcedid$/i.test(col) ? readId(v, col) : v;
}

/** A date column, refused unless it is a day that exists (the database would refuse it in its own words). */
function day(get: (c: string) => string, col: string): string | undefined {
  const v = get(col);
  if (!v) return undefined;
  if (!isCalendarDate(v)) throw new CellError(col, `expected a date written YYYY-MM-DD, found ${excerpt(v)}`);
  return v;
}

function toRecord(name: RosterFile, get: (c: string) => string, line: number): OneRosterRecord | null {
  // Tombstoned rows are deletions; a bulk bundle should not carry them, and they are not people.
  if (get('status') === 'tobedeleted') return null;
  if (name === 'orgs') {
    const type = need(get, 'type').toLowerCase();
    const orgType = ORG_TYPES[type];
    if (!orgType) throw new CellError('type', `expected school, district, local, state, national or department, found ${excerpt(type)}`);
    const parentId = get('parentSourcedId') && readId(get('parentSourcedId'), 'parentSourcedId');
    return { kind: 'organization', orgType, id: need(get, 'sourcedId'), name: need(get, 'name'), ...(parentId ? { parentId } : {}), line };
  }
  if (name === 'users') {
    // Teachers and other staff are rostered too; only students become student records.
    if (need(get, 'role').toLowerCase() !== 'student') return null;
    const grades = get('grades');
    const grade = grades ? readGradeNumber(grades.split(',')[0], 'grades') : undefined;
    const schoolId = readId(get('orgSourcedIds').split(',')[0]?.trim() ?? '', 'orgSourcedIds');
    return {
      kind: 'student',
      studentId: need(get, 'sourcedId'),
      ...(get('givenName') ? { firstName: get('givenName') } : {}),
      ...(get('familyName') ? { lastName: get('familyName') } : {}),
      ...(schoolId ? { schoolId } : {}),
      ...(grade !== undefined ? { grade } : {}),
      demographics: {},
      line,
    };
  }
  if (name === 'demographics') {
    const d: Demographics = {};
    const flag = (col: string) => {
      const v = get(col).toLowerCase();
      if (v === '') return undefined;
      if (v === 'true') return true;
      if (v === 'false') return false;
      throw new CellError(col, `expected true or false, found ${excerpt(get(col))}`);
    };
    const races = [
      ['americanIndianOrAlaskaNative', 'American Indian'],
      ['asian', 'Asian'],
      ['blackOrAfricanAmerican', 'Black'],
      ['nativeHawaiianOrOtherPacificIslander', 'Pacific Islander'],
      ['white', 'White'],
      ['demographicRaceTwoOrMoreRaces', 'Two or more'],
    ]
      .filter(([col]) => flag(col!) === true)
      .map(([, word]) => raceCode(word!)!);
    if (races.length) d.race = races;
    const hispanic = flag('hispanicOrLatinoEthnicity');
    if (hispanic !== undefined) d.hispanic = hispanic;
    const sex = get('sex').toLowerCase();
    if (sex) d.gender = sex;
    const birthDate = day(get, 'birthdate');
    const studentId = get('sourcedId') ? readId(get('sourcedId'), 'sourcedId') : need(get, 'userSourcedId');
    return { kind: 'student', studentId, ...(birthDate ? { birthDate } : {}), demographics: d, line };
  }
  return {
    kind: 'enrollment',
    studentId: need(get, 'userSourcedId'),
    schoolId: need(get, 'schoolSourcedId'),
    classId: need(get, 'classSourcedId'),
    role: need(get, 'role').toLowerCase(),
    ...(get('beginDate') ? { entryDate: get('beginDate') } : {}),
    ...(get('endDate') ? { exitDate: get('endDate') } : {}),
    line,
  };
}
