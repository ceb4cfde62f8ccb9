// The pages read most (the network lists, a school's results, the heatmap, the plans table) are answered from memory
// while nothing changed: on both databases, each answer right after a write, made through the API or around it, is
// what a fresh computation gives; people with other grants never get each other's answers; a browser gets it gzipped.
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import type { Framework } from '../src/domain/framework';
import type { AggregateResult } from '../src/importers/records';
import { loadGeneratedRecords } from '../src/importers/generated-records';
import { buildApp } from '../src/server/app';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { buildFixture, signIn, type Agent, type Fixture } from './support/fixture';

const SCHOOL_A = '98000016000001';

function row(year: string, pct: number): AggregateResult {
  return {
    source: 'caaspp',
    entity: { kind: 'school', state: 'CA', code: SCHOOL_A },
    year,
    assessment: 'smarter-balanced',
    subject: 'ela',
    grade: 'all',
    group: 'all',
    tested: 200,
    levelCounts: null,
    levelPercents: null,
    metOrAbove: 2 * pct,
    pctMetOrAbove: pct,
    meanScaleScore: null,
    suppressed: false,
    line: 1,
  };
}

describeEachDatabase('kept answers', (kind) => {
  let database: TrellisDatabase;
  let app: FastifyInstance;
  let f: Fixture;
  let director: Agent;
  let coach: Agent;
  let indicators: { key: string }[];

  beforeAll(async () => {
    database = await freshDatabase(kind);
    f = await buildFixture(database.db);
    app = await buildApp({ database, webDir: null, signInLimit: 1000 });
    director = await signIn(app, f.people.network_director!.email);
    coach = await signIn(app, f.people.coach!.email);
    const framework = (await database.db.selectFrom('framework').select('document').where('id', '=', f.schoolFramework).executeTakeFirstOrThrow())
      .document as Framework;
    indicators = framework.domains.flatMap((d) => d.indicators);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const urls = () => [
    '/api/schools',
    '/api/schools?sort=district&order=desc',
    '/api/districts',
    `/api/schools/${f.schoolA}/results`,
    '/api/heatmap?framework=school-transformation',
    '/api/plans/network?year=2025',
  ];

  /** Every kept answer as this app gives it, and as a new app (nothing kept yet) computes it. */
  async function expectFresh(who: Agent) {
    const fresh = await buildApp({ database, webDir: null, signInLimit: 1000 });
    try {
      for (const url of urls()) {
        const kept = await who.request('GET', url);
        const computed = await fresh.inject({ url, headers: { cookie: who.cookie } });
        expect(kept.status, url).toBe(200);
        expect(kept.json, url).toEqual(computed.json());
      }
    } finally {
      await fresh.close();
    }
  }

  it('answers what a fresh computation gives, after each kind of write', async () => {
    await expectFresh(director);
    // A school renamed through the API.
    const school = (await director.request('GET', `/api/schools/${f.schoolA}`)).json;
    expect((await director.request('PATCH', `/api/schools/${f.schoolA}`, { version: school.version, name: 'Aspen Community Elementary' })).status).toBe(200);
    expect((await director.request('GET', '/api/schools')).json.map((s: { name: string }) => s.name)).toContain('Aspen Community Elementary');
    await expectFresh(director);
    // A check-in on the plan: the plans table shows it as the last one.
    expect(
      (
        await director.request('POST', `/api/schools/${f.schoolA}/plan/checkins`, {
          year: 2025,
          status: 'at_risk',
          evidence: 'Attendance fell.',
          checkedOn: '2025-11-03',
        })
      ).status,
    ).toBe(201);
    const plans = (await director.request('GET', '/api/plans/network?year=2025')).json;
    expect(plans.schools.find((s: { id: string }) => s.id === f.schoolA).lastCheckin).toEqual({ on: '2025-11-03', status: 'at_risk' });
    await expectFresh(director);
    // A consensus rating: the heatmap reads the level that counts.
    expect(
      (await coach.request('PUT', `/api/reviews/${f.reviewA}/ratings`, { indicatorKey: indicators[0]!.key, source: 'consensus', level: 4, version: null }))
        .status,
    ).toBe(200);
    await expectFresh(director);
    // Results loaded around the API, as the command line does: the results page shows them.
    expect((await director.request('GET', `/api/schools/${f.schoolA}/results`)).json.rows).toHaveLength(0);
    await loadGeneratedRecords(database, f.orgId, 'results', { aggregates: [row('2024-25', 30), row('2025-26', 36)], studentLevel: [] });
    expect((await director.request('GET', `/api/schools/${f.schoolA}/results`)).json.rows.map((r: { pctMetOrAbove: number }) => r.pctMetOrAbove)).toEqual([
      30, 36,
    ]);
    await expectFresh(director);
    await expectFresh(coach);
  });

  it('keeps each answer for the grants it was computed for', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await director.request('GET', '/api/schools')).json.map((s: { id: string }) => s.id).sort()).toEqual([f.schoolA, f.schoolB].sort());
      expect((await coach.request('GET', '/api/schools')).json.map((s: { id: string }) => s.id)).toEqual([f.schoolA]);
    }
  });

  it('sends the same answer gzipped to a client that takes gzip', async () => {
    for (const url of urls()) {
      const plain = await app.inject({ url, headers: { cookie: director.cookie } });
      const gz = await app.inject({ url, headers: { cookie: director.cookie, 'accept-encoding': 'gzip, deflate, br' } });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers.vary).toContain('accept-encoding');
      expect(gz.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(plain.json());
    }
    const refused = await app.inject({ url: '/api/schools', headers: { cookie: director.cookie, 'accept-encoding': 'gzip;q=0, identity' } });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  // A write that took its audit id before another write and commits after it leaves the latest audit id as it was:
  // what was computed meanwhile must not be kept. (PGlite runs one transaction at a time, so this is PostgreSQL's.)
  it.skipIf(kind === 'pglite')('keeps nothing computed while a write is under way, so a write that commits late still shows', async () => {
    let commit!: () => void;
    const held = new Promise<void>((resolve) => (commit = resolve));
    let started!: () => void;
    const begun = new Promise<void>((resolve) => (started = resolve));
    const writer = database.db.transaction().execute(async (trx) => {
      await trx.updateTable('school').set({ name: 'Aspen Renamed Late' }).where('id', '=', f.schoolA).execute();
      await trx.insertInto('audit_log').values({ organization_id: f.orgId, action: 'school.update', object_kind: 'school', object_id: f.schoolA }).execute();
      started();
      await held;
    });
    await begun;
    // Another write takes a later audit id and commits first.
    const b = (await director.request('GET', `/api/schools/${f.schoolB}`)).json;
    expect((await director.request('PATCH', `/api/schools/${f.schoolB}`, { version: b.version, name: 'Beech Renamed' })).status).toBe(200);
    const during = (await director.request('GET', '/api/schools')).json.map((s: { name: string }) => s.name);
    expect(during).toContain('Beech Renamed');
    expect(during).not.toContain('Aspen Renamed Late');
    commit();
    await writer;
    expect((await director.request('GET', '/api/schools')).json.map((s: { name: string }) => s.name)).toContain('Aspen Renamed Late');
    await expectFresh(director);
  });
});
