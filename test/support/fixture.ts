// A small two-organization network with one person per role, and helpers to act as them through the API.
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database, Role, ScopeKind } from '../../src/db/schema';
import { refreshReviewLevels } from '../../src/db/repositories/review-levels';
import { hashPassword } from '../../src/server/passwords';

export const PASSWORD = 'correct horse battery';

export interface Fixture {
  orgId: string;
  otherOrgId: string;
  districtA: string; // Alder USD: school A lives here
  districtB: string; // Birch USD: school B
  schoolA: string;
  schoolB: string;
  teamA: string; // a team at school A
  teamB: string; // a team at school B
  otherSchool: string; // a school of the other organization
  otherDistrict: string;
  collaborationA: string;
  /** An open transformation review at each school, with one self rating at school A. */
  reviewA: string;
  reviewB: string;
  otherReview: string;
  ratingA: string;
  schoolFramework: string;
  districtFramework: string;
  people: Record<string, { id: string; email: string }>;
}

/** Who holds which role where: each role is scoped so that school A is in scope and school B is not (org-wide roles see both). */
export const PEOPLE: { key: string; role: Role; scope: ScopeKind; at: 'org' | 'districtA' | 'schoolA' | 'teamA' | 'collaborationA' | 'otherOrg' }[] = [
  { key: 'org_admin', role: 'org_admin', scope: 'organization', at: 'org' },
  { key: 'network_director', role: 'network_director', scope: 'organization', at: 'org' },
  { key: 'coach', role: 'coach', scope: 'school', at: 'schoolA' },
  { key: 'district_leader', role: 'district_leader', scope: 'district', at: 'districtA' },
  { key: 'school_leader', role: 'school_leader', scope: 'school', at: 'schoolA' },
  { key: 'team_member', role: 'team_member', scope: 'team', at: 'teamA' },
  { key: 'viewer', role: 'viewer', scope: 'organization', at: 'org' },
  { key: 'program_manager', role: 'coach', scope: 'collaboration', at: 'collaborationA' },
  { key: 'other_admin', role: 'org_admin', scope: 'organization', at: 'otherOrg' },
];

export async function buildFixture(db: Kysely<Database>): Promise<Fixture> {
  const hash = await hashPassword(PASSWORD);
  const org = await db.insertInto('organization').values({ name: 'Test Partners', slug: 'test' }).returning('id').executeTakeFirstOrThrow();
  const other = await db.insertInto('organization').values({ name: 'Other Partners', slug: 'other' }).returning('id').executeTakeFirstOrThrow();
  const district = async (organization_id: string, name: string, code: string) =>
    (await db.insertInto('district').values({ organization_id, name, state: 'CA', state_code: code }).returning('id').executeTakeFirstOrThrow()).id;
  const school = async (organization_id: string, district_id: string, name: string, code: string) =>
    (
      await db
        .insertInto('school')
        .values({ organization_id, district_id, name, state_code: code, level: 'elementary', grade_low: 0, grade_high: 5, enrollment: 400 })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const team = async (organization_id: string, district_id: string, school_id: string, name: string) =>
    (await db.insertInto('team').values({ organization_id, district_id, school_id, name, kind: 'ilt' }).returning('id').executeTakeFirstOrThrow()).id;
  const districtA = await district(org.id, 'Alder Unified', '9800001');
  const districtB = await district(org.id, 'Birch Unified', '9800002');
  const otherDistrict = await district(other.id, 'Cypress Unified', '9800003');
  const schoolA = await school(org.id, districtA, 'Aspen Elementary', '98000016000001');
  const schoolB = await school(org.id, districtB, 'Beech Elementary', '98000026000002');
  const otherSchool = await school(other.id, otherDistrict, 'Cedar Elementary', '98000036000003');
  const teamA = await team(org.id, districtA, schoolA, 'Aspen ILT');
  const teamB = await team(org.id, districtB, schoolB, 'Beech ILT');
  const collab = await db
    .insertInto('collaboration')
    .values({ organization_id: org.id, name: 'Early Literacy', focal_area: 'Early literacy', start_year: 2025, end_year: 2027 })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('collaboration_district').values({ collaboration_id: collab.id, district_id: districtA, is_pilot_site: true }).execute();
  await db
    .insertInto('partnership')
    .values({
      organization_id: org.id,
      school_id: schoolA,
      district_id: districtA,
      start_year: 2024,
      end_year: 2028,
      support_level: 'intensive',
      coach_days_per_week: 3.5,
      phase: 'direct_support',
    })
    .execute();
  const framework = async (key: string) =>
    (await db.selectFrom('framework').select('id').where('key', '=', key).where('organization_id', 'is', null).executeTakeFirstOrThrow()).id;
  const schoolFramework = await framework('school-transformation');
  const districtFramework = await framework('district-transformation');
  const review = async (organization_id: string, district_id: string, school_id: string) =>
    (
      await db
        .insertInto('review')
        .values({
          organization_id,
          district_id,
          school_id,
          framework_id: schoolFramework,
          type: 'transformation_fall',
          title: 'Fall baseline',
          school_year: 2025,
          starts_on: '2025-10-14',
          ends_on: '2025-10-14',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  // An empty plan for 2025-26 at each school, so plan routes have something to answer about.
  for (const [organization_id, district_id, school_id] of [
    [org.id, districtA, schoolA],
    [org.id, districtB, schoolB],
    [other.id, otherDistrict, otherSchool],
  ] as const)
    await db.insertInto('plan').values({ organization_id, district_id, school_id, school_year: 2025 }).execute();
  const reviewA = await review(org.id, districtA, schoolA);
  const reviewB = await review(org.id, districtB, schoolB);
  const otherReview = await review(other.id, otherDistrict, otherSchool);
  const firstIndicator = (
    (await db.selectFrom('framework').select('document').where('id', '=', schoolFramework).executeTakeFirstOrThrow()).document as {
      domains: { indicators: { key: string }[] }[];
    }
  ).domains[0]!.indicators[0]!.key;
  const ratingA = (
    await db
      .insertInto('rating')
      .values({ review_id: reviewA, district_id: districtA, indicator_key: firstIndicator, source: 'self', level: 2 })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await refreshReviewLevels(db, { reviewId: reviewA });
  const at = { org: org.id, districtA, schoolA, teamA, collaborationA: collab.id, otherOrg: other.id };
  const people: Fixture['people'] = {};
  for (const p of PEOPLE) {
    const email = `${p.key.replace(/_/g, '.')}@fixture.test`;
    const organization_id = p.at === 'otherOrg' ? other.id : org.id;
    const person = await db
      .insertInto('person')
      .values({ organization_id, name: p.key.replace(/_/g, ' '), email, password_hash: hash })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('membership').values({ person_id: person.id, role: p.role, scope_kind: p.scope, scope_id: at[p.at] }).execute();
    people[p.key] = { id: person.id, email };
  }
  return {
    reviewA,
    reviewB,
    otherReview,
    ratingA,
    schoolFramework,
    districtFramework,
    orgId: org.id,
    otherOrgId: other.id,
    districtA,
    districtB,
    otherDistrict,
    schoolA,
    schoolB,
    teamA,
    teamB,
    otherSchool,
    collaborationA: collab.id,
    people,
  };
}

export interface Agent {
  cookie: string;
  csrf: string;
  request(method: string, url: string, body?: unknown): Promise<{ status: number; json: any }>;
}

/** Signs in through the API and returns a client that sends the session cookie and CSRF token. */
export async function signIn(app: FastifyInstance, email: string, password = PASSWORD): Promise<Agent> {
  const res = await app.inject({ method: 'POST', url: '/api/session', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in as ${email} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'trellis_session')!;
  const csrf = res.json().csrfToken as string;
  const agent: Agent = {
    cookie: `trellis_session=${cookie.value}`,
    csrf,
    async request(method, url, body) {
      const r = await app.inject({
        method: method as 'GET',
        url,
        payload: body as object | undefined,
        headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrf },
      });
      return { status: r.statusCode, json: r.body ? safeJson(r.body) : null };
    },
  };
  return agent;
}

function safeJson(text: string) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
