// Bad input over HTTP on both databases: impossible dates are refused everywhere the API takes a date, an end
// before its start is refused, an empty check-in is refused, and every refusal speaks in people's words while
// `details[].where` keeps the machine path for programs.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import { EMPTY_CHECKIN } from '../src/domain/checkins';
import { buildApp } from '../src/server/app';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { buildFixture, signIn, type Agent, type Fixture } from './support/fixture';

const YEAR = 2030; // a year the fixture has no plan for, so these tests start their own
const CHECKIN_YEAR = 2031; // the check-in test's own plan, so the refused plans of YEAR stay refused in any order

describeEachDatabase('input errors in people’s words', (kind) => {
  let database: TrellisDatabase;
  let app: FastifyInstance;
  let f: Fixture;
  let coach: Agent;
  let admin: Agent;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    f = await buildFixture(database.db);
    app = await buildApp({ database, webDir: null, signInLimit: 1000 });
    coach = await signIn(app, f.people.coach!.email);
    admin = await signIn(app, f.people.org_admin!.email);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  const planUrl = () => `/api/schools/${f.schoolA}/plan`;
  const action = (over: Record<string, unknown> = {}) => ({
    id: 'a1',
    title: 'Schedule groups',
    owner: 'Ms. Lee',
    startOn: '2030-08-20',
    dueOn: '2030-09-15',
    status: 'not_started',
    ...over,
  });
  const goal = (n: number, over: Record<string, unknown> = {}) => ({
    id: `g${n}`,
    title: `Goal number ${n}`,
    outcomeId: null,
    target: null,
    targetDate: '2031-06-15',
    strategies: [],
    ...over,
  });
  const savePlan = (goals: unknown[], year = YEAR) => coach.request('PUT', planUrl(), { year, version: null, goals });
  const planRows = () => database.db.selectFrom('plan').select('id').where('school_id', '=', f.schoolA).where('school_year', '=', YEAR).execute();

  it('refuses a plan with a goal without a title, naming the goal as the screen numbers it', async () => {
    const res = await savePlan([goal(1), goal(2), goal(3), goal(4, { title: '' })]);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('invalid_input');
    expect(res.json.message).toBe('Goal 4: a title is required.');
    expect(res.json.details).toEqual([{ where: 'body.goals.3.title', message: 'Goal 4: a title is required' }]);
    expect(await planRows()).toEqual([]);
  });

  it('refuses a too-long field with the limit in plain words', async () => {
    const res = await savePlan([goal(1, { strategies: [{ id: 's1', title: 'Talks', actions: [action({ owner: 'x'.repeat(201) })] }] })]);
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('Goal 1 › Strategy 1 › Action 1: the owner is too long; use at most 200 characters.');
    expect(res.json.details[0].where).toBe('body.goals.0.strategies.0.actions.0.owner');
  });

  it('refuses impossible dates in a plan, and an action due before it starts', async () => {
    for (const [bad, where, sentence] of [
      [goal(1, { targetDate: '2031-02-31' }), 'body.goals.0.targetDate', 'Goal 1: the target date is not a real date'],
      [
        goal(1, { strategies: [{ id: 's1', title: 'Talks', actions: [action({ dueOn: '2027-14-45' })] }] }),
        'body.goals.0.strategies.0.actions.0.dueOn',
        'Goal 1 › Strategy 1 › Action 1: the due date is not a real date',
      ],
      [
        goal(1, { strategies: [{ id: 's1', title: 'Talks', actions: [action({ startOn: '2030-09-20', dueOn: '2030-09-15' })] }] }),
        'body.goals.0.strategies.0.actions.0.dueOn',
        'Goal 1 › Strategy 1 › Action 1: the due date is before the start date',
      ],
    ] as const) {
      const res = await savePlan([bad]);
      expect([res.status, res.json.details]).toEqual([400, [{ where, message: sentence }]]);
    }
    expect(await planRows()).toEqual([]);
  });

  it('refuses an impossible check-in date, and a check-in that adds nothing to the last one', async () => {
    const saved = await savePlan([goal(1)], CHECKIN_YEAR);
    expect(saved.status).toBe(200);
    const checkins = `${planUrl()}/checkins`;
    const impossible = await coach.request('POST', checkins, {
      year: CHECKIN_YEAR,
      goalId: 'g1',
      status: 'on_track',
      evidence: 'Notes',
      checkedOn: '2031-02-30',
    });
    expect([impossible.status, impossible.json.message]).toEqual([400, 'Check-in date is not a real date.']);

    const first = await coach.request('POST', checkins, { year: CHECKIN_YEAR, goalId: 'g1', status: 'on_track', checkedOn: '2031-10-01' });
    expect(first.status).toBe(201);
    const empty = await coach.request('POST', checkins, {
      year: CHECKIN_YEAR,
      goalId: 'g1',
      status: 'on_track',
      evidence: ' ',
      notes: '',
      checkedOn: '2031-10-08',
    });
    expect([empty.status, empty.json.code, empty.json.message]).toEqual([400, 'invalid_input', EMPTY_CHECKIN]);
    // A new status, or evidence, or notes, is worth keeping.
    expect((await coach.request('POST', checkins, { year: CHECKIN_YEAR, goalId: 'g1', status: 'at_risk', checkedOn: '2031-10-15' })).status).toBe(201);
    expect(
      (await coach.request('POST', checkins, { year: CHECKIN_YEAR, goalId: 'g1', status: 'at_risk', notes: 'Groups started late', checkedOn: '2031-10-22' }))
        .status,
    ).toBe(201);
    const kept = await database.db
      .selectFrom('plan_checkin')
      .innerJoin('plan', 'plan.id', 'plan_checkin.plan_id')
      .select('plan_checkin.status')
      .where('plan.school_year', '=', CHECKIN_YEAR)
      .execute();
    expect(kept).toHaveLength(3);
  });

  it('refuses an impossible review date and a review that ends before it starts, in the words of the review form', async () => {
    const review = (over: Record<string, unknown>) => ({
      frameworkId: f.schoolFramework,
      type: 'self_assessment',
      title: 'Self-assessment',
      schoolYear: 2026,
      startsOn: '2026-10-01',
      endsOn: '2026-10-02',
      ...over,
    });
    const impossible = await coach.request('POST', `/api/schools/${f.schoolA}/reviews`, review({ startsOn: '2027-02-31', endsOn: '2027-03-01' }));
    expect([impossible.status, impossible.json.details]).toEqual([400, [{ where: 'body.startsOn', message: 'Start date is not a real date' }]]);
    const backwards = await coach.request('POST', `/api/schools/${f.schoolA}/reviews`, review({ startsOn: '2026-10-05', endsOn: '2026-10-01' }));
    expect([backwards.status, backwards.json.message, backwards.json.details[0].where]).toEqual([400, 'End date is before the start date.', 'body.endsOn']);
  });

  it('names a top-level field by its label: "Name is required"', async () => {
    const res = await admin.request('POST', '/api/people', { name: '', email: 'new.person@example.org' });
    expect([res.status, res.json.message, res.json.details[0]]).toEqual([400, 'Name is required.', { where: 'body.name', message: 'Name is required' }]);
  });
});
