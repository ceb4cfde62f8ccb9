// A district's page: a school's own staff read it to compare with, seeing only their own schools and teams.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import { buildApp } from '../src/server/app';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { buildFixture, signIn, type Fixture } from './support/fixture';

describeEachDatabase('district page API', (kind) => {
  let database: TrellisDatabase;
  let app: FastifyInstance;
  let f: Fixture;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    f = await buildFixture(database.db);
    // A second school and the cross-functional team of Alder, neither of them the school leader's.
    await database.db
      .insertInto('school')
      .values({
        organization_id: f.orgId,
        district_id: f.districtA,
        name: 'Alder Middle',
        state_code: '98000016000009',
        level: 'middle',
        grade_low: 6,
        grade_high: 8,
        enrollment: 600,
      })
      .execute();
    await database.db
      .insertInto('team')
      .values({ organization_id: f.orgId, district_id: f.districtA, school_id: null, name: 'District cross-functional team', kind: 'district_team' })
      .execute();
    app = await buildApp({ database, webDir: null, signInLimit: 1000 });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const page = async (who: string) => (await (await signIn(app, f.people[who]!.email)).request('GET', `/api/districts/${f.districtA}`)).json;
  const view = (d: { name: string; schools: { name: string }[]; teams: { name: string }[]; can: object }) => ({
    name: d.name,
    schools: d.schools.map((s) => s.name),
    teams: d.teams.map((t) => t.name),
    can: d.can,
  });

  it('shows the district leader every school, its team and its reviews', async () => {
    expect(view(await page('district_leader'))).toEqual({
      name: 'Alder Unified',
      schools: ['Alder Middle', 'Aspen Elementary'],
      teams: ['District cross-functional team'],
      can: { readReviews: true, edit: true },
    });
    expect(view(await page('viewer')).can).toEqual({ readReviews: true, edit: false });
  });

  it("shows a school's leader, coach and teachers their district with only their own school, no district team and no reviews", async () => {
    const own = { name: 'Alder Unified', schools: ['Aspen Elementary'], teams: [], can: { readReviews: false, edit: false } };
    for (const who of ['school_leader', 'coach', 'team_member']) expect(view(await page(who)), who).toEqual(own);
  });

  it("lets them read the district's reported results, not another district's", async () => {
    const leader = await signIn(app, f.people.school_leader!.email);
    const own = await leader.request('GET', `/api/districts/${f.districtA}/results`);
    expect(own.status).toBe(200);
    expect(own.json).toMatchObject({ entity: { kind: 'district', name: 'Alder Unified' }, canSeeStudents: false });
    expect((await leader.request('GET', `/api/districts/${f.districtB}/results`)).status).toBe(404);
    expect((await leader.request('GET', `/api/districts/${f.districtB}`)).status).toBe(404);
  });
});
