// Student results: a school's or district's results page, the network table, and a school's focus students.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors';
import { LEVEL_LABELS } from '../../domain/results';
import { focusStudents, networkResults, resultsFor } from '../../db/repositories/results';
import { teamSchools, visibleSchools } from '../../db/repositories/scope';
import { decide } from '../../domain/access';
import { studentGroupLabel } from '../../importers/student-groups';
import { mayHere, principalOf } from '../access';
import type { RouteDeps } from '../app';
import { keptAnswers } from '../kept-answers';

const id = z.object({ id: z.uuid('is not a valid id') });
const subject = z.enum(['ela', 'math'], 'must be ela or math');
const grade = z.string().regex(/^(all|\d{1,2})$/, 'must be all or a grade number').default('all');
const group = z.string().regex(/^[a-z0-9_-]{1,40}$/, 'is not a student group code').default('all');
const year = z.string().regex(/^\d{4}-\d{2}$/, 'must be a school year like 2017-18');

export async function resultRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const kept = keptAnswers(database);

  for (const kind of ['school', 'district'] as const) {
    // A district's results are reported figures only: its schools' own staff read them to compare with.
    // The answer depends only on the entity and on whether small groups show as they are, decided on the scope the
    // access check already found; it is kept for everyone who may read it that way.
    r.get(`/api/${kind}s/:id/results`, { config: { access: { permission: kind === 'district' ? 'read_aggregates' : 'read', object: kind } }, schema: { tags: ['results'], params: id } }, async (request, reply) => {
      const canSeeStudents = kind === 'school' && mayHere(request, 'read_students');
      return kept(request, reply, `results\u0000${kind}\u0000${request.params.id}\u0000${canSeeStudents}`, z.unknown(), async () => {
        const found = await resultsFor(db, kind, request.params.id, canSeeStudents);
        if (!found) throw new AppError('not_found', `The ${kind} was not found.`);
        return { ...found, groups: found.groups.map((code) => ({ code, label: studentGroupLabel(code) })), canSeeStudents, levelLabels: [...LEVEL_LABELS] };
      });
    });
  }

  r.get(
    '/api/results/network',
    { config: { access: { signedIn: true } }, schema: { tags: ['results'], querystring: z.object({ subject: subject.default('ela'), grade, group }) } },
    async (request) => {
      const p = principalOf(request);
      // Small groups show as they are only at schools where this person may see the students.
      const organizationId = p.session.organizationId;
      const [schools, collaborations, teams] = await Promise.all([
        db.selectFrom('school').select(['id', 'district_id']).where(visibleSchools(p.grants, organizationId)).execute(),
        db.selectFrom('collaboration_district').select(['collaboration_id', 'district_id']).execute(),
        teamSchools(db, p.grants),
      ]);
      const seeing = new Set<string>();
      for (const s of schools) {
        const collaborationIds = collaborations.filter((c) => c.district_id === s.district_id).map((c) => c.collaboration_id);
        if (decide(p.grants, { organizationId, districtId: s.district_id, schoolId: s.id, collaborationIds }, 'read_students', teams) === 'allow') seeing.add(s.id);
      }
      const found = await networkResults(db, { organizationId: p.session.organizationId, grants: p.grants, ...request.query, canSeeStudentsAt: seeing });
      return { ...found, groups: found.groups.map((code) => ({ code, label: studentGroupLabel(code) })) };
    },
  );

  r.get(
    '/api/schools/:id/students/focus',
    { config: { access: { permission: 'read_students', object: 'school' } }, schema: { tags: ['results'], params: id, querystring: z.object({ subject: subject.default('math'), year: year.optional() }) } },
    async (request) => ({ ...(await focusStudents(db, request.params.id, request.query.subject, request.query.year ?? null)), levelLabels: [...LEVEL_LABELS] }),
  );
}
