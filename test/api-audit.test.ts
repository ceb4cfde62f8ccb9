// The audit log through the API on both databases: entries named as people know them, changes field by
// field (a plan's goals, strategies and actions numbered as on screen), filters by kind, school, person
// and dates, paging with totals, one organization only, and no secrets.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import type { Framework } from '../src/domain/framework';
import { buildApp } from '../src/server/app';
import type { auditAnswer } from '../src/server/people/audit-schemas';
import type { Answer } from '../src/server/wire';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { buildFixture, signIn, type Agent, type Fixture } from './support/fixture';

type AuditAnswer = Answer<typeof auditAnswer>;
type Entry = AuditAnswer['entries'][number];

const goals = (dueOn: string) => [
  {
    id: 'g1',
    title: 'Every student reads on grade level',
    outcomeId: null,
    target: null,
    targetDate: '2026-06-15',
    strategies: [
      {
        id: 's1',
        title: 'Daily small-group reading',
        actions: [{ id: 'a1', title: 'Name the focus students', owner: 'Ms. Lee', startOn: null, dueOn, status: 'not_started' }],
      },
    ],
  },
];

describeEachDatabase('audit log API', (kind) => {
  let database: TrellisDatabase;
  let app: FastifyInstance;
  let f: Fixture;
  let indicator: { key: string; name: string };
  const agents: Record<string, Agent> = {};
  const audit = async (query = '', who = 'org_admin') => {
    const res = await agents[who]!.request('GET', `/api/audit${query}`);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json as AuditAnswer;
  };

  beforeAll(async () => {
    database = await freshDatabase(kind);
    f = await buildFixture(database.db);
    app = await buildApp({ database, webDir: null, signInLimit: 1000 });
    for (const who of ['org_admin', 'network_director', 'school_leader', 'viewer', 'other_admin']) agents[who] = await signIn(app, f.people[who]!.email);
    indicator = (
      (await database.db.selectFrom('framework').select('document').where('id', '=', f.schoolFramework).executeTakeFirstOrThrow()).document as Framework
    ).domains[0]!.indicators[1]!;

    // The changes the log is read for: a school edited, a plan saved twice, a rating, a person invited with a role.
    const call = async (who: string, method: string, url: string, body: unknown) => {
      const res = await agents[who]!.request(method, url, body);
      if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.json)}`);
      return res.json;
    };
    await call('network_director', 'PATCH', `/api/schools/${f.schoolB}`, { version: 1, enrollment: 450 });
    const plan = (await call('school_leader', 'GET', `/api/schools/${f.schoolA}/plan?year=2025`, undefined)).plan;
    const first = await call('school_leader', 'PUT', `/api/schools/${f.schoolA}/plan`, { year: 2025, version: plan.version, goals: goals('2025-10-01') });
    await call('school_leader', 'PUT', `/api/schools/${f.schoolA}/plan`, { year: 2025, version: first.plan.version, goals: goals('2025-10-15') });
    await call('school_leader', 'PUT', `/api/reviews/${f.reviewA}/ratings`, { indicatorKey: indicator.key, source: 'self', level: 2, version: null });
    await call('org_admin', 'POST', '/api/people', {
      name: 'Ada Diaz',
      email: 'ada.diaz@fixture.test',
      grant: { role: 'coach', scopeKind: 'school', scopeId: f.schoolA },
    });
    // The other organization's admin changes its own school: never in this organization's log.
    await call('other_admin', 'PATCH', `/api/schools/${f.otherSchool}`, { version: 1, enrollment: 300 });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('names each entry as a person knows it, says who did what in words, and shows a plan change field by field', async () => {
    const { entries, total } = await audit();
    expect(total).toBe(6); // the school, two plan saves, the rating, the person and the role; sign-ins are left out
    expect(entries.map((e) => e.action)).toEqual(['membership.grant', 'person.create', 'rating.save', 'plan.update', 'plan.update', 'school.update']);
    const [grant, person, rating, secondSave, firstSave, school] = entries;
    expect(summary(secondSave!)).toEqual({
      label: 'Plan 2025-26, Aspen Elementary',
      link: `/schools/${f.schoolA}/plan?year=2025`,
      actor: 'school leader',
      words: 'changed',
    });
    expect(secondSave!.changes.map((c) => c.text)).toEqual(['Goal 1 › Strategy 1 › Action 1: due date 2025-10-01 → 2025-10-15']);
    expect(firstSave!.changes.map((c) => c.text)).toEqual([
      'Goal 1: added “Every student reads on grade level”',
      'Goal 1 › Strategy 1: added “Daily small-group reading”',
      'Goal 1 › Strategy 1 › Action 1: added “Name the focus students”',
    ]);
    expect(rating!.object).toEqual({
      kind: 'rating',
      label: `Rating: ${indicator.name} (self), Fall baseline, Aspen Elementary`,
      link: `/reviews/${f.reviewA}`,
    });
    expect(rating!.actionWords).toBe('rated');
    expect(rating!.changes.map((c) => c.text)[0]).toMatch(/^Level: 2 \S/);
    expect(school!.object).toEqual({ kind: 'school', label: 'School: Beech Elementary', link: `/schools/${f.schoolB}` });
    expect(school!.changes.map((c) => c.text)).toEqual(['Enrollment: 400 → 450']);
    expect(school!.actor?.name).toBe('network director');
    expect(person!.object.label).toBe('Person: Ada Diaz');
    expect(grant!.changes.map((c) => c.text)).toEqual(['Role: Coach at Aspen Elementary']);
  });

  function summary(e: Entry) {
    return { label: e.object.label, link: e.object.link, actor: e.actor?.name, words: e.actionWords };
  }

  it('filters by kind of change, school and the person who made it', async () => {
    const actions = async (q: string) => (await audit(q)).entries.map((e) => e.action);
    expect(await actions('?kind=plan')).toEqual(['plan.update', 'plan.update']);
    expect(await actions('?kind=rating')).toEqual(['rating.save']);
    expect(await actions('?kind=review')).toEqual([]);
    expect(await actions('?kind=role')).toEqual(['membership.grant']);
    expect(await actions('?kind=person')).toEqual(['person.create']);
    expect(await actions('?kind=sign_in')).toContain('session.sign_in');
    // Aspen's plan, its review's rating and a role granted there; Beech's edit is another school's.
    expect(await actions(`?school=${f.schoolA}`)).toEqual(['membership.grant', 'rating.save', 'plan.update', 'plan.update']);
    expect(await actions(`?school=${f.schoolB}`)).toEqual(['school.update']);
    expect(await actions(`?school=${f.schoolA}&kind=plan`)).toEqual(['plan.update', 'plan.update']);
    expect(await actions(`?person=${f.people.network_director!.id}`)).toEqual(['school.update']);
    expect(await actions(`?person=${f.people.viewer!.id}`)).toEqual([]);
    // Callers that name one stored object still get its entries.
    expect(await actions(`?objectKind=school&objectId=${f.schoolB}`)).toEqual(['school.update']);
  });

  it('filters by the reader’s days, and refuses an end before the start with a sentence', async () => {
    const { entries } = await audit(`?school=${f.schoolB}`);
    // 03:00 UTC on 16 January is still the 15th in Los Angeles.
    await database.db.updateTable('audit_log').set({ at: '2025-01-16T03:00:00Z' }).where('id', '=', entries[0]!.id).execute();
    expect((await audit('?from=2025-01-01&to=2025-01-31')).entries.map((e) => e.action)).toEqual(['school.update']);
    expect((await audit('?from=2025-01-15&to=2025-01-15&timeZone=America/Los_Angeles')).total).toBe(1);
    expect((await audit('?from=2025-01-15&to=2025-01-15')).total).toBe(0);
    expect((await audit('?from=2025-01-16&to=2025-01-16')).total).toBe(1);
    expect((await audit('?to=2025-01-15')).total).toBe(0);
    expect((await audit('?from=2025-02-01')).total).toBe(5);

    const backwards = await agents.org_admin!.request('GET', '/api/audit?from=2025-02-01&to=2025-01-01');
    expect(backwards.status).toBe(400);
    expect(backwards.json.message).toMatch(/^To date is before the from date/);
    expect((await agents.org_admin!.request('GET', '/api/audit?from=2025-02-30')).status).toBe(400);
    expect((await agents.org_admin!.request('GET', '/api/audit?kind=weather')).status).toBe(400);
  });

  it('pages through the log with the total the filters match', async () => {
    const all = await audit();
    const first = await audit('?limit=4&offset=0');
    const next = await audit('?limit=4&offset=4');
    expect([first.total, next.total]).toEqual([all.total, all.total]);
    expect(first.entries).toHaveLength(4);
    expect(next.entries).toHaveLength(all.total - 4);
    expect([...first.entries, ...next.entries].map((e) => e.id)).toEqual(all.entries.map((e) => e.id));
    const past = await audit('?limit=4&offset=40');
    expect(past).toMatchObject({ entries: [], total: all.total });
  });

  it('shows an organization only its own log, and never a secret', async () => {
    const theirs = await audit('', 'other_admin');
    expect(theirs.entries.map((e) => e.object.label)).toEqual(['School: Cedar Elementary']);
    const everything = JSON.stringify(await audit('?limit=200&kind=person')) + JSON.stringify(await audit('?limit=200'));
    expect(everything).not.toMatch(/password_hash|\$argon2|csrf/);
    expect((await agents.viewer!.request('GET', '/api/audit')).status).toBe(403);
  });

  it('offers the schools and the people who made changes as filter choices, by name', async () => {
    const res = await agents.network_director!.request('GET', '/api/audit/filters');
    expect(res.status).toBe(200);
    expect(res.json.schools.map((s: { name: string }) => s.name)).toEqual(['Aspen Elementary', 'Beech Elementary']);
    expect(res.json.people.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['network director', 'org admin', 'school leader']));
    expect(res.json.people.map((p: { name: string }) => p.name)).not.toContain('other admin');
    expect(res.json.kinds).toContainEqual({ value: 'rating', label: 'Ratings and evidence' });
  });
});
