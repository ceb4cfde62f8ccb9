// Reads and writes of the network: districts, schools with their partnership, teams and their people.
import { atomic } from '../atomic';
import { sql, type Kysely } from 'kysely';
import type { Grant } from '../../domain/access';
import { AppError, notFound } from '../../domain/errors';
import type { Database, TeamKind } from '../schema';
import { recordAudit } from './audit';
import { visibleSchools } from './scope';

export type SchoolSort = 'name' | 'district' | 'enrollment' | 'grades' | 'support' | 'start';
const SORT_COLUMNS = {
  name: sql`school.name`,
  district: sql`district.name`,
  enrollment: sql`school.enrollment`,
  grades: sql`school.grade_low`,
  support: sql`partnership.support_level`,
  start: sql`partnership.start_year`,
} as const;

export interface SchoolListQuery {
  organizationId: string;
  grants: readonly Grant[];
  search?: string;
  districtId?: string;
  sort?: SchoolSort;
  order?: 'asc' | 'desc';
}

/** The current partnership of each school: the latest started one. */
export function currentPartnership(db: Kysely<Database>) {
  return db
    .selectFrom('partnership')
    .distinctOn('school_id')
    .selectAll()
    .where('school_id', 'is not', null)
    .orderBy('school_id')
    .orderBy('start_year', 'desc')
    .as('partnership');
}

export async function listSchools(db: Kysely<Database>, q: SchoolListQuery) {
  let query = db
    .selectFrom('school')
    .innerJoin('district', 'district.id', 'school.district_id')
    .leftJoin(currentPartnership(db), (join) => join.onRef('partnership.school_id', '=', 'school.id'))
    .select([
      'school.id',
      'school.name',
      'school.state_code',
      'school.level',
      'school.grade_low',
      'school.grade_high',
      'school.enrollment',
      'school.city',
      'district.id as district_id',
      'district.name as district_name',
      'partnership.support_level',
      'partnership.coach_days_per_week',
      'partnership.start_year',
      'partnership.end_year',
      'partnership.phase',
    ])
    .where(visibleSchools(q.grants, q.organizationId));
  if (q.search) {
    const like = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) =>
      eb.or([eb('school.name', 'ilike', like), eb('district.name', 'ilike', like), eb('school.state_code', 'like', like), eb('school.city', 'ilike', like)]),
    );
  }
  if (q.districtId) query = query.where('school.district_id', '=', q.districtId);
  const dir = q.order === 'desc' ? sql`desc nulls last` : sql`asc nulls last`;
  const rows = await query
    .orderBy(sql`${SORT_COLUMNS[q.sort ?? 'name']} ${dir}`)
    .orderBy('school.name')
    .execute();
  return rows.map((r) => ({ ...r, coach_days_per_week: r.coach_days_per_week === null ? null : Number(r.coach_days_per_week) }));
}

/**
 * What the organization's data is at now, for kept answers: every write is audited in its own transaction, so the
 * latest audit entry changes with it; an import also finishes its run afterwards (its time and files, shown as a
 * source), so the finished runs are counted too.
 */
export async function changeStamp(db: Kysely<Database>, organizationId: string): Promise<string> {
  const { rows } = await sql<{ audit: string | null; imports: string | number }>`
    select (select max(id) from audit_log where organization_id = ${organizationId})::text as audit,
      (select count(finished_at) from import_run where organization_id = ${organizationId}) as imports`.execute(db);
  return `${rows[0]!.audit ?? 0}:${rows[0]!.imports}`;
}

/**
 * Whether a transaction of this database is writing to the audit log: one under way may have taken an audit id below
 * the latest and commit after it, without changing the stamp, so nothing computed meanwhile may be kept.
 */
export async function auditWriteUnderWay(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ writing: boolean }>`
    select exists (select 1 from pg_locks where locktype = 'relation' and relation = 'audit_log'::regclass and mode = 'RowExclusiveLock'
      and database = (select oid from pg_database where datname = current_database())) as writing`.execute(db);
  return rows[0]!.writing;
}

export async function getOrganization(db: Kysely<Database>, id: string) {
  const org = await db.selectFrom('organization').select(['id', 'name', 'slug', 'is_demo']).where('id', '=', id).executeTakeFirst();
  if (!org) throw notFound('The organization');
  return org;
}

/** The first organization set up, if any: before there is one, Trellis asks for setup. */
export async function firstOrganization(db: Kysely<Database>) {
  return db.selectFrom('organization').select(['id', 'name', 'is_demo']).orderBy('created_at').executeTakeFirst();
}

export async function getDistrict(db: Kysely<Database>, id: string) {
  const district = await db.selectFrom('district').select(['id', 'name', 'state', 'state_code']).where('id', '=', id).executeTakeFirst();
  if (!district) throw notFound('The district');
  return district;
}

/** A district's own teams (those of no school), by name. */
export async function districtTeams(db: Kysely<Database>, districtId: string) {
  return db.selectFrom('team').select(['id', 'name', 'kind']).where('district_id', '=', districtId).where('school_id', 'is', null).orderBy('name').execute();
}

export async function getSchool(db: Kysely<Database>, id: string) {
  const school = await db
    .selectFrom('school')
    .innerJoin('district', 'district.id', 'school.district_id')
    .selectAll('school')
    .select(['district.name as district_name', 'district.state as state'])
    .where('school.id', '=', id)
    .executeTakeFirst();
  if (!school) throw notFound('The school');
  const partnerships = await db.selectFrom('partnership').selectAll().where('school_id', '=', id).orderBy('start_year', 'desc').execute();
  return { ...school, partnerships: partnerships.map((p) => ({ ...p, coach_days_per_week: Number(p.coach_days_per_week) })) };
}

/** Teams of a school with their members, and the people who hold a role at the school itself. */
export async function schoolPeople(db: Kysely<Database>, schoolId: string) {
  const teams = await db
    .selectFrom('team')
    .select(['id', 'name', 'kind', 'version'])
    .where('school_id', '=', schoolId)
    .orderBy(sql`kind = 'ilt' desc`)
    .orderBy('name')
    .execute();
  const teamIds = teams.map((t) => t.id);
  const members = teamIds.length
    ? await db
        .selectFrom('membership')
        .innerJoin('person', 'person.id', 'membership.person_id')
        .select(['membership.scope_id as team_id', 'person.id', 'person.name', 'person.title', 'membership.role'])
        .where('membership.scope_kind', '=', 'team')
        .where('membership.scope_id', 'in', teamIds)
        .orderBy('person.name')
        .execute()
    : [];
  const staff = await db
    .selectFrom('membership')
    .innerJoin('person', 'person.id', 'membership.person_id')
    .select(['person.id', 'person.name', 'person.title', 'person.email', 'membership.role'])
    .where('membership.scope_kind', '=', 'school')
    .where('membership.scope_id', '=', schoolId)
    .orderBy('membership.role')
    .orderBy('person.name')
    .execute();
  return {
    teams: teams.map((t) => ({ ...t, members: members.filter((m) => m.team_id === t.id).map(({ team_id: _, ...m }) => m) })),
    staff,
  };
}

export async function listDistricts(db: Kysely<Database>, organizationId: string, grants: readonly Grant[]) {
  return db
    .selectFrom('district')
    .select(['district.id', 'district.name', 'district.state', 'district.state_code'])
    .select((eb) =>
      eb
        .selectFrom('school')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('school.district_id', '=', 'district.id')
        .where(visibleSchools(grants, organizationId))
        .as('school_count'),
    )
    .where('district.organization_id', '=', organizationId)
    .where((eb) =>
      eb.exists(eb.selectFrom('school').select('school.id').whereRef('school.district_id', '=', 'district.id').where(visibleSchools(grants, organizationId))),
    )
    .orderBy('district.name')
    .execute();
}

export interface SchoolChanges {
  name?: string;
  enrollment?: number | null;
  city?: string | null;
  grade_low?: number;
  grade_high?: number;
}

/** Optimistic concurrency: the write names the version it read; a stale one is refused, never merged. */
export async function updateSchool(db: Kysely<Database>, id: string, version: number, changes: SchoolChanges, actorId: string | null) {
  return atomic(db, async (trx) => {
    const before = await trx.selectFrom('school').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!before) throw notFound('The school');
    if (before.version !== version)
      throw new AppError(
        'stale_version',
        `Someone else changed this school since you opened it (you had version ${version}, it is now ${before.version}). Reload to see their changes.`,
        [{ where: 'version', message: `current version is ${before.version}` }],
      );
    const low = changes.grade_low ?? before.grade_low;
    const high = changes.grade_high ?? before.grade_high;
    if (low > high)
      throw new AppError('invalid_input', 'The lowest grade must not be above the highest grade.', [{ where: 'gradeLow', message: `${low} is above ${high}` }]);
    const after = await trx
      .updateTable('school')
      .set({ ...changes, version: version + 1 })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { organizationId: before.organization_id, actorId, action: 'school.update', objectKind: 'school', objectId: id, before, after });
    return after;
  });
}

export async function createTeam(db: Kysely<Database>, schoolId: string, team: { name: string; kind: TeamKind }, actorId: string | null) {
  return atomic(db, async (trx) => {
    const school = await trx.selectFrom('school').select(['organization_id', 'district_id']).where('id', '=', schoolId).executeTakeFirst();
    if (!school) throw notFound('The school');
    const clash = await trx
      .selectFrom('team')
      .select('id')
      .where('school_id', '=', schoolId)
      .where(sql`lower(name)`, '=', team.name.toLowerCase())
      .executeTakeFirst();
    if (clash)
      throw new AppError('conflict', `This school already has a team named "${team.name}".`, [{ where: 'name', message: 'already used at this school' }]);
    const created = await trx
      .insertInto('team')
      .values({ organization_id: school.organization_id, district_id: school.district_id, school_id: schoolId, name: team.name, kind: team.kind })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      organizationId: school.organization_id,
      actorId,
      action: 'team.create',
      objectKind: 'team',
      objectId: created.id,
      after: created,
    });
    return created;
  });
}
