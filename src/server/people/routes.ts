// People and memberships, managed by organization admins: invite, grant and revoke roles, set-password links.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/access';
import { LIMITS } from '../../domain/limits';
import type { Role } from '../../db/schema';
import { createPerson, grantRole, listPeople, resolveScope, revokeMembership } from '../../db/repositories/people';
import { createPasswordLink, setPasswordPath } from '../../db/repositories/sessions';
import { principalOf } from '../access';
import type { RouteDeps } from '../app';

const role = z.enum(ROLES as [string, ...string[]]).transform((r) => r as (typeof ROLES)[number]);
const scopeKind = z.enum(['organization', 'collaboration', 'district', 'school', 'team']);
const grantBody = z.object({ role, scopeKind, scopeId: z.uuid('is not a valid id') }).strict();
const peopleQuery = z.object({
  q: z.string().max(200, 'is too long').optional(),
  role: role.optional(),
  scope: z.uuid('is not a valid id').optional(),
  page: z.coerce.number().int('must be a whole number').min(1, 'starts at 1').default(1),
  pageSize: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(25),
});
const membership = z.object({ id: z.string(), role: z.enum(ROLES as [Role, ...Role[]]), scope_kind: scopeKind, scope_id: z.string(), scope_name: z.string().nullable() });
const personRow = z.object({ id: z.string(), name: z.string(), email: z.string(), title: z.string().nullable(), is_active: z.boolean(), has_password: z.boolean(), version: z.number(), memberships: z.array(membership) });
/** One page of people and how many match in all. */
export const peoplePage = z.object({ people: z.array(personRow), total: z.number().int() });
export type PeoplePage = z.infer<typeof peoplePage>;
export type PersonRow = PeoplePage['people'][number];

const manage = { access: { permission: 'manage_people', organization: true } } as const;
const managePerson = { access: { permission: 'manage_people', object: 'person' } } as const;

export async function peopleRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/people',
    { config: manage, schema: { tags: ['people'], querystring: peopleQuery, response: { 200: peoplePage } } },
    async (request) => {
      const { q, role, scope, page, pageSize } = request.query;
      return listPeople(db, principalOf(request).session.organizationId, { search: q, role, scopeId: scope, page, pageSize });
    },
  );

  /** Everything a role can be granted at, for the admin's pickers; `code` is how the command line names it (slug, state code, name). */
  r.get('/api/scopes', { config: manage, schema: { tags: ['people'] } }, async (request) => {
    const org = principalOf(request).session.organizationId;
    const [organizations, districts, schools, teams, collaborations] = await Promise.all([
      db.selectFrom('organization').select(['id', 'name', 'slug as code']).where('id', '=', org).execute(),
      db.selectFrom('district').select(['id', 'name', 'state_code as code']).where('organization_id', '=', org).orderBy('name').execute(),
      db.selectFrom('school').select(['id', 'name', 'state_code as code']).where('organization_id', '=', org).orderBy('name').execute(),
      db.selectFrom('team').leftJoin('school', 'school.id', 'team.school_id').innerJoin('district', 'district.id', 'team.district_id').select(['team.id', 'team.name', 'school.name as school_name', 'district.name as district_name']).where('team.organization_id', '=', org).orderBy('school.name').orderBy('team.name').execute(),
      db.selectFrom('collaboration').select(['id', 'name', 'name as code']).where('organization_id', '=', org).execute(),
    ]);
    return {
      organization: organizations,
      district: districts,
      school: schools,
      team: teams.map((t) => ({ id: t.id, name: `${t.name}, ${t.school_name ?? t.district_name}`, code: t.id })),
      collaboration: collaborations,
    };
  });

  r.post(
    '/api/people',
    {
      config: manage,
      schema: {
        tags: ['people'],
        body: z.object({ name: z.string().trim().min(1, 'is required').max(LIMITS.name), email: z.string().trim().email('is not an email address').max(LIMITS.email), title: z.string().trim().max(LIMITS.personTitle).optional(), grant: grantBody.optional() }).strict(),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const org = p.session.organizationId;
      const { grant, ...person } = request.body;
      // Check the scope before anything is written, so a bad grant leaves no half-made person.
      if (grant) await resolveScope(db, org, grant.scopeKind, grant.scopeId);
      const created = await db.transaction().execute(async (trx) => {
        const made = await createPerson(trx, org, person, p.session.personId);
        if (grant) await grantRole(trx, org, made.id, grant.role, grant.scopeKind, grant.scopeId, p.session.personId);
        const token = await createPasswordLink(trx, made.id, p.session.personId);
        return { id: made.id, name: made.name, email: made.email, setPasswordPath: setPasswordPath(token) };
      });
      return reply.code(201).send(created);
    },
  );

  r.post('/api/people/:id/memberships', { config: managePerson, schema: { tags: ['people'], params: z.object({ id: z.uuid() }), body: grantBody } }, async (request, reply) => {
    const p = principalOf(request);
    await resolveScope(db, p.session.organizationId, request.body.scopeKind, request.body.scopeId);
    const m = await grantRole(db, p.session.organizationId, request.params.id, request.body.role, request.body.scopeKind, request.body.scopeId, p.session.personId);
    return reply.code(201).send(m);
  });

  r.delete(
    '/api/people/:id/memberships/:membershipId',
    { config: managePerson, schema: { tags: ['people'], params: z.object({ id: z.uuid(), membershipId: z.uuid('is not a valid id') }) } },
    async (request) => {
      const p = principalOf(request);
      // The membership must be the person's in the address: a mismatch is refused, not quietly revoked from someone else.
      return revokeMembership(db, p.session.organizationId, request.params.membershipId, p.session.personId, request.params.id);
    },
  );

  r.post('/api/people/:id/password-link', { config: managePerson, schema: { tags: ['people'], params: z.object({ id: z.uuid() }) } }, async (request, reply) => {
    const p = principalOf(request);
    const token = await createPasswordLink(db, request.params.id, p.session.personId);
    return reply.code(201).send({ setPasswordPath: setPasswordPath(token) });
  });
}
