// Student results: a school's or district's results page, the network table, and a school's focus students.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../domain/errors';
import { focusStudents } from '../../db/repositories/focus-students';
import { resultsFor } from '../../db/repositories/results';
import { networkResults, schoolsSeeingStudents } from '../../db/repositories/results-network';
import { mayHere, principalOf } from '../access';
import type { RouteDeps } from '../app';
import { keptAnswers } from '../kept-answers';
import { presentEntityResults, presentFocusStudents, presentNetworkResults } from './presenters';
import { entityParams, entityResultsAnswer, focusStudentsAnswer, focusStudentsQuery, networkResultsAnswer, networkResultsQuery } from './schemas';

export async function resultRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const kept = keptAnswers(database);

  for (const kind of ['school', 'district'] as const) {
    // A district's results are reported figures only: its schools' own staff read them to compare with.
    // The answer depends only on the entity and on whether small groups show as they are, decided on the scope the
    // access check already found; it is kept for everyone who may read it that way.
    r.get(
      `/api/${kind}s/:id/results`,
      {
        config: { access: { permission: kind === 'district' ? 'read_aggregates' : 'read', object: kind } },
        schema: { tags: ['results'], params: entityParams, response: { 200: entityResultsAnswer } },
      },
      async (request, reply) => {
        const canSeeStudents = kind === 'school' && mayHere(request, 'read_students');
        return kept(request, reply, `results\u0000${kind}\u0000${request.params.id}\u0000${canSeeStudents}`, entityResultsAnswer, async () => {
          const found = await resultsFor(db, kind, request.params.id, canSeeStudents);
          if (!found) throw new AppError('not_found', `The ${kind} was not found.`);
          return presentEntityResults(found, canSeeStudents);
        });
      },
    );
  }

  r.get(
    '/api/results/network',
    { config: { access: { signedIn: true } }, schema: { tags: ['results'], querystring: networkResultsQuery, response: { 200: networkResultsAnswer } } },
    async (request) => {
      const p = principalOf(request);
      const organizationId = p.session.organizationId;
      // Small groups show as they are only at schools where this person may see the students.
      const seeing = await schoolsSeeingStudents(db, p.grants, organizationId);
      return presentNetworkResults(await networkResults(db, { organizationId, grants: p.grants, ...request.query }), seeing);
    },
  );

  r.get(
    '/api/schools/:id/students/focus',
    {
      config: { access: { permission: 'read_students', object: 'school' } },
      schema: { tags: ['results'], params: entityParams, querystring: focusStudentsQuery, response: { 200: focusStudentsAnswer } },
    },
    async (request) => presentFocusStudents(await focusStudents(db, request.params.id, request.query.subject, request.query.year ?? null)),
  );
}
