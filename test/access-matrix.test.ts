// Every API route × every role × an object in scope, a sibling out of scope and one of another organization.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import { buildApp } from '../src/server/app';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { buildFixture, PASSWORD, PEOPLE, signIn, type Agent, type Fixture } from './support/fixture';

type Target = 'in' | 'sibling' | 'foreign';
type Who = (typeof PEOPLE)[number]['key'] | 'anonymous';
type Expect = Record<Target, number>;

interface Case {
  url: (f: Fixture, t: Target) => string;
  body?: (f: Fixture, t: Target) => unknown;
  /** Routes without an object use one target only. */
  targets?: Target[];
  expect: Partial<Record<Who, Expect | number>>;
  /** Status for everyone not listed. */
  otherwise: Expect | number;
  /** The request ends the session, so it gets its own. */
  ownSession?: boolean;
}

const all = (n: number): Expect => ({ in: n, sibling: n, foreign: n });
const orgWide = (ok: number): Expect => ({ in: ok, sibling: ok, foreign: 404 });
const scoped = (ok: number): Expect => ({ in: ok, sibling: 404, foreign: 404 });
const school = (f: Fixture, t: Target) => (t === 'in' ? f.schoolA : t === 'sibling' ? f.schoolB : f.otherSchool);
const district = (f: Fixture, t: Target) => (t === 'in' ? f.districtA : t === 'sibling' ? f.districtB : f.otherDistrict);
const review = (f: Fixture, t: Target) => (t === 'in' ? f.reviewA : t === 'sibling' ? f.reviewB : f.otherReview);
const readSchool: Pick<Case, 'expect' | 'otherwise'> = {
  expect: {
    anonymous: 401,
    org_admin: orgWide(200),
    other_admin: { in: 404, sibling: 404, foreign: 200 },
    network_director: orgWide(200),
    viewer: orgWide(200),
    coach: scoped(200),
    district_leader: scoped(200),
    school_leader: scoped(200),
    team_member: scoped(200),
    program_manager: scoped(200),
  },
  otherwise: 0,
};
const readDistrict: Pick<Case, 'expect' | 'otherwise'> = {
  expect: {
    anonymous: 401,
    org_admin: orgWide(200),
    other_admin: { in: 404, sibling: 404, foreign: 200 },
    network_director: orgWide(200),
    viewer: orgWide(200),
    district_leader: scoped(200),
    program_manager: scoped(200),
  },
  otherwise: all(404),
};
// A school's own staff (school and team grants) read their district's page and results, to compare with; nothing else of it.
const ownDistrict: Expect = { in: 200, sibling: 404, foreign: 404 };
const readDistrictAggregates: Pick<Case, 'expect' | 'otherwise'> = {
  expect: { ...readDistrict.expect, coach: ownDistrict, school_leader: ownDistrict, team_member: ownDistrict },
  otherwise: readDistrict.otherwise,
};
// Their district's reviews are known to exist for them (the district page is theirs) but are not theirs to read or start.
const ownDistrictRefused: Expect = { in: 403, sibling: 404, foreign: 404 };
const person = (f: Fixture, t: Target) => (t === 'foreign' ? f.people.other_admin!.id : f.people.school_leader!.id);
const one: Target[] = ['in'];
const signedIn = (status: number): Pick<Case, 'expect' | 'otherwise'> => ({ expect: { anonymous: 401 }, otherwise: status });
const admins = (status: number, other = 403): Pick<Case, 'expect' | 'otherwise'> => ({
  expect: { anonymous: 401, org_admin: status, other_admin: status },
  otherwise: other,
});

// Editing a school: stale version gives 409 once access is granted; viewers and team members may only read.
// `ok` is what a permitted request gets (a deliberately stale or invalid body, so nothing changes).
const editSchool = (foreignByOwnAdmin: number, ok = 409): Pick<Case, 'expect' | 'otherwise'> => ({
  expect: {
    anonymous: 401,
    org_admin: orgWide(ok),
    other_admin: { in: 404, sibling: 404, foreign: foreignByOwnAdmin },
    network_director: orgWide(ok),
    viewer: { in: 403, sibling: 403, foreign: 404 },
    coach: scoped(ok),
    district_leader: scoped(ok),
    school_leader: scoped(ok),
    team_member: { in: 403, sibling: 404, foreign: 404 },
    program_manager: scoped(ok),
  },
  otherwise: 0,
});

// What only a review's reviewers do (external and consensus ratings, finalizing): coaches, directors and admins reach the handler.
const reviewersOnly = (ok: number): Pick<Case, 'expect' | 'otherwise'> => ({
  expect: {
    ...editSchool(ok, ok).expect,
    district_leader: { in: 403, sibling: 404, foreign: 404 },
    school_leader: { in: 403, sibling: 404, foreign: 404 },
  },
  otherwise: 0,
});

const CASES: Record<string, Case> = {
  'GET /api/health': { url: () => '/api/health', targets: one, expect: {}, otherwise: 200 },
  'GET /api/session': { url: () => '/api/session', targets: one, expect: {}, otherwise: 200 },
  'POST /api/session': {
    url: () => '/api/session',
    targets: one,
    body: (f) => ({ email: f.people.viewer!.email, password: 'wrong password' }),
    expect: {},
    otherwise: 401,
  },
  'DELETE /api/session': { url: () => '/api/session', targets: one, ownSession: true, ...signedIn(200) },
  'POST /api/session/password': {
    url: () => '/api/session/password',
    targets: one,
    body: () => ({ currentPassword: 'not it', newPassword: 'something long enough' }),
    ...signedIn(400),
  },
  'POST /api/password-links/open': { url: () => '/api/password-links/open', targets: one, body: () => ({ token: 'x'.repeat(43) }), expect: {}, otherwise: 400 },
  'GET /api/password-links/opened': { url: () => '/api/password-links/opened', targets: one, expect: {}, otherwise: 404 },
  'POST /api/password-links/password': {
    url: () => '/api/password-links/password',
    targets: one,
    body: () => ({ password: 'a long new password' }),
    expect: {},
    otherwise: 400,
  },
  'GET /api/tokens': { url: () => '/api/tokens', targets: one, ...signedIn(200) },
  'POST /api/tokens': { url: () => '/api/tokens', targets: one, body: () => ({ name: '' }), ...signedIn(400) },
  'DELETE /api/tokens/:id': { url: () => '/api/tokens/00000000-0000-4000-8000-000000000000', targets: one, ...signedIn(404) },
  'POST /api/setup': {
    url: () => '/api/setup',
    targets: one,
    body: () => ({ organizationName: 'Late', name: 'Late Admin', email: 'late@fixture.test', password: 'a long password' }),
    expect: {},
    otherwise: 409,
  },
  'GET /api/organization': { url: () => '/api/organization', targets: one, ...signedIn(200) },
  'GET /api/schools': { url: () => '/api/schools', targets: one, ...signedIn(200) },
  'GET /api/schools/:id': { url: (f, t) => `/api/schools/${school(f, t)}`, ...readSchool },
  'PATCH /api/schools/:id': { url: (f, t) => `/api/schools/${school(f, t)}`, body: () => ({ version: 999, city: 'Nowhere' }), ...editSchool(409) },
  'POST /api/schools/:id/teams': {
    url: (f, t) => `/api/schools/${school(f, t)}/teams`,
    body: (_f, t) => ({ name: t === 'in' ? 'Aspen ILT' : 'Beech ILT', kind: 'ilt' }),
    ...editSchool(201),
  },
  'GET /api/districts': { url: () => '/api/districts', targets: one, ...signedIn(200) },
  'GET /api/districts/:id': { url: (f, t) => `/api/districts/${district(f, t)}`, ...readDistrictAggregates },
  'GET /api/people': { url: () => '/api/people', targets: one, ...admins(200) },
  'GET /api/scopes': { url: () => '/api/scopes', targets: one, ...admins(200) },
  'POST /api/people': { url: () => '/api/people', targets: one, body: (f) => ({ name: 'Dup', email: f.people.viewer!.email }), ...admins(409) },
  'POST /api/people/:id/memberships': {
    url: (f, t) => `/api/people/${person(f, t)}/memberships`,
    targets: ['in', 'foreign'],
    body: (f) => ({ role: 'school_leader', scopeKind: 'school', scopeId: f.schoolA }),
    expect: { anonymous: 401, org_admin: orgWide(201), other_admin: { in: 404, sibling: 404, foreign: 404 } },
    otherwise: { in: 403, sibling: 403, foreign: 404 },
  },
  'DELETE /api/people/:id/memberships/:membershipId': {
    url: (f, t) => `/api/people/${person(f, t)}/memberships/00000000-0000-4000-8000-000000000000`,
    targets: ['in', 'foreign'],
    expect: { anonymous: 401, org_admin: all(404), other_admin: all(404) },
    otherwise: { in: 403, sibling: 403, foreign: 404 },
  },
  'POST /api/people/:id/password-link': {
    url: (f, t) => `/api/people/${person(f, t)}/password-link`,
    targets: ['in', 'foreign'],
    expect: { anonymous: 401, org_admin: orgWide(201), other_admin: { in: 404, sibling: 404, foreign: 201 } },
    otherwise: { in: 403, sibling: 403, foreign: 404 },
  },
  'GET /api/frameworks': { url: () => '/api/frameworks', targets: one, ...signedIn(200) },
  'GET /api/frameworks/:id': { url: (f) => `/api/frameworks/${f.schoolFramework}`, targets: one, ...signedIn(200) },
  'POST /api/frameworks/:id/drafts': { url: (f) => `/api/frameworks/${f.schoolFramework}/drafts`, targets: one, ...admins(201) },
  // Built-in frameworks are nobody's draft: an admin reaching the handler gets 404, everyone else is refused first.
  'PUT /api/frameworks/:id': { url: (f) => `/api/frameworks/${f.schoolFramework}`, targets: one, body: () => ({ revision: 1, document: {} }), ...admins(400) },
  'POST /api/frameworks/:id/publish': { url: (f) => `/api/frameworks/${f.schoolFramework}/publish`, targets: one, ...admins(404) },
  'GET /api/schools/:id/reviews': { url: (f, t) => `/api/schools/${school(f, t)}/reviews`, ...readSchool },
  'GET /api/districts/:id/reviews': {
    url: (f, t) => `/api/districts/${district(f, t)}/reviews`,
    expect: { ...readDistrict.expect, coach: ownDistrictRefused, school_leader: ownDistrictRefused, team_member: ownDistrictRefused },
    otherwise: readDistrict.otherwise,
  },
  // A district framework for a school review is refused after access is granted: 400 means "allowed, nothing written".
  'POST /api/schools/:id/reviews': {
    url: (f, t) => `/api/schools/${school(f, t)}/reviews`,
    body: (f) => ({ frameworkId: f.districtFramework, type: 'support_review', title: 'x', schoolYear: 2025, startsOn: '2025-10-01', endsOn: '2025-10-01' }),
    ...editSchool(400, 400),
  },
  'POST /api/districts/:id/reviews': {
    url: (f, t) => `/api/districts/${district(f, t)}/reviews`,
    body: (f) => ({ frameworkId: f.schoolFramework, type: 'district_review', title: 'x', schoolYear: 2025, startsOn: '2025-10-01', endsOn: '2025-10-01' }),
    expect: {
      anonymous: 401,
      org_admin: orgWide(400),
      other_admin: { in: 404, sibling: 404, foreign: 400 },
      network_director: orgWide(400),
      viewer: { in: 403, sibling: 403, foreign: 404 },
      district_leader: scoped(400),
      program_manager: scoped(400),
      coach: ownDistrictRefused,
      school_leader: ownDistrictRefused,
      team_member: ownDistrictRefused,
    },
    otherwise: all(404),
  },
  'GET /api/reviews/:id': { url: (f, t) => `/api/reviews/${review(f, t)}`, ...readSchool },
  'GET /api/reviews/:id/summary': { url: (f, t) => `/api/reviews/${review(f, t)}/summary`, ...readSchool },
  'GET /api/reviews/:id/deltas': { url: (f, t) => `/api/reviews/${review(f, t)}/deltas?from=${review(f, t)}`, ...readSchool },
  'GET /api/reviews/:id/report': { url: (f, t) => `/api/reviews/${review(f, t)}/report`, ...readSchool },
  'GET /api/reviews/:id/report.pdf': { url: (f, t) => `/api/reviews/${review(f, t)}/report.pdf`, ...readSchool },
  'GET /api/schools/:id/results': { url: (f, t) => `/api/schools/${school(f, t)}/results`, ...readSchool },
  'GET /api/districts/:id/results': { url: (f, t) => `/api/districts/${district(f, t)}/results`, ...readDistrictAggregates },
  'GET /api/results/network': { url: () => '/api/results/network?subject=math', targets: one, ...signedIn(200) },
  // Student rows: only staff of the school and its coaches; admins, directors and viewers see the school but not its students.
  'GET /api/schools/:id/students/focus': {
    url: (f, t) => `/api/schools/${school(f, t)}/students/focus?subject=math`,
    expect: {
      anonymous: 401,
      org_admin: { in: 403, sibling: 403, foreign: 404 },
      other_admin: { in: 404, sibling: 404, foreign: 403 },
      network_director: { in: 403, sibling: 403, foreign: 404 },
      viewer: { in: 403, sibling: 403, foreign: 404 },
      coach: scoped(200),
      district_leader: { in: 403, sibling: 404, foreign: 404 },
      school_leader: scoped(200),
      // A team grant reaches the team's own students (cycles of inquiry), not the school-wide list.
      team_member: { in: 403, sibling: 404, foreign: 404 },
      program_manager: scoped(200),
    },
    otherwise: 0,
  },
  // A JSON body is not an upload: whoever may import reaches the handler and gets 400; nothing is written.
  'POST /api/imports': {
    url: () => '/api/imports',
    targets: one,
    body: () => ({ format: 'edsight' }),
    expect: { anonymous: 401, org_admin: 400, other_admin: 400, network_director: 400 },
    otherwise: 403,
  },
  'GET /api/imports': {
    url: () => '/api/imports',
    targets: one,
    expect: { anonymous: 401, org_admin: 200, other_admin: 200, network_director: 200 },
    otherwise: 403,
  },
  'GET /api/imports/:id': {
    url: () => '/api/imports/00000000-0000-4000-8000-000000000000',
    targets: one,
    expect: { anonymous: 401, org_admin: 404, other_admin: 404, network_director: 404 },
    otherwise: 403,
  },
  // Outcomes and plans. The fixture has an empty 2025-26 plan at each school and no outcomes: a permitted request on
  // outcomes gets 409 (no draft yet, or a stale version), so nothing is written.
  'GET /api/schools/:id/outcomes': { url: (f, t) => `/api/schools/${school(f, t)}/outcomes?year=2025`, ...readSchool },
  'GET /api/schools/:id/outcomes/report': { url: (f, t) => `/api/schools/${school(f, t)}/outcomes/report?year=2025`, ...readSchool },
  'GET /api/schools/:id/outcomes/report.pdf': { url: (f, t) => `/api/schools/${school(f, t)}/outcomes/report.pdf?year=2025`, ...readSchool },
  'PUT /api/schools/:id/outcomes': {
    url: (f, t) => `/api/schools/${school(f, t)}/outcomes`,
    body: () => ({ year: 2025, version: 999, outcomes: [] }),
    ...editSchool(409),
  },
  // Teachers (team members) may comment on their school's draft outcomes; viewers may not.
  'POST /api/schools/:id/outcomes/comments': {
    url: (f, t) => `/api/schools/${school(f, t)}/outcomes/comments`,
    body: () => ({ year: 2025, body: 'Could we aim higher?' }),
    expect: { ...editSchool(409).expect, team_member: { in: 409, sibling: 404, foreign: 404 } },
    otherwise: 0,
  },
  'POST /api/schools/:id/outcomes/approve': {
    url: (f, t) => `/api/schools/${school(f, t)}/outcomes/approve`,
    body: () => ({ year: 2025, version: 1 }),
    ...editSchool(409),
  },
  'POST /api/schools/:id/outcomes/reopen': {
    url: (f, t) => `/api/schools/${school(f, t)}/outcomes/reopen`,
    body: () => ({ year: 2025, reason: 'A new principal' }),
    expect: {
      anonymous: 401,
      org_admin: orgWide(409),
      other_admin: { in: 404, sibling: 404, foreign: 409 },
      network_director: { in: 403, sibling: 403, foreign: 404 },
      viewer: { in: 403, sibling: 403, foreign: 404 },
      coach: { in: 403, sibling: 404, foreign: 404 },
      district_leader: { in: 403, sibling: 404, foreign: 404 },
      school_leader: { in: 403, sibling: 404, foreign: 404 },
      team_member: { in: 403, sibling: 404, foreign: 404 },
      program_manager: { in: 403, sibling: 404, foreign: 404 },
    },
    otherwise: 0,
  },
  'GET /api/schools/:id/plan': { url: (f, t) => `/api/schools/${school(f, t)}/plan?year=2025`, ...readSchool },
  'PUT /api/schools/:id/plan': {
    url: (f, t) => `/api/schools/${school(f, t)}/plan`,
    body: () => ({ year: 2025, version: 999, goals: [] }),
    ...editSchool(409),
  },
  'POST /api/schools/:id/plan/checkins': {
    url: (f, t) => `/api/schools/${school(f, t)}/plan/checkins`,
    body: () => ({ year: 2025, status: 'on_track', notes: 'Matrix check-in' }),
    ...editSchool(201, 201),
  },
  'POST /api/schools/:id/plan/revisions': {
    url: (f, t) => `/api/schools/${school(f, t)}/plan/revisions`,
    body: () => ({ year: 2025, reason: 'Matrix revision' }),
    ...editSchool(201, 201),
  },
  'GET /api/schools/:id/plan/changes': { url: (f, t) => `/api/schools/${school(f, t)}/plan/changes?year=2025&from=current`, ...readSchool },
  'PUT /api/schools/:id/plan/reflections': {
    url: (f, t) => `/api/schools/${school(f, t)}/plan/reflections`,
    body: () => ({ year: 2025, goalId: 'no-such-goal', result: 'met' }),
    ...editSchool(400, 400),
  },
  'GET /api/plans/network': { url: () => '/api/plans/network?year=2025', targets: one, ...signedIn(200) },
  'GET /api/schools/:id/heatmap': { url: (f, t) => `/api/schools/${school(f, t)}/heatmap`, ...readSchool },
  'GET /api/heatmap': { url: () => '/api/heatmap', targets: one, ...signedIn(200) },
  'GET /api/calibration': { url: () => '/api/calibration', targets: one, ...signedIn(200) },
  // The external rating is the reviewers': the school's own staff and district leaders are refused (they give the self rating).
  'PUT /api/reviews/:id/ratings': {
    url: (f, t) => `/api/reviews/${review(f, t)}/ratings`,
    body: () => ({ indicatorKey: 'no-such-indicator', source: 'external', level: 2, version: null }),
    ...reviewersOnly(400),
  },
  'GET /api/reviewers': { url: () => '/api/reviewers', targets: one, ...signedIn(200) },
  'PUT /api/reviews/:id/reviewers': {
    url: (f, t) => `/api/reviews/${review(f, t)}/reviewers`,
    body: () => ({ version: 999, reviewerIds: [] }),
    ...editSchool(409, 409),
  },
  'POST /api/reviews/:id/ratings/:ratingId/evidence': {
    url: (f, t) => `/api/reviews/${review(f, t)}/ratings/${f.ratingA}/evidence`,
    body: () => ({ kind: 'rumour', note: 'x' }),
    ...editSchool(400, 400),
  },
  'DELETE /api/reviews/:id/evidence/:evidenceId': {
    url: (f, t) => `/api/reviews/${review(f, t)}/evidence/00000000-0000-4000-8000-000000000000`,
    ...editSchool(404, 404),
  },
  // A transformation review is closed by its reviewers.
  'POST /api/reviews/:id/finalize': { url: (f, t) => `/api/reviews/${review(f, t)}/finalize`, body: () => ({ version: 999 }), ...reviewersOnly(409) },
  // Only admins reopen; these reviews are open, so an admin reaching the handler gets 409.
  'POST /api/reviews/:id/reopen': {
    url: (f, t) => `/api/reviews/${review(f, t)}/reopen`,
    body: () => ({ reason: 'Evidence was missing' }),
    expect: {
      anonymous: 401,
      org_admin: orgWide(409),
      other_admin: { in: 404, sibling: 404, foreign: 409 },
      network_director: { in: 403, sibling: 403, foreign: 404 },
      viewer: { in: 403, sibling: 403, foreign: 404 },
      team_member: { in: 403, sibling: 404, foreign: 404 },
    },
    otherwise: { in: 403, sibling: 404, foreign: 404 },
  },
  'GET /api/audit': {
    url: () => '/api/audit',
    targets: one,
    expect: { anonymous: 401, org_admin: 200, other_admin: 200, network_director: 200 },
    otherwise: 403,
  },
  'GET /api/audit/filters': {
    url: () => '/api/audit/filters',
    targets: one,
    expect: { anonymous: 401, org_admin: 200, other_admin: 200, network_director: 200 },
    otherwise: 403,
  },
};

describeEachDatabase('access matrix', (kind) => {
  let database: TrellisDatabase;
  let app: FastifyInstance;
  let f: Fixture;
  const agents = new Map<Who, Agent | null>();

  beforeAll(async () => {
    database = await freshDatabase(kind);
    f = await buildFixture(database.db);
    // Every caller tries a wrong password on one account: the per-account limit would refuse the eleventh.
    app = await buildApp({ database, webDir: null, signInLimit: 10_000, attemptPolicy: { max: 10_000 } });
    agents.set('anonymous', null);
    for (const p of PEOPLE) agents.set(p.key, await signIn(app, f.people[p.key]!.email));
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('has a case for every route, and every case is a route', () => {
    const routes = app.accessTable.map((r) => `${r.method} ${r.url}`).sort();
    expect(routes.filter((r) => !(r in CASES))).toEqual([]);
    expect(Object.keys(CASES).filter((c) => !routes.includes(c))).toEqual([]);
  });

  for (const [route, c] of Object.entries(CASES)) {
    it(route, async () => {
      const [method] = route.split(' ');
      const failures: string[] = [];
      for (const [who, agent] of agents) {
        for (const target of c.targets ?? (['in', 'sibling', 'foreign'] as Target[])) {
          const spec = c.expect[who] ?? c.otherwise;
          const expected = typeof spec === 'number' ? spec : spec[target];
          let client = agent;
          if (c.ownSession && agent) client = await signIn(app, f.people[who]!.email, PASSWORD);
          const url = c.url(f, target);
          const body = c.body?.(f, target);
          const res = client
            ? await client.request(method!, url, body)
            : await app.inject({ method: method as 'GET', url, payload: body as object | undefined }).then((r) => ({ status: r.statusCode, json: r.json() }));
          if (res.status !== expected) failures.push(`${who} on ${target}: expected ${expected}, got ${res.status} ${JSON.stringify(res.json).slice(0, 120)}`);
        }
      }
      expect(failures).toEqual([]);
    });
  }
});
