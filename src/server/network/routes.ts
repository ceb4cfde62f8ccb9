// The network: the organization, its districts and schools (filtered to what the person may see), teams.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  createTeam,
  districtTeams,
  getDistrict,
  getOrganization,
  getSchool,
  listDistricts,
  listSchools,
  schoolPeople,
  updateSchool,
} from '../../db/repositories/network';
import { errorAnswer } from '../../domain/errors';
import { mayHere, principalOf } from '../access';
import { grantsKey, keptAnswers } from '../kept-answers';
import type { RouteDeps } from '../app';
import { presentDistrictRow, presentSavedSchool, presentSchool, presentSchools, presentTeam } from './presenters';
import {
  districtAnswer,
  districtList,
  idParams,
  newTeam,
  organizationAnswer,
  savedSchool,
  schoolAnswer,
  schoolChanges,
  schoolList,
  schoolListQuery,
  teamAnswer,
} from './schemas';

export async function networkRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const kept = keptAnswers(database);

  r.get(
    '/api/organization',
    { config: { access: { signedIn: true } }, schema: { tags: ['network'], response: { 200: organizationAnswer } } },
    async (request) => {
      const org = await getOrganization(db, principalOf(request).session.organizationId);
      return { id: org.id, name: org.name, slug: org.slug, isDemo: org.is_demo };
    },
  );

  r.get(
    '/api/schools',
    { config: { access: { signedIn: true } }, schema: { tags: ['network'], querystring: schoolListQuery, response: { 200: schoolList } } },
    async (request, reply) => {
      const p = principalOf(request);
      const { q, district, sort, order } = request.query;
      return kept(
        request,
        reply,
        `schools\u0000${grantsKey(p.grants)}\u0000${JSON.stringify([q ?? null, district ?? null, sort ?? null, order ?? null])}`,
        schoolList,
        async () =>
          presentSchools(await listSchools(db, { organizationId: p.session.organizationId, grants: p.grants, search: q, districtId: district, sort, order })),
      );
    },
  );

  r.get(
    '/api/schools/:id',
    { config: { access: { permission: 'read', object: 'school' } }, schema: { tags: ['network'], params: idParams, response: { 200: schoolAnswer } } },
    async (request) => {
      const [school, people] = await Promise.all([getSchool(db, request.params.id), schoolPeople(db, request.params.id)]);
      return presentSchool(school, people, { edit: mayHere(request, 'edit'), readStudents: mayHere(request, 'read_students') });
    },
  );

  r.patch(
    '/api/schools/:id',
    {
      config: { access: { permission: 'edit', object: 'school' } },
      schema: { tags: ['network'], params: idParams, body: schoolChanges, response: { 200: savedSchool, 409: errorAnswer } },
    },
    async (request) => {
      const { version, gradeLow, gradeHigh, ...changes } = request.body;
      const columns = { ...changes, ...(gradeLow === undefined ? {} : { grade_low: gradeLow }), ...(gradeHigh === undefined ? {} : { grade_high: gradeHigh }) };
      return presentSavedSchool(await updateSchool(db, request.params.id, version, columns, principalOf(request).session.personId));
    },
  );

  r.post(
    '/api/schools/:id/teams',
    {
      config: { access: { permission: 'edit', object: 'school' } },
      schema: { tags: ['network'], params: idParams, body: newTeam, response: { 201: teamAnswer, 409: errorAnswer } },
    },
    async (request, reply) => {
      const team = await createTeam(db, request.params.id, request.body, principalOf(request).session.personId);
      return reply.code(201).send(presentTeam(team));
    },
  );

  r.get(
    '/api/districts',
    { config: { access: { signedIn: true } }, schema: { tags: ['network'], response: { 200: districtList } } },
    async (request, reply) => {
      const p = principalOf(request);
      return kept(request, reply, `districts\u0000${grantsKey(p.grants)}`, districtList, async () =>
        (await listDistricts(db, p.session.organizationId, p.grants)).map(presentDistrictRow),
      );
    },
  );

  // A school's own staff read their district's page too (its results, to compare with): it lists only the schools
  // and district teams each person may see, and says whether they may read or start the district's reviews.
  r.get(
    '/api/districts/:id',
    {
      config: { access: { permission: 'read_aggregates', object: 'district' } },
      schema: { tags: ['network'], params: idParams, response: { 200: districtAnswer } },
    },
    async (request) => {
      const p = principalOf(request);
      const [district, schools, teams] = await Promise.all([
        getDistrict(db, request.params.id),
        listSchools(db, { organizationId: p.session.organizationId, grants: p.grants, districtId: request.params.id }),
        districtTeams(db, request.params.id),
      ]);
      return {
        id: district.id,
        name: district.name,
        state: district.state,
        stateCode: district.state_code,
        schools: presentSchools(schools),
        teams: teams.filter((t) => mayHere(request, 'read', t.id)).map(presentTeam),
        can: { readReviews: mayHere(request, 'read'), edit: mayHere(request, 'edit') },
      };
    },
  );
}
