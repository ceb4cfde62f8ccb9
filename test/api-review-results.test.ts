// What reviews add up to, through the API on both databases: a school's heatmap, deltas, the network heatmap, calibration, the report.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import { allIndicators, type Framework } from '../src/domain/framework';
import { buildApp } from '../src/server/app';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { buildFixture, signIn, type Agent, type Fixture } from './support/fixture';

describeEachDatabase('review results API', (kind) => {
  let database: TrellisDatabase;
  let app: FastifyInstance;
  let f: Fixture;
  let admin: Agent;
  let leader: Agent;
  let coach: Agent;
  let framework: Framework;
  let keys: string[];
  /** A spring follow-up of school A after the fixture's fall baseline, rated by the school and its reviewers. */
  let spring: string;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    f = await buildFixture(database.db);
    app = await buildApp({ database, webDir: null, signInLimit: 1000 });
    admin = await signIn(app, f.people.org_admin!.email);
    leader = await signIn(app, f.people.school_leader!.email);
    coach = await signIn(app, f.people.coach!.email);
    framework = (await admin.request('GET', `/api/frameworks/${f.schoolFramework}`)).json.document;
    keys = allIndicators(framework).map((i) => i.key);
    const [k1, k2, k3] = keys as [string, string, string];
    const review = {
      frameworkId: f.schoolFramework,
      type: 'transformation_spring',
      title: 'Spring follow-up',
      schoolYear: 2025,
      startsOn: '2026-04-14',
      endsOn: '2026-04-15',
      focusIndicators: [k1, k2],
    };
    spring = (await leader.request('POST', `/api/schools/${f.schoolA}/reviews`, review)).json.id;
    const rate = (agent: Agent, reviewId: string, indicatorKey: string, source: string, level: number) =>
      agent.request('PUT', `/api/reviews/${reviewId}/ratings`, { indicatorKey, source, level, version: null });
    // The fall baseline has the fixture's self 2 for the first indicator; its third gets a consensus 2.
    for (const answer of [
      await rate(leader, spring, k1, 'self', 3),
      await rate(admin, spring, k2, 'external', 2),
      await rate(coach, spring, k1, 'external', 2),
      await rate(coach, spring, k3, 'consensus', 4),
      await rate(coach, f.reviewA, k3, 'consensus', 2),
    ])
      expect(answer.status).toBe(200);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('shows a heatmap over reviews in date order, with empty cells left empty, and deltas between reviews', async () => {
    const map = (await leader.request('GET', `/api/schools/${f.schoolA}/heatmap`)).json;
    expect(map.columns.map((c: { id: string }) => c.id)).toEqual([f.reviewA, spring]);
    const row = (k: string) => map.rows.find((r: { indicatorKey: string }) => r.indicatorKey === k).cells;
    expect(row(keys[0]!)).toEqual([2, 2]); // fall: self 2; spring: external 2 beats self 3
    expect(row(keys[2]!)).toEqual([2, 4]);
    expect(row(keys[5]!)).toEqual([null, null]);
    const d = (await leader.request('GET', `/api/reviews/${spring}/deltas?from=${f.reviewA}`)).json;
    expect(d.rows.find((r: { indicatorKey: string }) => r.indicatorKey === keys[2])).toMatchObject({ from: 2, to: 4, change: 2, focus: false });
    expect(d.rows.find((r: { indicatorKey: string }) => r.indicatorKey === keys[0])).toMatchObject({ change: 0, focus: true });
    expect((await leader.request('GET', `/api/reviews/${spring}/deltas?from=${f.reviewB}`)).status).toBe(404);
  });

  it("shows the network heatmap: each school's latest review per year, levels kept in step with every rating", async () => {
    const map = (await admin.request('GET', '/api/heatmap')).json;
    expect(map.years).toEqual([2025]);
    const aspen = map.schools.find((s: { name: string }) => s.name === 'Aspen Elementary');
    expect(aspen.years[0].reviewId).toBe(spring);
    const at = (k: string) => aspen.years[0].levels[map.indicators.findIndex((i: { key: string }) => i.key === k)];
    expect([at(keys[0]!), at(keys[1]!), at(keys[2]!), at(keys[3]!)]).toEqual([2, 2, 4, null]);
    expect(map.schools.find((s: { name: string }) => s.name === 'Beech Elementary').years[0]).toEqual({
      year: 2025,
      reviewId: f.reviewB,
      levels: Array(keys.length).fill(null),
    });
    await coach.request('PUT', `/api/reviews/${spring}/ratings`, { indicatorKey: keys[3], source: 'self', level: 1, version: null });
    const after = (await admin.request('GET', '/api/heatmap')).json.schools.find((s: { name: string }) => s.name === 'Aspen Elementary');
    expect(after.years[0].levels[map.indicators.findIndex((i: { key: string }) => i.key === keys[3])]).toBe(1);
    expect((await leader.request('GET', '/api/heatmap')).json.schools.map((s: { name: string }) => s.name)).toEqual(['Aspen Elementary']);
    // A school without a partnership has a row only once it has a review: Beech (reviewed) does, a new comparison school does not.
    const comparison = await database.db
      .insertInto('school')
      .values({
        organization_id: f.orgId,
        district_id: f.districtA,
        name: 'Alder Comparison Elementary',
        state_code: '98000016000099',
        level: 'elementary',
        grade_low: 0,
        grade_high: 5,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    try {
      expect((await admin.request('GET', '/api/schools')).json.map((s: { name: string }) => s.name)).toContain('Alder Comparison Elementary');
      expect((await admin.request('GET', '/api/heatmap')).json.schools.map((s: { name: string }) => s.name)).toEqual(['Aspen Elementary', 'Beech Elementary']);
    } finally {
      await database.db.deleteFrom('school').where('id', '=', comparison.id).execute();
    }
  });

  it('calibrates across the schools each person sees', async () => {
    const network = (await admin.request('GET', '/api/calibration')).json;
    expect(network.bySchool.map((s: { name: string }) => s.name)).toEqual(['Aspen Elementary', 'Beech Elementary']);
    expect(network.bySchool[0]).toMatchObject({ n: 1, meanDifference: 1 });
    expect(network.bySchool[1]).toMatchObject({ n: 0, reviewId: null });
    expect(network.network).toMatchObject({ n: 1, selfHigher: 1 });
    expect((await coach.request('GET', '/api/calibration')).json.bySchool.map((s: { name: string }) => s.name)).toEqual(['Aspen Elementary']);
  });

  it('prints a review report as HTML and as a PDF', async () => {
    const html = await app.inject({ url: `/api/reviews/${f.reviewA}/report`, headers: { cookie: leader.cookie } });
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('Aspen Elementary');
    expect(html.body).toContain(allIndicators(framework)[0]!.name.replace(/&/g, '&amp;'));
    const pdf = await app.inject({ url: `/api/reviews/${f.reviewA}/report.pdf`, headers: { cookie: leader.cookie } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(5000);
  });
});
