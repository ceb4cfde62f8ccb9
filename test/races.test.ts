// Several people creating the same versioned object at the same moment, on both databases: the first annual
// outcomes draft, the first plan of a year (by a save and by approving the outcomes), the first rating of an
// indicator. Exactly one create wins; every other answer is 409 with what the winner saved, never a 500.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import type { Framework } from '../src/domain/framework';
import { buildApp } from '../src/server/app';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { buildFixture, signIn, type Agent, type Fixture } from './support/fixture';

const WRITERS = 10;

type Answer = { status: number; json: any };

/** Every answer is 200 or 409, exactly one is 200, and each 409 is a stale version carrying what the winner saved. */
function oneWinner(answers: Answer[], savedBy: (json: any) => unknown, currentOf: (current: any) => unknown) {
  const statuses = answers.map((a) => a.status);
  expect(
    statuses.filter((s) => s !== 200 && s !== 409),
    JSON.stringify(answers.filter((a) => a.status !== 200 && a.status !== 409)),
  ).toEqual([]);
  const winners = answers.filter((a) => a.status === 200);
  expect(winners).toHaveLength(1);
  const saved = savedBy(winners[0]!.json);
  for (const loser of answers.filter((a) => a.status === 409)) {
    expect(loser.json.code).toBe('stale_version');
    expect(loser.json.current).toBeTruthy();
    expect(currentOf(loser.json.current)).toEqual(saved);
  }
  return winners[0]!.json;
}

describeEachDatabase('first creates at the same moment', (kind) => {
  let database: TrellisDatabase;
  let app: FastifyInstance;
  let f: Fixture;
  let indicators: { key: string }[];
  const agents: Agent[] = [];

  beforeAll(async () => {
    database = await freshDatabase(kind);
    f = await buildFixture(database.db);
    app = await buildApp({ database, webDir: null, signInLimit: 1000 });
    // Two people who may edit school A, each signed in several times, as several browsers would be.
    for (let i = 0; i < WRITERS; i++) agents.push(await signIn(app, f.people[i % 2 ? 'coach' : 'school_leader']!.email));
    const framework = (await database.db.selectFrom('framework').select('document').where('id', '=', f.schoolFramework).executeTakeFirstOrThrow())
      .document as Framework;
    indicators = framework.domains.flatMap((d) => d.indicators);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const outcome = (i: number) => ({
    target: {
      kind: 'student',
      subject: 'ela',
      grade: 'all',
      group: 'all',
      groupLabel: 'All students',
      metric: 'pct_met_or_above',
      baseline: 30,
      baselineYear: '2025-26',
      target: 31 + i,
    },
    title: `Reading, as writer ${i} set it`,
    source: 'team',
  });
  const goal = (i: number) => ({ id: `goal-${i}`, title: `Goal of writer ${i}`, outcomeId: null, target: null, targetDate: null, strategies: [] });

  it('the first outcomes draft of a year: one is saved, the others are told and shown it', async () => {
    const url = `/api/schools/${f.schoolA}/outcomes`;
    const answers = await Promise.all(agents.map((a, i) => a.request('PUT', url, { year: 2030, version: null, outcomes: [outcome(i)] })));
    const won = oneWinner(
      answers,
      (json) => ({ version: json.set.version, titles: json.outcomes.map((o: { title: string }) => o.title) }),
      (current) => ({ version: current.version, titles: current.outcomes.map((o: { title: string }) => o.title) }),
    );
    // Nothing of the losers was kept: the draft holds the winner's one outcome.
    const now = await agents[0]!.request('GET', `${url}?year=2030`);
    expect(now.json.outcomes.map((o: { title: string }) => o.title)).toEqual(won.outcomes.map((o: { title: string }) => o.title));
    expect(now.json.set.version).toBe(1);
  });

  it('the first plan of a year: one is saved, the others are told and shown it', async () => {
    const url = `/api/schools/${f.schoolA}/plan`;
    const answers = await Promise.all(agents.map((a, i) => a.request('PUT', url, { year: 2030, version: null, goals: [goal(i)] })));
    const won = oneWinner(
      answers,
      (json) => ({ version: json.plan.version, document: json.plan.document }),
      (current) => ({ version: current.version, document: current.document }),
    );
    const now = await agents[0]!.request('GET', `${url}?year=2030`);
    expect(now.json.plan.document).toEqual(won.plan.document);
  });

  it('approving the outcomes while the first plan is saved: both succeed, and the plan is linked to the outcomes', async () => {
    const outcomesUrl = `/api/schools/${f.schoolA}/outcomes`;
    const draft = await agents[0]!.request('PUT', outcomesUrl, {
      year: 2031,
      version: null,
      outcomes: [0, 1, 2].map((i) => ({ ...outcome(i), target: { ...outcome(i).target, group: ['all', 'el', 'swd'][i] } })),
    });
    expect(draft.status).toBe(200);
    const [approved, ...saves] = await Promise.all([
      agents[1]!.request('POST', `${outcomesUrl}/approve`, { year: 2031, version: draft.json.set.version }),
      ...agents.slice(2).map((a, i) => a.request('PUT', `/api/schools/${f.schoolA}/plan`, { year: 2031, version: null, goals: [goal(i)] })),
    ]);
    expect(approved.status).toBe(200);
    expect(saves.map((s) => s.status).filter((s) => s !== 200 && s !== 409)).toEqual([]);
    // Whichever came first made the plan; exactly one plan exists and it answers to the approved outcomes.
    expect(saves.filter((s) => s.status === 200).length).toBeLessThanOrEqual(1);
    const plan = await database.db.selectFrom('plan').select(['outcome_set_id']).where('school_id', '=', f.schoolA).where('school_year', '=', 2031).execute();
    expect(plan).toHaveLength(1);
    expect(plan[0]!.outcome_set_id).toBe(approved.json.set.id);
  });

  it('the first rating of an indicator: one is saved, the others are told and shown it', async () => {
    const url = `/api/reviews/${f.reviewA}/ratings`;
    const key = indicators[3]!.key;
    const leaders = agents.filter((_, i) => i % 2 === 0);
    const answers = await Promise.all(
      leaders.map((a, i) => a.request('PUT', url, { indicatorKey: key, source: 'self', level: 1 + (i % 4), note: `writer ${i}`, version: null })),
    );
    oneWinner(
      answers,
      (json) => ({ id: json.id, level: json.level, note: json.note, version: json.version }),
      (current) => ({ id: current.id, level: current.level, note: current.note, version: current.version }),
    );
  });

  it('new draft versions of a framework made at once: each is saved with a version of its own', async () => {
    const admins = await Promise.all([0, 1, 2, 3, 4].map(() => signIn(app, f.people.org_admin!.email)));
    const answers = await Promise.all(admins.map((a) => a.request('POST', `/api/frameworks/${f.schoolFramework}/drafts`)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    const versions = answers.map((a) => a.json.version as number).sort((x, y) => x - y);
    expect(new Set(versions).size).toBe(5);
    expect(versions[4]! - versions[0]!).toBe(4);
  });
});
