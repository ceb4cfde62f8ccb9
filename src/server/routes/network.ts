// The network: the organization, its districts and schools (filtered to what the person may see), teams.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TrellisDatabase } from '../../db/database';
import { auditWriteUnderWay, changeStamp, createTeam, getSchool, listDistricts, listSchools, schoolPeople, updateSchool } from '../../db/repositories/network';
import type { Grant } from '../../domain/access';
import { AnswerCache } from '../../domain/answer-cache';
import { notFound } from '../../domain/errors';
import { LIMITS } from '../../domain/limits';
import { mayHere, principalOf } from '../access';
import type { RouteDeps } from '../app';

const id = z.object({ id: z.uuid('is not a valid id') });

/** Grants as part of a kept answer's key: two people with the same grants see the same lists. */
export const grantsKey = (grants: readonly Grant[]) => JSON.stringify(grants.map((g) => [g.role, g.scopeKind, g.scopeId, g.districtId ?? null]).sort());

/** Whether an Accept-Encoding header takes gzip (browsers always send it). */
function acceptsGzip(header: string | string[] | undefined): boolean {
  return [header ?? ''].flat().join(',').split(',').some((part) => {
    const [name = '', ...params] = part.split(';').map((x) => x.trim().toLowerCase());
    return (name === 'gzip' || name === '*') && !params.some((p) => /^q=0(\.0*)?$/.test(p));
  });
}

/**
 * Kept answers for the pages read most (the network lists, a school's results, the heatmap, the plans table): each
 * request reads the organization's change stamp (one small query) and is answered from what was computed under the
 * same stamp, or computes it (once for all the requests that miss together). `key` names everything the answer
 * depends on besides the organization's data: the route, its parameters and, for lists, the person's grants.
 *
 * Requests share stamp reads, never one that could miss a write they could know of. On PostgreSQL, one read serves
 * the requests that arrived before it was sent (those of one turn of the event loop). PGlite runs one statement or
 * transaction at a time, in the order asked: a read already asked for serves later requests too, since a write asked
 * for after it commits after it; and no audit write can be under way while the stamp is read.
 */
export function keptAnswers(database: TrellisDatabase) {
  const { db } = database;
  const cache = new AnswerCache();
  const reading = new Map<string, Promise<string>>();
  const stampOf = (organizationId: string): Promise<string> => {
    let read = reading.get(organizationId);
    if (!read) {
      const done = () => reading.delete(organizationId);
      read =
        database.kind === 'pglite'
          ? changeStamp(db, organizationId).finally(done)
          : new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
              done();
              return changeStamp(db, organizationId);
            });
      reading.set(organizationId, read);
    }
    return read;
  };
  const settled = database.kind === 'pglite' ? undefined : async () => !(await auditWriteUnderWay(db));
  return async (request: FastifyRequest, reply: FastifyReply, key: string, compute: () => Promise<unknown>) => {
    const organizationId = principalOf(request).session.organizationId;
    const answer = await cache.answer(`${organizationId}\u0000${key}`, await stampOf(organizationId), compute, settled);
    reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
    if (acceptsGzip(request.headers['accept-encoding'])) return reply.header('content-encoding', 'gzip').send(await answer.gzip());
    return reply.send(answer.json);
  };
}

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
      return kept(request, reply, `schools\u0000${grantsKey(p.grants)}\u0000${JSON.stringify([q ?? null, district ?? null, sort ?? null, order ?? null])}`, () =>
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
    return kept(request, reply, `districts\u0000${grantsKey(p.grants)}`, () => listDistricts(db, p.session.organizationId, p.grants));
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
