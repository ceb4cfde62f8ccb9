// Health: which database is in use and which migration it is at.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { RouteDeps } from '../app';
import { healthAnswer } from './schemas';

export async function healthRoutes(app: FastifyInstance, { database }: RouteDeps) {
  app
    .withTypeProvider<ZodTypeProvider>()
    .get('/api/health', { config: { access: { public: true } }, schema: { tags: ['health'], response: { 200: healthAnswer } } }, async () => {
      await sql`select 1`.execute(database.db);
      return { status: 'ok' as const, database: database.kind, migration: database.migration };
    });
}
