// Imports into the database on both engines, on the real files in ../shared/data: figures, idempotence,
// suppressed cells, and files that fail leaving the database as it was.
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import { resultSeries } from '../src/db/repositories/result-series';
import { resultsFor } from '../src/db/repositories/results';
import { sumOverEntities } from '../src/domain/metrics';
import { ImportError } from '../src/importers/issues';
import { runImport, type ImportRequest } from '../src/importers/load';
import { dataPath, sharedDataAvailable } from '../src/importers/testing/shared-data';
import { describeEachDatabase, freshDatabase } from './support/databases';

const CT = 'ct-smarter-balanced';
const ctFiles = (pattern: RegExp) =>
  ['2014-15', '2015-16', '2016-17', '2017-18'].flatMap((y) =>
    [
      `smarter-balanced__${y}_ela-and-math_all-students_all-grades-combined.csv`,
      `smarter-balanced__${y}_ela-and-math_all-students_all-grades-combined_ct.csv`,
      `smarter-balanced__${y}_ela-and-math_all-students_all-grades.csv`,
      `smarter-balanced__${y}_ela-and-math_all-students_all-grades_ct.csv`,
    ]
      .filter((n) => pattern.test(n))
      .map((n) => ({ path: dataPath(CT, n) })),
  );

const EDFI = 'edfi-grand-bend-sample-xml';
const edfiFiles = [
  'EducationOrganization.xml',
  'Student.xml',
  'AssessmentMetadata-StateAssessment.xml',
  'StudentAssessment-StateAssessment.xml',
  'AssessmentMetadata-ACT.xml',
  'StudentAssessment-ACT.xml',
].map((n) => ({ path: dataPath(EDFI, n) }));

/** Every table an import writes, as counts, to show that a failed import left nothing behind. */
async function footprint(database: TrellisDatabase) {
  const out: Record<string, number> = {};
  for (const t of ['aggregate_result', 'result_entity', 'student', 'student_result', 'school', 'district'] as const)
    out[t] = Number(
      (
        await database.db
          .selectFrom(t)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return out;
}

/** A digest of every aggregate figure, to show that a re-import changed nothing. */
async function aggregateDigest(database: TrellisDatabase) {
  const row = await sql<{
    d: string;
  }>`select md5(string_agg(concat_ws('|', entity_id, year, subject, grade, student_group, tested, met_or_above, pct_met_or_above, suppressed, source_line, import_run_id), ',' order by entity_id, year, subject, grade, student_group)) as d from aggregate_result`.execute(
    database.db,
  );
  return row.rows[0]!.d;
}

describeEachDatabase('importing results', (kind) => {
  let database: TrellisDatabase;
  let org: string;
  let dir: string;
  const request = (over: Partial<ImportRequest> & Pick<ImportRequest, 'format' | 'files'>, organizationId = org): ImportRequest => ({
    organizationId,
    actor: { personId: null, via: 'cli' },
    ...over,
  });

  beforeAll(async () => {
    sharedDataAvailable();
    database = await freshDatabase(kind);
    org = (await database.db.insertInto('organization').values({ name: 'Eastfield Partners', slug: 'eastfield' }).returning('id').executeTakeFirstOrThrow()).id;
    dir = mkdtempSync(join(tmpdir(), 'trellis-import-'));
  });
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads the Connecticut state rows: % met or exceeded in math 38.9, 44.0, 45.6, 46.8 for 2014-15 to 2017-18', async () => {
    // A database of its own, where Connecticut is the one state on file whatever ran before.
    const own = await freshDatabase(kind);
    try {
      const ownOrg = (
        await own.db.insertInto('organization').values({ name: 'Eastfield Partners', slug: 'eastfield' }).returning('id').executeTakeFirstOrThrow()
      ).id;
      const summary = await runImport(own, request({ format: 'edsight', files: ctFiles(/_ct\.csv$/) }, ownOrg));
      expect(summary.rowsInserted).toBe(summary.rowsRead);
      expect(summary.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
      const found = await resultSeries(own.db, {
        organizationId: ownOrg,
        entity: 'state',
        subject: 'math',
        years: ['2014-15', '2015-16', '2016-17', '2017-18'],
        grade: 'all',
        group: 'all',
      });
      expect(found && 'series' in found ? found.series!.map((r) => r.pctMetOrAbove) : found).toEqual([38.9, 44.0, 45.6, 46.8]);
      const run = await own.db.selectFrom('import_run').selectAll().where('id', '=', summary.runId).executeTakeFirstOrThrow();
      expect([run.status, run.rows_read, run.format, run.files.length]).toEqual(['succeeded', summary.rowsRead, 'edsight', 8]);
      // The command line's import is audited, with its files, their hashes and the counts.
      const audit = await own.db.selectFrom('audit_log').selectAll().where('object_kind', '=', 'import_run').where('object_id', '=', summary.runId).execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: 'import.run',
        actor_id: null,
        after: { format: 'edsight', via: 'cli', files: summary.files, rowsRead: summary.rowsRead, rowsInserted: summary.rowsInserted },
      });
    } finally {
      await own.close();
    }
  });

  it('refuses a workbook named as CSV before reading it, and audits nothing, since nothing was kept', async () => {
    const bad = join(dir, 'not-a-table.csv');
    writeFileSync(bad, 'PK\u0003\u0004\u0014\u0000xl/workbook.xml');
    const before = await database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    await expect(runImport(database, request({ format: 'edsight', files: [{ path: bad }], options: { year: '2017-18' } }))).rejects.toThrow(
      'not-a-table.csv is not a CSV or text file: it looks like an Excel workbook.',
    );
    const after = await database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('sums district rows without reading suppressed cells as 0, and says how many were left out', async () => {
    await runImport(database, request({ format: 'edsight', files: ctFiles(/2017-18.*all-grades-combined\.csv$/) }));
    const rows = await database.db
      .selectFrom('aggregate_result as r')
      .innerJoin('result_entity as e', 'e.id', 'r.entity_id')
      .select(['r.tested', 'r.met_or_above', 'r.suppressed'])
      .where('e.kind', '=', 'district')
      .where('r.year', '=', '2017-18')
      .where('r.subject', '=', 'math')
      .where('r.grade', '=', 'all')
      .execute();
    const sum = sumOverEntities(rows.map((r) => ({ tested: r.tested, metOrAbove: r.met_or_above })));
    expect([sum.metOrAbove, sum.tested, sum.leftOutCount]).toEqual([108_835, 232_522, 6]);
    // The cells suppressed at the source are null in the database, never 0, and their rows are marked.
    const hidden = rows.filter((r) => r.met_or_above === null || r.tested === null);
    expect(hidden).toHaveLength(6);
    expect(hidden.every((r) => r.suppressed)).toBe(true);
  });

  it('changes nothing when the same files are imported again, and records the second run', async () => {
    // A database of its own, so that its runs are the only ones there, whatever ran before.
    const own = await freshDatabase(kind);
    try {
      const ownOrg = (
        await own.db.insertInto('organization').values({ name: 'Eastfield Partners', slug: 'eastfield' }).returning('id').executeTakeFirstOrThrow()
      ).id;
      const first = await runImport(own, request({ format: 'edsight', files: ctFiles(/_ct\.csv$/) }, ownOrg));
      expect(first.rowsInserted).toBe(first.rowsRead);
      const before = await aggregateDigest(own);
      const again = await runImport(own, request({ format: 'edsight', files: ctFiles(/_ct\.csv$/) }, ownOrg));
      expect([again.rowsInserted, again.rowsUpdated, again.rowsUnchanged]).toEqual([0, 0, again.rowsRead]);
      expect(await aggregateDigest(own)).toBe(before);
      const runs = await own.db.selectFrom('import_run').select('status').execute();
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    } finally {
      await own.close();
    }
  });

  it('rejects a truncated file with its file, line and column, and keeps nothing from it', async () => {
    const original = readFileSync(dataPath(CT, 'smarter-balanced__2016-17_ela-and-math_all-students_all-grades.csv'), 'utf8');
    // Cut the file in the middle of a row: the last row is short of its columns.
    const cut = original.slice(0, Math.floor(original.length * 0.6));
    const truncated = join(dir, 'smarter-balanced__2016-17_ela-and-math_all-students_all-grades.csv');
    writeFileSync(truncated, cut);
    const before = await footprint(database);
    const runsBefore = (await database.db.selectFrom('import_run').select('id').execute()).map((r) => r.id);
    const error = await runImport(database, request({ format: 'edsight', files: [{ path: truncated }] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    const issue = (error as ImportError).issues[0]!;
    expect(issue.file).toBe('smarter-balanced__2016-17_ela-and-math_all-students_all-grades.csv');
    expect(issue.line).toBe(cut.split('\n').length);
    expect(issue.column).toBeDefined();
    expect((error as Error).message).toMatch(/Nothing from this file was kept/);
    expect(await footprint(database)).toEqual(before);
    // The one run this import recorded, failed.
    const runsNow = await database.db.selectFrom('import_run').select(['id', 'status', 'error']).execute();
    const added = runsNow.filter((r) => !runsBefore.includes(r.id));
    expect(added.map((r) => r.status)).toEqual(['failed']);
    const failed = added[0]!;
    expect(failed.error?.details[0]?.where).toBe(`${issue.file}:${issue.line}:${issue.column}`);
  });

  it('rejects a corrupted cell, even in the last of several files, and keeps none of them', async () => {
    const good = join(dir, 'smarter-balanced__2015-16_ela-and-math_all-students_all-grades-combined.csv');
    copyFileSync(dataPath(CT, 'smarter-balanced__2015-16_ela-and-math_all-students_all-grades-combined.csv'), good);
    const lines = readFileSync(dataPath(CT, 'smarter-balanced__2014-15_ela-and-math_all-students_all-grades-combined.csv'), 'utf8').split('\n');
    const at = lines.findIndex((l) => /Bridgeport/.test(l));
    // The level 1 count (the eighth column) becomes text.
    const cells = lines[at]!.split(',');
    cells[7] = '12x4';
    lines[at] = cells.join(',');
    const bad = join(dir, 'smarter-balanced__2014-15_ela-and-math_all-students_all-grades-combined.csv');
    writeFileSync(bad, lines.join('\n'));
    const before = await footprint(database);
    const error = (await runImport(database, request({ format: 'edsight', files: [{ path: good }, { path: bad }] })).catch((e: unknown) => e)) as ImportError;
    expect(error).toBeInstanceOf(ImportError);
    expect(error.issues[0]).toMatchObject({
      file: 'smarter-balanced__2014-15_ela-and-math_all-students_all-grades-combined.csv',
      line: at + 1,
      column: 'Level 1 Not Met Count',
    });
    expect(await footprint(database)).toEqual(before);
  });

  it('loads the Ed-Fi Grand Bend students and their results, adding the district and schools when asked', async () => {
    const before = await footprint(database);
    const refused = (await runImport(database, request({ format: 'edfi-xml', files: edfiFiles })).catch((e: unknown) => e)) as ImportError;
    expect(refused).toBeInstanceOf(ImportError);
    expect(refused.message).toMatch(/Student\.xml:\d+: student \d+ has no school or district in the network/);
    expect(await footprint(database)).toEqual(before);

    const summary = await runImport(database, request({ format: 'edfi-xml', files: edfiFiles, options: { createSchools: true, state: 'TX' } }));
    expect(summary.created).toEqual({ districts: 1, schools: 3 });
    const district = await database.db.selectFrom('district').select(['id', 'name', 'state']).where('state_code', '=', '255901').executeTakeFirstOrThrow();
    expect([district.name, district.state]).toEqual(['Grand Bend ISD', 'TX']);
    const students = await database.db
      .selectFrom('student')
      .select(['local_id', 'first_name', 'last_name', 'district_id'])
      .where('district_id', '=', district.id)
      .execute();
    expect(students).toHaveLength(960);
    expect(students.find((s) => s.local_id === '604821')).toMatchObject({ first_name: 'Tyrone', last_name: 'Dyer', district_id: district.id });
    const results = await database.db
      .selectFrom('student_result')
      .selectAll('student_result')
      .innerJoin('student', 'student.id', 'student_result.student_id')
      .where('student.district_id', '=', district.id)
      .execute();
    expect(results).toHaveLength(34 + 335);
    const first = results.find(
      (r) => r.assessment_id === 'SA-2011-Mathematics-Eighth grade' && r.source_line > 0 && r.performance_level === 'Did Not Meet Standard',
    );
    expect(first).toMatchObject({ subject: 'math', grade: 8, level_ordinal: 1, school_year: '2021-22', administration_date: '2021-04-01' });
    expect(Number(first!.scale_score)).toBeGreaterThan(0);
    expect(summary.rowsInserted).toBe(960 + 34 + 335);

    const again = await runImport(database, request({ format: 'edfi-xml', files: edfiFiles, options: { createSchools: true, state: 'TX' } }));
    expect([again.rowsInserted, again.rowsUpdated, again.created]).toEqual([0, 0, { districts: 0, schools: 0 }]);
  });

  it('loads a CAASPP research file with its entities file, links the school by CDS code, and keeps * cells suppressed', async () => {
    const district = await database.db
      .insertInto('district')
      .values({ organization_id: org, name: 'Los Angeles Unified', state: 'CA', state_code: '1964733' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const school = await database.db
      .insertInto('school')
      .values({
        organization_id: org,
        district_id: district.id,
        name: 'Twentieth Street Elementary',
        state_code: '19647336019582',
        level: 'elementary',
        grade_low: 0,
        grade_high: 5,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const header =
      '"County Code","District Code","School Code","Filler","Test Year","Subgroup ID","Test Type","Total Tested At Entity Level","Total Tested At Subgroup Level","Grade","Test Id","CAASPP Reported Enrollment","Students Tested","Mean Scale Score","Percentage Standard Exceeded","Percentage Standard Met","Percentage Standard Met and Above","Percentage Standard Nearly Met","Percentage Standard Not Met","Students with Scores"';
    const row = (
      cds: [string, string, string],
      group: number,
      grade: number,
      test: number,
      n: string,
      mean: string,
      pcts: [string, string, string, string, string],
    ) => [...cds, '', '2017', String(group), 'B', n, n, String(grade), String(test), n, n, mean, ...pcts, n].map((v) => `"${v}"`).join(',');
    const school3: [string, string, string] = ['19', '64733', '6019582'];
    const lines = [
      header,
      row(['00', '00000', '0000000'], 1, 13, 2, '3200000', '2500.1', ['19.00', '18.56', '37.56', '24.50', '37.94']),
      row(['19', '64733', '0000000'], 1, 13, 2, '260000', '2480.2', ['13.00', '17.00', '30.00', '26.00', '44.00']),
      row(school3, 1, 3, 2, '80', '2401.5', ['10.00', '20.00', '30.00', '30.00', '40.00']),
      row(school3, 160, 3, 2, '*', '*', ['*', '*', '*', '*', '*']),
      row(school3, 1, 13, 2, '240', '2450.0', ['12.50', '22.50', '35.00', '30.00', '35.00']),
    ];
    const file = join(dir, 'sb_ca2017_1_csv_v2.txt');
    writeFileSync(file, lines.join('\r\n') + '\r\n');
    const summary = await runImport(
      database,
      request({ format: 'caaspp', files: [{ path: file }], options: { entities: dataPath('ca-caaspp-reference', 'sb_ca2017entities_csv.txt') } }),
    );
    expect([summary.rowsInserted, summary.matchedEntities]).toEqual([5, 2]);

    const page = (await resultsFor(database.db, 'school', school.id, false))!;
    expect(page.rows.map((r) => [r.grade, r.group, r.tested, r.pctMetOrAbove])).toEqual([
      ['all', 'all', 240, 35],
      ['3', 'all', 80, 30],
      ['3', 'el', '*', '*'],
    ]);
    expect(page.district.map((r) => r.pctMetOrAbove)).toEqual([30]);
    expect(page.state.map((r) => r.pctMetOrAbove)).toEqual([37.56]);
    const names = await database.db
      .selectFrom('result_entity')
      .select(['kind', 'name'])
      .where('code', 'in', ['19647336019582', '1964733'])
      .orderBy('kind')
      .execute();
    expect(names).toEqual([
      { kind: 'district', name: 'Los Angeles Unified' },
      { kind: 'school', name: 'Twentieth Street Elementary' },
    ]);
  });

  it('rosters the OneRoster template bundle: its schools under the district named for them, its students enrolled', async () => {
    const bundle = join(dir, 'roster');
    const { cpSync } = await import('node:fs');
    cpSync(dataPath('oneroster-csv-templates'), bundle, { recursive: true });
    const before = await footprint(database);
    const orphan = (await runImport(database, request({ format: 'oneroster', files: [{ path: bundle }], options: { createSchools: true, state: 'CA' } })).catch(
      (e: unknown) => e,
    )) as ImportError;
    expect(orphan).toBeInstanceOf(ImportError);
    expect(orphan.message).toMatch(
      /^The import stopped at orgs\.csv:2: school 12345 belongs to district 54321, which is neither in the file nor in the network/,
    );
    expect(await footprint(database)).toEqual(before);

    const district = await database.db
      .insertInto('district')
      .values({ organization_id: org, name: 'Template District', state: 'CA', state_code: '9700001' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const summary = await runImport(
      database,
      request({ format: 'oneroster', files: [{ path: bundle }], options: { createSchools: true, state: 'CA', district: '9700001' } }),
    );
    expect(summary.created).toEqual({ districts: 0, schools: 2 });
    const school = await database.db.selectFrom('school').select(['id', 'name', 'district_id']).where('state_code', '=', '12345').executeTakeFirstOrThrow();
    expect([school.name, school.district_id]).toEqual(['School 1', district.id]);
    const student = await database.db
      .selectFrom('student')
      .select(['first_name', 'last_name', 'school_id', 'district_id'])
      .where('local_id', '=', 'user1')
      .executeTakeFirstOrThrow();
    expect(student).toEqual({ first_name: 'ionut', last_name: 'padurariu', school_id: school.id, district_id: district.id });
    const audit = await database.db.selectFrom('audit_log').select('object_id').where('action', '=', 'school.create').execute();
    expect(audit.map((a) => a.object_id)).toContain(school.id);
  });

  it('names an unmapped required column of a student CSV, and loads the file once the map is right', async () => {
    // A district and school of its own, so that it needs no other test's.
    const district = await database.db
      .insertInto('district')
      .values({ organization_id: org, name: 'Spring Valley Unified', state: 'CA', state_code: '1964799' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('school')
      .values({
        organization_id: org,
        district_id: district.id,
        name: 'Spring Valley Elementary',
        state_code: '19647996000001',
        level: 'elementary',
        grade_low: 0,
        grade_high: 5,
      })
      .execute();
    const csv = join(dir, 'spring-scores.csv');
    writeFileSync(csv, 'SSID,School,Subj,Gr,Yr,Score,Level\n5550001,19647996000001,Math,3,2017-18,2390,1\n5550002,19647996000001,ELA,3,2017-18,2460,3\n');
    const map = { studentId: 'SSID', schoolCode: 'School', subject: 'Subj', grade: 'Gr', scaleScore: 'Score', performanceLevel: 'Level' };
    const error = (await runImport(database, request({ format: 'student-csv', files: [{ path: csv }], options: { map } })).catch(
      (e: unknown) => e,
    )) as ImportError;
    expect(error).toBeInstanceOf(ImportError);
    expect(error.issues[0]!.message).toBe('year is required: name the column that holds it');
    const summary = await runImport(database, request({ format: 'student-csv', files: [{ path: csv }], options: { map: { ...map, year: 'Yr' } } }));
    expect(summary.rowsInserted).toBe(4);
    const rows = await database.db
      .selectFrom('student')
      .innerJoin('student_result', 'student_result.student_id', 'student.id')
      .select(['student.local_id', 'student.district_id', 'student_result.level_ordinal'])
      .where('student.local_id', 'like', '555%')
      .orderBy('student.local_id')
      .execute();
    expect(rows).toEqual([
      { local_id: '5550001', district_id: district.id, level_ordinal: 1 },
      { local_id: '5550002', district_id: district.id, level_ordinal: 3 },
    ]);
  });
});
