// People and memberships, managed by organization admins: invite, grant and revoke roles, set-password links.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorAnswer } from '../../domain/errors';
import { createPerson, grantRole, listPeople, listScopes, resolveScope, revokeMembership } from '../../db/repositories/people';
import { createPasswordLink, setPasswordPath } from '../../db/repositories/sessions';
import { principalOf } from '../access';
import type { RouteDeps } from '../app';
import { presentMembership, presentPeople } from './presenters';
import {
  grantBody,
  grantedMembership,
  invitedPerson,
  membershipParams,
  newPerson,
  passwordLinkAnswer,
  peoplePage,
  peopleQuery,
  personParams,
  scopesAnswer,
} from './schemas';

const manage = { access: { permission: 'manage_people', organization: true } } as const;
const managePerson = { access: { permission: 'manage_people', object: 'person' } } as const;

export async function peopleRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/people', { config: manage, schema: { tags: ['people'], querystring: peopleQuery, response: { 200: peoplePage } } }, async (request) => {
    const { q, role, scope, page, pageSize } = request.query;
    return presentPeople(await listPeople(db, principalOf(request).session.organizationId, { search: q, role, scopeId: scope, page, pageSize }));
  });

  /** Everything a role can be granted at, for the admin's pickers and the command line. */
  r.get('/api/scopes', { config: manage, schema: { tags: ['people'], response: { 200: scopesAnswer } } }, async (request) =>
    listScopes(db, principalOf(request).session.organizationId),
  );

  r.post(
    '/api/people',
    { config: manage, schema: { tags: ['people'], body: newPerson, response: { 201: invitedPerson, 409: errorAnswer } } },
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

  r.post(
    '/api/people/:id/memberships',
    { config: managePerson, schema: { tags: ['people'], params: personParams, body: grantBody, response: { 201: grantedMembership } } },
    async (request, reply) => {
      const p = principalOf(request);
      await resolveScope(db, p.session.organizationId, request.body.scopeKind, request.body.scopeId);
      const m = await grantRole(
        db,
        p.session.organizationId,
        request.params.id,
        request.body.role,
        request.body.scopeKind,
        request.body.scopeId,
        p.session.personId,
      );
      return reply.code(201).send(presentMembership(m));
    },
  );

  r.delete(
    '/api/people/:id/memberships/:membershipId',
    { config: managePerson, schema: { tags: ['people'], params: membershipParams, response: { 200: grantedMembership, 409: errorAnswer } } },
    async (request) => {
      const p = principalOf(request);
      // The membership must be the person's in the address: a mismatch is refused, not quietly revoked from someone else.
      return presentMembership(await revokeMembership(db, p.session.organizationId, request.params.membershipId, p.session.personId, request.params.id));
    },
  );

  r.post(
    '/api/people/:id/password-link',
    { config: managePerson, schema: { tags: ['people'], params: personParams, response: { 201: passwordLinkAnswer } } },
    async (request, reply) => {
      const p = principalOf(request);
      const token = await createPasswordLink(db, request.params.id, p.session.personId);
      return reply.code(201).send({ setPasswordPath: setPasswordPath(token) });
    },
  );
}
