// The network API: scoped lists, search and sort, school details, edits with version checks, input errors, audit.
import { latestMigration } from '../src/db/migrate';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import { buildApp } from '../src/server/app';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { buildFixture, signIn, type Agent, type Fixture } from './support/fixture';

describeEachDatabase('network API', (kind) => {
  let database: TrellisDatabase;
  let app: FastifyInstance;
  let f: Fixture;
  let admin: Agent;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    f = await buildFixture(database.db);
    app = await buildApp({ database, webDir: null, signInLimit: 1000 });
    admin = await signIn(app, f.people.org_admin!.email);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const names = (rows: { name: string }[]) => rows.map((r) => r.name);

  it('reports the database kind and migration in health', async () => {
    const res = await app.inject({ url: '/api/health' });
    expect(res.json()).toEqual({ status: 'ok', database: kind, migration: latestMigration() });
  });

  it('lists only the schools each person may see', async () => {
    const seen: Record<string, string[]> = {};
    for (const who of ['org_admin', 'viewer', 'coach', 'district_leader', 'school_leader', 'team_member', 'program_manager', 'other_admin'])
      seen[who] = names((await (await signIn(app, f.people[who]!.email)).request('GET', '/api/schools')).json);
    expect(seen).toEqual({
      org_admin: ['Aspen Elementary', 'Beech Elementary'],
      viewer: ['Aspen Elementary', 'Beech Elementary'],
      coach: ['Aspen Elementary'],
      district_leader: ['Aspen Elementary'],
      school_leader: ['Aspen Elementary'],
      team_member: ['Aspen Elementary'],
      program_manager: ['Aspen Elementary'],
      other_admin: ['Cedar Elementary'],
    });
  });

  it('searches by name, district and state code, and sorts', async () => {
    expect(names((await admin.request('GET', '/api/schools?q=aspen')).json)).toEqual(['Aspen Elementary']);
    expect(names((await admin.request('GET', '/api/schools?q=birch')).json)).toEqual(['Beech Elementary']);
    expect(names((await admin.request('GET', '/api/schools?q=98000026')).json)).toEqual(['Beech Elementary']);
    expect(names((await admin.request('GET', '/api/schools?q=%25')).json)).toEqual([]);
    expect(names((await admin.request('GET', '/api/schools?sort=name&order=desc')).json)).toEqual(['Beech Elementary', 'Aspen Elementary']);
    expect(names((await admin.request('GET', `/api/schools?district=${f.districtB}`)).json)).toEqual(['Beech Elementary']);
    // A school with no partnership sorts last on support level either way.
    expect(names((await admin.request('GET', '/api/schools?sort=support&order=asc')).json)).toEqual(['Aspen Elementary', 'Beech Elementary']);
  });

  it('shows a school with its partnership, teams and members', async () => {
    const res = await admin.request('GET', `/api/schools/${f.schoolA}`);
    expect(res.status).toBe(200);
    expect(res.json.partnerships[0]).toMatchObject({ supportLevel: 'intensive', coachDaysPerWeek: 3.5, startYear: 2024 });
    expect(res.json.teams.map((t: { name: string }) => t.name)).toEqual(['Aspen ILT']);
    expect(res.json.teams[0].members.map((m: { name: string }) => m.name)).toEqual(['team member']);
    expect(res.json.staff.map((m: { role: string }) => m.role).sort()).toEqual(['coach', 'school_leader']);
    expect(res.json.can).toEqual({ edit: true, readStudents: false });
    // Only what the page shows goes out, in one casing: no stored columns such as the organization or creation time.
    expect(Object.keys(res.json).sort()).toEqual([
      'can',
      'city',
      'districtId',
      'districtName',
      'enrollment',
      'gradeHigh',
      'gradeLow',
      'id',
      'level',
      'name',
      'partnerships',
      'staff',
      'state',
      'stateCode',
      'teams',
      'version',
    ]);
    expect(Object.keys(res.json.partnerships[0]).sort()).toEqual(['coachDaysPerWeek', 'endYear', 'id', 'phase', 'startYear', 'supportLevel']);
    expect(Object.keys(res.json.teams[0]).sort()).toEqual(['id', 'kind', 'members', 'name']);
  });

  it('answers bad input with 400, the field and a sentence, and writes nothing', async () => {
    const before = await database.db.selectFrom('school').selectAll().where('id', '=', f.schoolA).executeTakeFirstOrThrow();
    const bad = await admin.request('PATCH', `/api/schools/${f.schoolA}`, { version: before.version, enrollment: -5 });
    expect(bad.status).toBe(400);
    expect(bad.json.code).toBe('invalid_input');
    expect(bad.json.details[0]).toEqual({ where: 'body.enrollment', message: 'Enrollment must be at least 0' });
    expect(bad.json.message).toBe('Enrollment must be at least 0.');
    const unknownField = await admin.request('PATCH', `/api/schools/${f.schoolA}`, { version: before.version, principal: 'x' });
    expect(unknownField.status).toBe(400);
    const grades = await admin.request('PATCH', `/api/schools/${f.schoolA}`, { version: before.version, gradeLow: 6 });
    expect(grades.status).toBe(400);
    expect(grades.json.details[0].where).toBe('gradeLow');
    expect(await database.db.selectFrom('school').selectAll().where('id', '=', f.schoolA).executeTakeFirstOrThrow()).toEqual(before);
  });

  it('answers unknown and malformed ids with 404', async () => {
    expect((await admin.request('GET', '/api/schools/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await admin.request('GET', '/api/schools/not-an-id')).status).toBe(404);
    expect((await admin.request('GET', '/api/nothing-here')).status).toBe(404);
  });

  it('refuses a stale write with 409 and keeps the first writer’s change', async () => {
    const { json: school } = await admin.request('GET', `/api/schools/${f.schoolA}`);
    const first = await admin.request('PATCH', `/api/schools/${f.schoolA}`, { version: school.version, enrollment: 455 });
    expect(first.status).toBe(200);
    expect(first.json.version).toBe(school.version + 1);
    const second = await admin.request('PATCH', `/api/schools/${f.schoolA}`, { version: school.version, enrollment: 999 });
    expect(second.status).toBe(409);
    expect(second.json.code).toBe('stale_version');
    expect((await admin.request('GET', `/api/schools/${f.schoolA}`)).json.enrollment).toBe(455);
  });

  it('audits every write with before and after', async () => {
    // Its own write, to school B, whose teams and enrollment no other test here reads.
    const { json: school } = await admin.request('GET', `/api/schools/${f.schoolB}`);
    expect(school.enrollment).toBe(400);
    expect((await admin.request('PATCH', `/api/schools/${f.schoolB}`, { version: school.version, enrollment: 455 })).status).toBe(200);
    const team = await admin.request('POST', `/api/schools/${f.schoolB}/teams`, { name: 'Grade 3 team', kind: 'grade_level' });
    expect(team.status).toBe(201);
    const dup = await admin.request('POST', `/api/schools/${f.schoolB}/teams`, { name: 'grade 3 TEAM', kind: 'grade_level' });
    expect(dup.status).toBe(409);
    const log = (await admin.request('GET', `/api/audit?objectKind=school&objectId=${f.schoolB}`)).json.entries;
    const update = log.find((e: { action: string }) => e.action === 'school.update');
    expect(update.actor.name).toBe('org admin');
    expect(update.before.enrollment).toBe(400);
    expect(update.after.enrollment).toBe(455);
    const teams = (await admin.request('GET', `/api/audit?objectKind=team&objectId=${team.json.id}`)).json.entries;
    expect(teams.map((e: { action: string }) => e.action)).toEqual(['team.create']);
  });

  it('lists districts with the count of visible schools', async () => {
    const leader = await signIn(app, f.people.district_leader!.email);
    expect((await leader.request('GET', '/api/districts')).json.map((d: { name: string; schoolCount: number }) => [d.name, d.schoolCount])).toEqual([
      ['Alder Unified', 1],
    ]);
    expect((await admin.request('GET', '/api/districts')).json.map((d: { name: string }) => d.name)).toEqual(['Alder Unified', 'Birch Unified']);
  });

  it('serves the OpenAPI description', async () => {
    const res = await app.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toContain('/api/schools/{id}');
  });
});
