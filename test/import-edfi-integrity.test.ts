// Ed-Fi XML imports refuse what they cannot keep as written, on both engines: impossible dates, scores
// outside the assessment's range, results of students nobody rostered, another root element and bytes that
// are not UTF-8, each with file, line and reason. Corrupted copies of the Grand Bend sample files are
// written to a temporary folder.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import { ImportError } from '../src/importers/issues';
import { runImport, type ImportRequest } from '../src/importers/load';
import { dataPath, sharedDataAvailable } from '../src/importers/testing/shared-data';
import { describeEachDatabase, freshDatabase } from './support/databases';

vi.setConfig({ testTimeout: 180_000 });

const EDFI = 'edfi-grand-bend-sample-xml';
const ASSESSMENTS = 'StudentAssessment-StateAssessment.xml';
const real = (name: string) => readFileSync(dataPath(EDFI, name));
/** The 1-based line of the first occurrence of `needle` in a file's text. */
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

async function refusal(promise: Promise<unknown>): Promise<ImportError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

describeEachDatabase('Ed-Fi imports refuse what they would bend', (kind) => {
  let database: TrellisDatabase;
  let org: string;
  let dir: string;
  const options = { createSchools: true, state: 'TX' };
  const request = (files: string[], organizationId = org): ImportRequest => ({
    organizationId,
    format: 'edfi-xml',
    files: files.map((path) => ({ path })),
    options,
    actor: { personId: null, via: 'cli' },
  });
  const FILES = ['EducationOrganization.xml', 'Student.xml', 'AssessmentMetadata-StateAssessment.xml', ASSESSMENTS];
  /** The four files of a small import, one of them replaced by a corrupted copy. */
  const withCopy = (name: string, text: string | Buffer) => {
    const path = join(mkdtempSync(join(dir, 'case-')), name);
    writeFileSync(path, text);
    return FILES.map((n) => (n === name ? path : dataPath(EDFI, n)));
  };
  const footprint = async () =>
    Promise.all(
      (['student', 'student_result', 'school'] as const).map(async (t) =>
        Number(
          (
            await database.db
              .selectFrom(t)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ),
    );

  beforeAll(async () => {
    sharedDataAvailable();
    database = await freshDatabase(kind);
    org = (await database.db.insertInto('organization').values({ name: 'Grand Bend Partners', slug: 'grand-bend' }).returning('id').executeTakeFirstOrThrow())
      .id;
    dir = mkdtempSync(join(tmpdir(), 'trellis-edfi-integrity-'));
  });
  afterAll(async () => {
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an impossible administration date instead of storing it as written', async () => {
    const text = real(ASSESSMENTS).toString('utf8');
    const bad = text.replace('<AdministrationDate>2021-04-01T16:00:00</AdministrationDate>', '<AdministrationDate>2019-13-45T16:00:00</AdministrationDate>');
    const error = await refusal(runImport(database, request(withCopy(ASSESSMENTS, bad))));
    expect(error.issues[0]).toEqual({
      file: ASSESSMENTS,
      line: lineOf(bad, '2019-13-45'),
      column: 'AdministrationDate',
      message: 'AdministrationDate "2019-13-45T16:00:00" is not a real date',
    });
    expect(await footprint()).toEqual([0, 0, 0]);
  });

  it("refuses a score of −999999, outside the range the assessment's metadata gives", async () => {
    const text = real(ASSESSMENTS).toString('utf8');
    const bad = text.replace('<Result>691</Result>', '<Result>-999999</Result>');
    const error = await refusal(runImport(database, request(withCopy(ASSESSMENTS, bad))));
    expect(error.issues[0]).toEqual({
      file: ASSESSMENTS,
      line: lineOf(bad, '-999999'),
      column: 'Result',
      message: 'the Vertical score -999999 is outside the range 100 to 950 that the assessment gives',
    });
    expect(await footprint()).toEqual([0, 0, 0]);
  });

  it('refuses a result for a student who is in no Student file of the import and not in the network', async () => {
    const text = real(ASSESSMENTS).toString('utf8');
    const bad = text.replace('<StudentUniqueId>604898</StudentUniqueId>', '<StudentUniqueId>999000111</StudentUniqueId>');
    const error = await refusal(runImport(database, request(withCopy(ASSESSMENTS, bad))));
    expect(error.issues[0]).toEqual({
      file: ASSESSMENTS,
      // The line of the StudentAssessment that names the student.
      line: bad.slice(0, bad.lastIndexOf('<StudentAssessment>', bad.indexOf('999000111'))).split('\n').length,
      column: 'StudentUniqueId',
      message: 'student 999000111 is in no Student file of this import and not in the network; import the Student interchange with it',
    });
    expect(await footprint()).toEqual([0, 0, 0]);
  });

  it('refuses a file whose root element is not an Ed-Fi interchange', async () => {
    const bad = real('Student.xml').toString('utf8').replace('<InterchangeStudent ', '<StudentRoster ').replace('</InterchangeStudent>', '</StudentRoster>');
    const error = await refusal(runImport(database, request(withCopy('Student.xml', bad))));
    expect(error.issues[0]).toEqual({
      file: 'Student.xml',
      line: 2,
      message: 'the root element is <StudentRoster>, not an Ed-Fi interchange such as <InterchangeStudent>',
    });
    expect(await footprint()).toEqual([0, 0, 0]);
  });

  it('refuses bytes that are not UTF-8 instead of reading them as U+FFFD', async () => {
    const text = real('Student.xml');
    const at = text.indexOf('<FirstName>Tyrone</FirstName>') + '<FirstName>'.length;
    // "Tyrone" with its "y" replaced by a Latin-1 é (0xE9), which is not UTF-8.
    const bad = Buffer.concat([text.subarray(0, at + 1), Buffer.from([0xe9]), text.subarray(at + 2)]);
    const error = await refusal(runImport(database, request(withCopy('Student.xml', bad))));
    expect(error.issues[0]).toEqual({
      file: 'Student.xml',
      line: lineOf(text.toString('utf8'), 'Tyrone'),
      message: 'the file is not UTF-8 here (byte 0xE9); save it as UTF-8 and import it again',
    });
    expect(await footprint()).toEqual([0, 0, 0]);
  });

  it('loads the untouched files, then a result file on its own for students already in the network', async () => {
    // A database of its own, so that the refusals above find theirs empty in any order.
    const own = await freshDatabase(kind);
    try {
      const ownOrg = (
        await own.db.insertInto('organization').values({ name: 'Grand Bend Partners', slug: 'grand-bend' }).returning('id').executeTakeFirstOrThrow()
      ).id;
      const summary = await runImport(
        own,
        request(
          FILES.map((n) => dataPath(EDFI, n)),
          ownOrg,
        ),
      );
      expect(summary.rowsInserted).toBe(960 + 34);
      const again = await runImport(own, request([dataPath(EDFI, 'AssessmentMetadata-StateAssessment.xml'), dataPath(EDFI, ASSESSMENTS)], ownOrg));
      expect([again.rowsInserted, again.rowsUpdated]).toEqual([0, 0]);
    } finally {
      await own.close();
    }
  });
});
