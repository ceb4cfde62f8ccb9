// The people list for organization admins: one page at a time, searched by name or email, filtered by role and scope.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import { buildApp } from '../src/server/app';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { buildFixture, signIn, type Agent, type Fixture } from './support/fixture';

describeEachDatabase('people API', (kind) => {
  let database: TrellisDatabase;
  let app: FastifyInstance;
  let f: Fixture;
  let admin: Agent;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    f = await buildFixture(database.db);
    app = await buildApp({ database, webDir: null, signInLimit: 1000 });
    admin = await signIn(app, f.people.org_admin!.email);
    // 30 teachers: the odd ones on Aspen's team, the even ones on Beech's; one name with a LIKE wildcard in it.
    for (let i = 1; i <= 30; i++) {
      const n = String(i).padStart(2, '0');
      const res = await admin.request('POST', '/api/people', {
        name: i === 30 ? 'Teacher 100% Ready' : `Teacher ${n}`,
        email: `Teacher.${n}@Schools.test`,
        grant: { role: 'team_member', scopeKind: 'team', scopeId: i % 2 ? f.teamA : f.teamB },
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const names = (json: { people: { name: string }[] }) => json.people.map((p) => p.name);

  it('answers one page of people by name with the number that match in all', async () => {
    const first = (await admin.request('GET', '/api/people?pageSize=25')).json;
    expect(first.total).toBe(38); // the fixture's 8 people of this organization and 30 teachers
    expect(first.people).toHaveLength(25);
    const second = (await admin.request('GET', '/api/people?pageSize=25&page=2')).json;
    expect(second.total).toBe(38);
    expect(second.people).toHaveLength(13);
    const everyone = [...names(first), ...names(second)];
    expect(new Set(everyone).size).toBe(38);
    expect(everyone).toEqual([...everyone].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    // Each person carries their roles with where they hold them.
    const teacher = first.people.concat(second.people).find((p: { name: string }) => p.name === 'Teacher 01');
    expect(teacher.memberships).toEqual([expect.objectContaining({ role: 'team_member', scopeKind: 'team', scopeName: 'Aspen ILT, Aspen Elementary' })]);
    // Past the last page: no one, but the total still says how many there are.
    expect((await admin.request('GET', '/api/people?page=9')).json).toEqual({ people: [], total: 38 });
  });

  it('searches names and emails in any case, taking % and _ literally', async () => {
    expect(names((await admin.request('GET', '/api/people?q=TEACHER 0')).json)).toEqual([
      'Teacher 01',
      'Teacher 02',
      'Teacher 03',
      'Teacher 04',
      'Teacher 05',
      'Teacher 06',
      'Teacher 07',
      'Teacher 08',
      'Teacher 09',
    ]);
    expect((await admin.request('GET', '/api/people?q=teacher.17@schools')).json).toMatchObject({
      total: 1,
      people: [{ name: 'Teacher 17', email: 'teacher.17@schools.test' }],
    });
    expect(names((await admin.request('GET', `/api/people?q=${encodeURIComponent('100%')}`)).json)).toEqual(['Teacher 100% Ready']);
    expect((await admin.request('GET', `/api/people?q=${encodeURIComponent('0%')}`)).json.total).toBe(1);
    expect((await admin.request('GET', '/api/people?q=_')).json.total).toBe(0);
    expect((await admin.request('GET', '/api/people?q=nobody-like-this')).json).toEqual({ people: [], total: 0 });
  });

  it('filters by role and by where people work', async () => {
    expect(names((await admin.request('GET', '/api/people?role=school_leader')).json)).toEqual(['school leader']);
    expect((await admin.request('GET', '/api/people?role=team_member')).json.total).toBe(31);
    // A school covers grants at it and at its teams; a district covers its schools and their teams too.
    const atAspen = (await admin.request('GET', `/api/people?scope=${f.schoolA}&pageSize=100`)).json;
    expect(atAspen.total).toBe(15 + 3); // 15 odd teachers, the coach, the school leader and the team member
    expect(names(atAspen)).toEqual(expect.arrayContaining(['coach', 'school leader', 'team member', 'Teacher 01']));
    expect(names(atAspen)).not.toContain('Teacher 02');
    const inAlder = (await admin.request('GET', `/api/people?scope=${f.districtA}&pageSize=100`)).json;
    expect(names(inAlder)).toEqual(expect.arrayContaining(['district leader', 'coach', 'school leader', 'Teacher 29']));
    expect(inAlder.total).toBe(19);
    // Filters combine.
    expect(names((await admin.request('GET', `/api/people?scope=${f.schoolA}&role=coach&q=co`)).json)).toEqual(['coach']);
  });

  it('explains a bad page, page size, role or scope in words', async () => {
    const bad = await admin.request('GET', '/api/people?page=0&pageSize=500&role=king&scope=aspen');
    expect(bad.status).toBe(400);
    const where = (bad.json.details as { where: string }[]).map((d) => d.where).sort();
    expect(where).toEqual(['querystring.page', 'querystring.pageSize', 'querystring.role', 'querystring.scope']);
  });

  it('lists only the people of the admin’s own organization', async () => {
    const other = await signIn(app, f.people.other_admin!.email);
    expect((await other.request('GET', '/api/people')).json).toMatchObject({ total: 1, people: [{ email: f.people.other_admin!.email }] });
  });
});
