// The audit log, browsable per object by those allowed to read it.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditOf } from '../../db/repositories/audit';
import { principalOf } from '../access';
import type { RouteDeps } from '../app';

export async function auditRoutes(app: FastifyInstance, { database }: RouteDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit',
    {
      config: { access: { permission: 'read_audit', organization: true } },
      schema: { tags: ['audit'], querystring: z.object({ objectKind: z.string().max(40).optional(), objectId: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(1000).optional() }) },
    },
    async (request) => auditOf(database.db, principalOf(request).session.organizationId, request.query.objectKind, request.query.objectId, request.query.limit),
  );
}
