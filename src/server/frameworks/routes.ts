// Frameworks: browse the built-ins and the organization's own, make and edit drafts, publish a version.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { createDraft, getFramework, listFrameworks, publishFramework, updateDraft } from '../../db/repositories/frameworks';
import { AppError, errorAnswer } from '../../domain/errors';
import { parseFramework } from '../../domain/framework-file';
import { principalOf } from '../access';
import type { RouteDeps } from '../app';
import { presentFramework, presentFrameworkDetail } from './presenters';
import { frameworkAnswer, frameworkDetail, frameworkParams, frameworkSave } from './schemas';

export async function frameworkRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const signedIn = { access: { signedIn: true } } as const;
  const admin = { access: { permission: 'admin', organization: true } } as const;

  r.get('/api/frameworks', { config: signedIn, schema: { tags: ['frameworks'], response: { 200: z.array(frameworkAnswer) } } }, async (request) =>
    (await listFrameworks(db, principalOf(request).session.organizationId)).map(presentFramework),
  );

  r.get(
    '/api/frameworks/:id',
    { config: signedIn, schema: { tags: ['frameworks'], params: frameworkParams, response: { 200: frameworkDetail } } },
    async (request) => presentFrameworkDetail(await getFramework(db, principalOf(request).session.organizationId, request.params.id)),
  );

  r.post(
    '/api/frameworks/:id/drafts',
    { config: admin, schema: { tags: ['frameworks'], params: frameworkParams, response: { 201: frameworkAnswer, 409: errorAnswer } } },
    async (request, reply) => {
      const p = principalOf(request);
      return reply.code(201).send(presentFramework(await createDraft(db, p.session.organizationId, request.params.id, p.session.personId)));
    },
  );

  r.put(
    '/api/frameworks/:id',
    { config: admin, schema: { tags: ['frameworks'], params: frameworkParams, body: frameworkSave, response: { 200: frameworkAnswer, 409: errorAnswer } } },
    async (request) => {
      const p = principalOf(request);
      // The same validation as a file import, so every error comes back with its path in the document.
      const parsed = parseFramework(JSON.stringify(request.body.document), 'json', 'document');
      if (!parsed.ok)
        throw new AppError(
          'invalid_input',
          `The framework has ${parsed.errors.length} problem${parsed.errors.length === 1 ? '' : 's'}; the first: ${parsed.errors[0]!.path}: ${parsed.errors[0]!.message}.`,
          parsed.errors.map((e) => ({ where: e.path, message: e.message })),
        );
      return presentFramework(await updateDraft(db, p.session.organizationId, request.params.id, request.body.revision, parsed.framework, p.session.personId));
    },
  );

  r.post(
    '/api/frameworks/:id/publish',
    { config: admin, schema: { tags: ['frameworks'], params: frameworkParams, response: { 200: frameworkAnswer, 409: errorAnswer } } },
    async (request) => {
      const p = principalOf(request);
      return presentFramework(await publishFramework(db, p.session.organizationId, request.params.id, p.session.personId));
    },
  );
}
