// Results over HTTP on both databases: upload an import and follow its job, small groups shown as * to
// those who may not see students, the network table, and focus students for school staff only.
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import type { AggregateResult, StudentRecord, StudentResult } from '../src/importers/records';
import { loadGeneratedRecords } from '../src/importers/generated-records';
import { dataPath, sharedDataAvailable } from '../src/importers/testing/shared-data';
import { buildApp } from '../src/server/app';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { buildFixture, signIn, type Agent, type Fixture } from './support/fixture';

const SCHOOL_A = '98000016000001';

function aggregate(code: string, kind: 'school' | 'district', year: string, group: string, tested: number, met: number): AggregateResult {
  return {
    source: 'caaspp',
    entity: { kind, state: 'CA', code },
    year,
    assessment: 'smarter-balanced',
    subject: 'math',
    grade: 'all',
    group,
    tested,
    levelCounts: null,
    levelPercents: null,
    metOrAbove: met,
    pctMetOrAbove: Math.round((1000 * met) / tested) / 10,
    meanScaleScore: null,
    suppressed: false,
    line: 1,
  };
}

describeEachDatabase('results API', (kind) => {
  let database: TrellisDatabase;
  let app: FastifyInstance;
  let f: Fixture;
  let url: string;
  const agents: Record<string, Agent> = {};

  beforeAll(async () => {
    sharedDataAvailable();
    database = await freshDatabase(kind);
    f = await buildFixture(database.db);
    app = await buildApp({ database, webDir: null, signInLimit: 1000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    for (const who of ['org_admin', 'network_director', 'coach', 'school_leader', 'viewer', 'district_leader'])
      agents[who] = await signIn(app, f.people[who]!.email);
    const students: StudentRecord[] = [1, 2, 3].map((i) => ({
      kind: 'student',
      studentId: `S${i}`,
      firstName: `First${i}`,
      lastName: `Last${i}`,
      schoolId: SCHOOL_A,
      demographics: {},
      line: i,
    }));
    const results: StudentResult[] = [
      [1, 3, 2480],
      [2, 1, 2350],
      [3, 2, 2410],
    ].map(([i, level, score]) => ({
      kind: 'student-result',
      studentId: `S${i}`,
      schoolId: SCHOOL_A,
      assessmentId: 'sb-math-4',
      subject: 'math',
      grade: 4,
      administrationDate: '2025-04-10',
      schoolYear: '2024-25',
      scaleScore: score!,
      performanceLevel: `Level ${level}`,
      performanceLevelOrdinal: level!,
      line: 10 + i!,
    }));
    await loadGeneratedRecords(database, f.orgId, 'test results', {
      aggregates: [
        aggregate(SCHOOL_A, 'school', '2023-24', 'all', 120, 30),
        aggregate(SCHOOL_A, 'school', '2024-25', 'all', 118, 41),
        aggregate(SCHOOL_A, 'school', '2024-25', 'filipino', 8, 5),
        aggregate('9800001', 'district', '2024-25', 'all', 3000, 1200),
      ],
      studentLevel: [...students, ...results],
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const get = async (who: string, path: string) => agents[who]!.request('GET', path);

  it('shows a group under 11 as * to a viewer, and as it is to the school leader', async () => {
    const viewer = await get('viewer', `/api/schools/${f.schoolA}/results`);
    expect(viewer.status).toBe(200);
    const small = (rows: { group: string; year: string; tested: unknown; pctMetOrAbove: unknown }[]) =>
      rows.find((r) => r.group === 'filipino' && r.year === '2024-25');
    expect(small(viewer.json.rows)).toMatchObject({ tested: '*', pctMetOrAbove: '*' });
    expect(viewer.json.canSeeStudents).toBe(false);
    expect(viewer.json.district.map((r: { pctMetOrAbove: number }) => r.pctMetOrAbove)).toEqual([40]);
    expect(viewer.json.groups).toContainEqual({ code: 'filipino', label: 'Filipino' });

    const leader = await get('school_leader', `/api/schools/${f.schoolA}/results`);
    expect(small(leader.json.rows)).toMatchObject({ tested: 8, pctMetOrAbove: 62.5 });
    expect(leader.json.canSeeStudents).toBe(true);
    // A district page never shows small school groups unsuppressed, whoever reads it.
    const district = await get('district_leader', `/api/districts/${f.districtA}/results`);
    expect(district.json.rows.map((r: { pctMetOrAbove: number }) => r.pctMetOrAbove)).toEqual([40]);
  });

  it('lists the network with growth, and only the schools the person may read', async () => {
    const director = await get('network_director', '/api/results/network?subject=math');
    expect(director.json.years).toEqual(['2023-24', '2024-25']);
    expect(director.json.grades).toEqual(['all']);
    expect(director.json.groups).toEqual([
      { code: 'all', label: 'All students' },
      { code: 'filipino', label: 'Filipino' },
    ]);
    const a = director.json.schools.find((s: { id: string }) => s.id === f.schoolA);
    expect(a).toMatchObject({ growth: 34.7 - 25, growthFrom: '2023-24', growthTo: '2024-25' });
    expect(a.byYear['2024-25']).toEqual({ tested: 118, pctMetOrAbove: 34.7 });
    expect(director.json.schools.map((s: { name: string }) => s.name)).toEqual(['Aspen Elementary', 'Beech Elementary']);
    expect(director.json.network.find((n: { year: string }) => n.year === '2024-25')).toEqual({
      year: '2024-25',
      tested: 118,
      pctMetOrAbove: 34.7,
      includedCount: 1,
      leftOutCount: 1,
    });
    // School A has a partnership, school B (no results) does not: the comparison side has nothing to average yet.
    expect(director.json.comparison.find((c: { year: string }) => c.year === '2024-25')).toEqual({
      year: '2024-25',
      partner: { mean: 34.7, includedCount: 1, leftOutCount: 0 },
      comparison: { mean: null, includedCount: 0, leftOutCount: 1 },
      difference: null,
    });
    const leader = await get('school_leader', '/api/results/network?subject=math');
    expect(leader.json.schools.map((s: { id: string }) => s.id)).toEqual([f.schoolA]);
  });

  it('gives school staff and coaches the focus list, lowest level first, and nobody else', async () => {
    const coach = await get('coach', `/api/schools/${f.schoolA}/students/focus?subject=math`);
    expect(coach.status).toBe(200);
    expect(coach.json.year).toBe('2024-25');
    expect(coach.json.students.map((s: { name: string; levelOrdinal: number }) => [s.name, s.levelOrdinal])).toEqual([
      ['First2 Last2', 1],
      ['First3 Last3', 2],
      ['First1 Last1', 3],
    ]);
    expect((await get('viewer', `/api/schools/${f.schoolA}/students/focus?subject=math`)).status).toBe(403);
    expect((await get('network_director', `/api/schools/${f.schoolA}/students/focus?subject=math`)).status).toBe(403);
  });

  async function upload(form: FormData) {
    const admin = agents.org_admin!;
    return fetch(`${url}/api/imports`, { method: 'POST', body: form, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
  }
  async function finished(id: string) {
    for (;;) {
      const run = await get('org_admin', `/api/imports/${id}`);
      if (run.json.status !== 'running') return run.json;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('imports an uploaded file as a job whose progress and outcome can be read', async () => {
    const name = 'smarter-balanced__2017-18_ela-and-math_all-students_all-grades-combined_ct.csv';
    const bytes = readFileSync(dataPath('ct-smarter-balanced', name));
    const form = new FormData();
    form.append('format', 'edsight');
    form.append('file', new Blob([bytes]), name);
    const res = await upload(form);
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const run = await finished(id);
    expect(run).toMatchObject({
      status: 'succeeded',
      format: 'edsight',
      totalBytes: bytes.length,
      bytesRead: bytes.length,
      rowsRead: 2,
      rowsInserted: 2,
      startedBy: expect.any(String),
    });
    expect(run.files[0]).toMatchObject({ name, bytes: bytes.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const list = await get('org_admin', '/api/imports');
    expect(list.json.imports[0].id).toBe(id);
  });

  it('says how many of the districts a file reports are in the network', async () => {
    const name = 'smarter-balanced__2017-18_ela-and-math_all-students_all-grades-combined.csv';
    const form = new FormData();
    form.append('format', 'edsight');
    form.append('file', new Blob([readFileSync(dataPath('ct-smarter-balanced', name))]), name);
    const res = await upload(form);
    expect(res.status).toBe(202);
    const run = await finished(((await res.json()) as { id: string }).id);
    expect(run).toMatchObject({
      status: 'succeeded',
      rowsRead: 384,
      matched: { schools: { matched: 0, reported: 0 }, districts: { matched: 0, reported: 192 } },
    });
  });

  it('audits a web upload as the command line does: who, the files with their hashes, and the counts', async () => {
    const name = 'smarter-balanced__2016-17_ela-and-math_all-students_all-grades-combined_ct.csv';
    const bytes = readFileSync(dataPath('ct-smarter-balanced', name));
    const form = new FormData();
    form.append('format', 'edsight');
    form.append('file', new Blob([bytes]), name);
    const run = await finished(((await (await upload(form)).json()) as { id: string }).id);
    expect(run.status).toBe('succeeded');
    const entries = await database.db.selectFrom('audit_log').selectAll().where('object_kind', '=', 'import_run').where('object_id', '=', run.id).execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      organization_id: f.orgId,
      action: 'import.run',
      actor_id: f.people.org_admin!.id,
      after: {
        format: 'edsight',
        via: 'web',
        files: [{ name, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') }],
        rowsRead: 2,
        rowsInserted: 2,
        rowsUpdated: 0,
        rowsUnchanged: 0,
        matched: { schools: { matched: 0, reported: 0 }, districts: { matched: 0, reported: 0 } },
      },
    });
  });

  it('refuses a picture uploaded as a results file, by name and before reading it, and keeps nothing', async () => {
    const runsBefore = await database.db
      .selectFrom('import_run')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const form = new FormData();
    form.append('format', 'edsight');
    form.append('year', '2017-18');
    form.append('file', new Blob([readFileSync(resolve(import.meta.dirname, '../docs/results.png'))]), 'results.png');
    const res = await upload(form);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string; details: { where: string; message: string }[] };
    expect(body.message).toBe('results.png is not a CSV or text file: it looks like a PNG image. Choose the CSV or text file exported from the source.');
    expect(body.details).toEqual([{ where: 'results.png', message: 'not a CSV or text file' }]);
    const runsAfter = await database.db
      .selectFrom('import_run')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(runsAfter.n)).toBe(Number(runsBefore.n));
  });

  it('takes CAASPP lookups as named file parts and traces each figure to the uploaded file', async () => {
    const header =
      '"County Code","District Code","School Code","Filler","Test Year","Subgroup ID","Test Type","Total Tested At Entity Level","Total Tested At Subgroup Level","Grade","Test Id","CAASPP Reported Enrollment","Students Tested","Mean Scale Score","Percentage Standard Exceeded","Percentage Standard Met","Percentage Standard Met and Above","Percentage Standard Nearly Met","Percentage Standard Not Met","Students with Scores"';
    const row = ['98', '00001', '6000001', '', '2017', '1', 'B', '90', '90', '13', '1', '90', '90', '2440.0', '10.00', '20.00', '30.00', '30.00', '40.00', '90']
      .map((v) => `"${v}"`)
      .join(',');
    const name = 'sb_ca2017_1_csv_v2.txt';
    const form = new FormData();
    form.append('format', 'caaspp');
    form.append('file', new Blob([`${header}\r\n${row}\r\n`]), name);
    // The real entities file, with a line for the fixture's school added.
    const entities =
      readFileSync(dataPath('ca-caaspp-reference', 'sb_ca2017entities_csv.txt'), 'latin1').trimEnd() +
      '\r\n"98","00001","6000001",,"2017","7","Test","Alder Unified","Aspen Elementary","     "\r\n';
    form.append('entities', new Blob([Buffer.from(entities, 'latin1')]), 'sb_ca2017entities_csv.txt');
    form.append('subgroups', new Blob([readFileSync(dataPath('ca-caaspp-reference', 'Subgroups_2017.txt'))]), 'Subgroups_2017.txt');
    const res = await upload(form);
    expect(res.status).toBe(202);
    const run = await finished(((await res.json()) as { id: string }).id);
    expect(run.error).toBeNull();
    expect(run).toMatchObject({
      status: 'succeeded',
      rowsRead: 1,
      rowsInserted: 1,
      matched: { schools: { matched: 1, reported: 1 }, districts: { matched: 0, reported: 0 } },
    });
    expect(run.files.map((file: { name: string }) => file.name)).toEqual([name]);

    const page = await get('viewer', `/api/schools/${f.schoolA}/results`);
    const ela = page.json.rows.find((r: { year: string; subject: string }) => r.year === '2016-17' && r.subject === 'ela');
    expect(ela).toMatchObject({ tested: 90, pctMetOrAbove: 30, importRunId: run.id, line: 2 });
    expect(page.json.sources).toContainEqual({ importRunId: run.id, format: 'caaspp', files: [name], importedAt: expect.any(String) });
  });

  it('records a bad upload as a failed import with file, line and column, and answers a missing format with 400', async () => {
    const name = 'smarter-balanced__2017-18_ela-and-math_all-students_all-grades-combined_ct.csv';
    const text = readFileSync(dataPath('ct-smarter-balanced', name), 'utf8').replace('233297,54808,', '233297,lots,');
    const form = new FormData();
    form.append('format', 'edsight');
    form.append('file', new Blob([text]), name);
    const res = await upload(form);
    const run = await finished(((await res.json()) as { id: string }).id);
    expect(run.status).toBe('failed');
    expect(run.error.details[0].where).toMatch(new RegExp(`^${name.replace(/\./g, '\\.')}:\\d+:`));

    const none = new FormData();
    none.append('file', new Blob(['x']), 'x.csv');
    const refused = await upload(none);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { details: { where: string }[] }).details[0]!.where).toBe('format');
  });
});
