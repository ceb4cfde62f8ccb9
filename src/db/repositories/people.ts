// People, their role memberships, sessions and one-time set-password links.
import { atomic } from '../atomic';
import { sql, type Kysely } from 'kysely';
import { validScope, type Grant } from '../../domain/access';
import { AppError, notFound } from '../../domain/errors';
import type { Database, Role, ScopeKind } from '../schema';
import { recordAudit } from './audit';

/** A person's grants; a school or team grant also names its district (for reading that district's aggregates). */
export async function grantsOf(db: Kysely<Database>, personId: string): Promise<Grant[]> {
  const rows = await db
    .selectFrom('membership')
    .select(['role', 'scope_kind', 'scope_id'])
    .select(
      sql<string | null>`case membership.scope_kind
        when 'school' then (select district_id from school where school.id = membership.scope_id)
        when 'team' then (select district_id from team where team.id = membership.scope_id)
      end`.as('district_id'),
    )
    .where('person_id', '=', personId)
    .execute();
  return rows.map((r) => ({ role: r.role, scopeKind: r.scope_kind, scopeId: r.scope_id, ...(r.district_id ? { districtId: r.district_id } : {}) }));
}

export async function findPersonByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('person').selectAll().where(sql`lower(email)`, '=', email.trim().toLowerCase()).executeTakeFirst();
}

export interface PeopleQuery {
  /** Part of a name or email, any case. */
  search?: string;
  /** Only people holding this role somewhere. */
  role?: Role;
  /** Only people who work within this scope: a grant at it, or at a school or team inside it. */
  scopeId?: string;
  /** 1-based; with `pageSize`, one page of people (everyone when absent). */
  page?: number;
  pageSize?: number;
}

/** People of an organization, by name, with their memberships and how many match in all. */
export async function listPeople(db: Kysely<Database>, organizationId: string, query: PeopleQuery = {}) {
  const search = query.search?.trim().toLowerCase();
  let matching = db.selectFrom('person').where('person.organization_id', '=', organizationId);
  if (search) {
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    matching = matching.where((eb) => eb.or([eb(sql`lower(person.name)`, 'like', pattern), eb(sql`lower(person.email)`, 'like', pattern)]));
  }
  if (query.role) {
    const role = query.role;
    matching = matching.where((eb) =>
      eb.exists(eb.selectFrom('membership').select('membership.id').whereRef('membership.person_id', '=', 'person.id').where('membership.role', '=', role)),
    );
  }
  if (query.scopeId) {
    const scopeId = query.scopeId;
    matching = matching.where((eb) =>
      eb.exists(
        eb
          .selectFrom('membership')
          .select('membership.id')
          .whereRef('membership.person_id', '=', 'person.id')
          .where((m) =>
            m.or([
              m('membership.scope_id', '=', scopeId),
              m.and([
                m('membership.scope_kind', '=', 'school'),
                m('membership.scope_id', 'in', m.selectFrom('school').select('school.id').where('school.district_id', '=', scopeId)),
              ]),
              m.and([
                m('membership.scope_kind', '=', 'team'),
                m(
                  'membership.scope_id',
                  'in',
                  m
                    .selectFrom('team')
                    .select('team.id')
                    .where((t) => t.or([t('team.school_id', '=', scopeId), t('team.district_id', '=', scopeId)])),
                ),
              ]),
            ]),
          ),
      ),
    );
  }
  let rows = matching
    .select(['person.id', 'person.name', 'person.email', 'person.title', 'person.is_active', 'person.version'])
    .select((eb) => eb.case().when('person.password_hash', 'is', null).then(false).else(true).end().as('has_password'))
    .orderBy(sql`lower(person.name)`)
    .orderBy('person.id');
  if (query.pageSize) rows = rows.limit(query.pageSize).offset(((query.page ?? 1) - 1) * query.pageSize);
  const [people, counted] = await Promise.all([rows.execute(), matching.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()]);
  const memberships = people.length
    ? await db
        .selectFrom('membership')
        .select(['membership.id', 'membership.person_id', 'membership.role', 'membership.scope_kind', 'membership.scope_id'])
        .select(scopeName)
        .where(
          'membership.person_id',
          'in',
          people.map((p) => p.id),
        )
        .orderBy('membership.role')
        .execute()
    : [];
  return {
    people: people.map((p) => ({ ...p, memberships: memberships.filter((m) => m.person_id === p.id).map(({ person_id: _, ...m }) => m) })),
    total: counted.n,
  };
}

/** The readable name of a membership's scope, whatever its kind. */
const scopeName = sql<string>`coalesce(
  (select name from organization where id = membership.scope_id),
  (select name from district where id = membership.scope_id),
  (select name from school where id = membership.scope_id),
  (select t.name || ', ' || coalesce(s.name, d.name) from team t join district d on d.id = t.district_id left join school s on s.id = t.school_id where t.id = membership.scope_id),
  (select name from collaboration where id = membership.scope_id)
)`.as('scope_name');

export interface NewPerson {
  name: string;
  email: string;
  title?: string | null;
  passwordHash?: string | null;
}

export async function createPerson(db: Kysely<Database>, organizationId: string, p: NewPerson, actorId: string | null) {
  return atomic(db, async (trx) => {
    if (await findPersonByEmail(trx, p.email))
      throw new AppError('conflict', `Someone with the email ${p.email} already has an account.`, [{ where: 'email', message: 'already used' }]);
    const created = await trx
      .insertInto('person')
      .values({
        organization_id: organizationId,
        name: p.name.trim(),
        email: p.email.trim().toLowerCase(),
        title: p.title ?? null,
        password_hash: p.passwordHash ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { organizationId, actorId, action: 'person.create', objectKind: 'person', objectId: created.id, after: created });
    return created;
  });
}

/** Everything a role can be granted at in the organization, each with how the command line names it (slug, state code, name). */
export async function listScopes(db: Kysely<Database>, organizationId: string) {
  const org = organizationId;
  const [organization, district, school, teams, collaboration] = await Promise.all([
    db.selectFrom('organization').select(['id', 'name', 'slug as code']).where('id', '=', org).execute(),
    db.selectFrom('district').select(['id', 'name', 'state_code as code']).where('organization_id', '=', org).orderBy('name').execute(),
    db.selectFrom('school').select(['id', 'name', 'state_code as code']).where('organization_id', '=', org).orderBy('name').execute(),
    db
      .selectFrom('team')
      .leftJoin('school', 'school.id', 'team.school_id')
      .innerJoin('district', 'district.id', 'team.district_id')
      .select(['team.id', 'team.name', 'school.name as school_name', 'district.name as district_name'])
      .where('team.organization_id', '=', org)
      .orderBy('school.name')
      .orderBy('team.name')
      .execute(),
    db.selectFrom('collaboration').select(['id', 'name', 'name as code']).where('organization_id', '=', org).execute(),
  ]);
  return {
    organization,
    district,
    school,
    team: teams.map((t) => ({ id: t.id, name: `${t.name}, ${t.school_name ?? t.district_name}`, code: t.id })),
    collaboration,
  };
}

/** Resolves `KIND:CODE` style scopes: organization slug, district/school state code, or a uuid. */
export async function resolveScope(db: Kysely<Database>, organizationId: string, kind: ScopeKind, ref: string): Promise<{ id: string; name: string }> {
  const uuid = /^[0-9a-f-]{36}$/i.test(ref);
  const found = await (() => {
    switch (kind) {
      case 'organization':
        return db
          .selectFrom('organization')
          .select(['id', 'name'])
          .where('id', '=', organizationId)
          .where(uuid ? 'id' : 'slug', '=', ref)
          .executeTakeFirst();
      case 'district':
        return db
          .selectFrom('district')
          .select(['id', 'name'])
          .where('organization_id', '=', organizationId)
          .where(uuid ? 'id' : 'state_code', '=', ref)
          .executeTakeFirst();
      case 'school':
        return db
          .selectFrom('school')
          .select(['id', 'name'])
          .where('organization_id', '=', organizationId)
          .where(uuid ? 'id' : 'state_code', '=', ref)
          .executeTakeFirst();
      case 'collaboration':
        return db
          .selectFrom('collaboration')
          .select(['id', 'name'])
          .where('organization_id', '=', organizationId)
          .where(uuid ? 'id' : 'name', '=', ref)
          .executeTakeFirst();
      case 'team':
        return uuid
          ? db.selectFrom('team').select(['id', 'name']).where('organization_id', '=', organizationId).where('id', '=', ref).executeTakeFirst()
          : Promise.resolve(undefined);
    }
  })();
  if (!found) throw new AppError('not_found', `No ${kind} "${ref}" in this organization.`, [{ where: 'scope', message: `unknown ${kind}` }]);
  return found;
}

export async function grantRole(
  db: Kysely<Database>,
  organizationId: string,
  personId: string,
  role: Role,
  scopeKind: ScopeKind,
  scopeId: string,
  actorId: string | null,
) {
  if (!validScope(role, scopeKind))
    throw new AppError('invalid_input', `The role ${role} cannot be granted at a ${scopeKind}.`, [{ where: 'scopeKind', message: `not allowed for ${role}` }]);
  return atomic(db, async (trx) => {
    const person = await trx.selectFrom('person').select('id').where('id', '=', personId).where('organization_id', '=', organizationId).executeTakeFirst();
    if (!person) throw notFound('The person');
    const existing = await trx
      .selectFrom('membership')
      .selectAll()
      .where('person_id', '=', personId)
      .where('role', '=', role)
      .where('scope_kind', '=', scopeKind)
      .where('scope_id', '=', scopeId)
      .executeTakeFirst();
    if (existing) return existing;
    const created = await trx
      .insertInto('membership')
      .values({ person_id: personId, role, scope_kind: scopeKind, scope_id: scopeId })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { organizationId, actorId, action: 'membership.grant', objectKind: 'person', objectId: personId, after: created });
    return created;
  });
}

/** Revokes a membership; with `personId`, only one of that person's (the person the screen or address names). */
export async function revokeMembership(db: Kysely<Database>, organizationId: string, membershipId: string, actorId: string | null, personId?: string) {
  return atomic(db, async (trx) => {
    let q = trx
      .selectFrom('membership')
      .innerJoin('person', 'person.id', 'membership.person_id')
      .selectAll('membership')
      .where('membership.id', '=', membershipId)
      .where('person.organization_id', '=', organizationId);
    if (personId) q = q.where('membership.person_id', '=', personId);
    const before = await q.executeTakeFirst();
    if (!before) throw notFound('The membership');
    if (before.role === 'org_admin') {
      const admins = await trx
        .selectFrom('membership')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('role', '=', 'org_admin')
        .where('scope_id', '=', organizationId)
        .executeTakeFirstOrThrow();
      if (admins.n <= 1) throw new AppError('conflict', 'This is the last organization admin; grant the role to someone else first.');
    }
    await trx.deleteFrom('membership').where('id', '=', membershipId).execute();
    await recordAudit(trx, { organizationId, actorId, action: 'membership.revoke', objectKind: 'person', objectId: before.person_id, before });
    return before;
  });
}

/** The stored hash of a person's password (null when they have none yet). */
export async function passwordHashOf(db: Kysely<Database>, personId: string): Promise<string | null> {
  const person = await db.selectFrom('person').select('password_hash').where('id', '=', personId).executeTakeFirst();
  if (!person) throw notFound('The person');
  return person.password_hash;
}

/** The first organization and its admin, on a Trellis with nothing in it yet; returns the admin's id. */
export async function setUpOrganization(db: Kysely<Database>, o: { organizationName: string; name: string; email: string; passwordHash: string }) {
  const slug =
    o.organizationName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'organization';
  const org = await db.insertInto('organization').values({ name: o.organizationName, slug }).returning('id').executeTakeFirstOrThrow();
  const person = await db
    .insertInto('person')
    .values({ organization_id: org.id, name: o.name, email: o.email, title: 'Organization admin', password_hash: o.passwordHash })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('membership').values({ person_id: person.id, role: 'org_admin', scope_kind: 'organization', scope_id: org.id }).execute();
  await recordAudit(db, {
    organizationId: org.id,
    actorId: person.id,
    action: 'organization.setup',
    objectKind: 'organization',
    objectId: org.id,
    after: { name: o.organizationName, admin: o.email },
  });
  return person.id;
}

export async function setPasswordHash(db: Kysely<Database>, personId: string, hash: string, actorId: string | null) {
  const person = await db
    .updateTable('person')
    .set({ password_hash: hash, version: sql`version + 1` })
    .where('id', '=', personId)
    .returning(['id', 'organization_id'])
    .executeTakeFirst();
  if (!person) throw notFound('The person');
  await recordAudit(db, { organizationId: person.organization_id, actorId, action: 'person.set_password', objectKind: 'person', objectId: personId });
}
