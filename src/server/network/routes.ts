// The network: the organization, its districts and schools (filtered to what the person may see), teams.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createTeam, getSchool, listDistricts, listSchools, schoolPeople, updateSchool } from '../../db/repositories/network';
import { notFound } from '../../domain/errors';
import { LIMITS } from '../../domain/limits';
import { mayHere, principalOf } from '../access';
import { grantsKey, keptAnswers } from '../kept-answers';
import type { RouteDeps } from '../app';

const id = z.object({ id: z.uuid('is not a valid id') });

export async function networkRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const kept = keptAnswers(database);

  r.get('/api/organization', { config: { access: { signedIn: true } }, schema: { tags: ['network'] } }, async (request) => {
    const p = principalOf(request);
    const org = await db.selectFrom('organization').select(['id', 'name', 'slug', 'is_demo']).where('id', '=', p.session.organizationId).executeTakeFirst();
    if (!org) throw notFound('The organization');
    return org;
  });

  r.get(
    '/api/schools',
    {
      config: { access: { signedIn: true } },
      schema: {
        tags: ['network'],
        querystring: z.object({
          q: z.string().max(LIMITS.search).optional(),
          district: z.uuid('is not a valid id').optional(),
          sort: z.enum(['name', 'district', 'enrollment', 'grades', 'support', 'start']).optional(),
          order: z.enum(['asc', 'desc']).optional(),
        }),
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      const { q, district, sort, order } = request.query;
      return kept(request, reply, `schools\u0000${grantsKey(p.grants)}\u0000${JSON.stringify([q ?? null, district ?? null, sort ?? null, order ?? null])}`, z.unknown(), () =>
        listSchools(db, { organizationId: p.session.organizationId, grants: p.grants, search: q, districtId: district, sort, order }),
      );
    },
  );

  r.get('/api/schools/:id', { config: { access: { permission: 'read', object: 'school' } }, schema: { tags: ['network'], params: id } }, async (request) => {
    const [school, people] = await Promise.all([getSchool(db, request.params.id), schoolPeople(db, request.params.id)]);
    return { ...school, ...people, can: { edit: mayHere(request, 'edit'), readStudents: mayHere(request, 'read_students') } };
  });

  r.patch(
    '/api/schools/:id',
    {
      config: { access: { permission: 'edit', object: 'school' } },
      schema: {
        tags: ['network'],
        params: id,
        body: z
          .object({
            version: z.number().int().positive(),
            name: z.string().trim().min(1, 'is required').max(LIMITS.name).optional(),
            enrollment: z.number().int().min(0).max(100_000).nullable().optional(),
            city: z.string().trim().max(LIMITS.city).nullable().optional(),
            grade_low: z.number().int().min(0).max(12).optional(),
            grade_high: z.number().int().min(0).max(12).optional(),
          })
          .strict(),
      },
    },
    async (request) => {
      const { version, ...changes } = request.body;
      return updateSchool(db, request.params.id, version, changes, principalOf(request).session.personId);
    },
  );

  r.post(
    '/api/schools/:id/teams',
    {
      config: { access: { permission: 'edit', object: 'school' } },
      schema: { tags: ['network'], params: id, body: z.object({ name: z.string().trim().min(1, 'is required').max(LIMITS.teamName), kind: z.enum(['ilt', 'grade_level', 'department', 'plc']) }).strict() },
    },
    async (request, reply) => {
      const team = await createTeam(db, request.params.id, request.body, principalOf(request).session.personId);
      return reply.code(201).send(team);
    },
  );

  r.get('/api/districts', { config: { access: { signedIn: true } }, schema: { tags: ['network'] } }, async (request, reply) => {
    const p = principalOf(request);
    return kept(request, reply, `districts\u0000${grantsKey(p.grants)}`, z.unknown(), () => listDistricts(db, p.session.organizationId, p.grants));
  });

  // A school's own staff read their district's page too (its results, to compare with): it lists only the schools
  // and district teams each person may see, and says whether they may read or start the district's reviews.
  r.get('/api/districts/:id', { config: { access: { permission: 'read_aggregates', object: 'district' } }, schema: { tags: ['network'], params: id } }, async (request) => {
    const p = principalOf(request);
    const [district, schools, teams] = await Promise.all([
      db.selectFrom('district').select(['id', 'name', 'state', 'state_code']).where('id', '=', request.params.id).executeTakeFirstOrThrow(),
      listSchools(db, { organizationId: p.session.organizationId, grants: p.grants, districtId: request.params.id }),
      db.selectFrom('team').select(['id', 'name', 'kind']).where('district_id', '=', request.params.id).where('school_id', 'is', null).orderBy('name').execute(),
    ]);
    return { ...district, schools, teams: teams.filter((t) => mayHere(request, 'read', t.id)), can: { readReviews: mayHere(request, 'read'), edit: mayHere(request, 'edit') } };
  });
}
