// Builds the Fastify app: error handling, cookies, the access layer, OpenAPI, the route groups and the web app.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { TrellisDatabase } from '../db/database';
import type { SessionPolicy } from '../db/repositories/sessions';
import { closePdfRenderer } from '../reports/pdf';
import { access } from './access';
import { installErrorHandler, installNotFound } from './errors';
import { auditRoutes } from './routes/audit';
import { healthRoutes } from './routes/health';
import { networkRoutes } from './routes/network';
import { peopleRoutes } from './routes/people';
import { reviewResultRoutes } from './routes/review-results';
import { reviewRoutes } from './routes/reviews';
import { importRoutes } from './routes/imports';
import { planRoutes } from './routes/plans';
import { resultRoutes } from './routes/results';
import { sessionRoutes } from './routes/session';

export interface AppOptions {
  database: TrellisDatabase;
  /** Built web app to serve; defaults to dist/web when it exists. */
  webDir?: string | null;
  sessionPolicy?: Partial<SessionPolicy>;
  /** Sign-in attempts allowed per minute from one address. */
  signInLimit?: number;
  logger?: boolean;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMinutes: Number(process.env.TRELLIS_SESSION_IDLE_MINUTES ?? 120),
  absoluteHours: Number(process.env.TRELLIS_SESSION_HOURS ?? 12),
};

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ? { level: 'info', redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]'] } : false, trustProxy: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  const db = options.database.db;
  const policy = { ...DEFAULT_SESSION_POLICY, ...options.sessionPolicy };

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: { info: { title: 'Trellis API', description: 'The JSON API of Trellis. Every route but health, sign-in and setup needs a session cookie; writes need the x-csrf-token header.', version: '0.1.0' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(access, { db, policy });

  const deps = { database: options.database, policy, signInLimit: options.signInLimit ?? 10 };
  await app.register(healthRoutes, deps);
  await app.register(sessionRoutes, deps);
  await app.register(networkRoutes, deps);
  await app.register(peopleRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(reviewRoutes, deps);
  await app.register(reviewResultRoutes, deps);
  await app.register(resultRoutes, deps);
  await app.register(importRoutes, deps);
  await app.register(planRoutes, deps);

  const webDir = options.webDir === undefined ? resolve('dist/web') : options.webDir;
  const serveWebApp = !!webDir && existsSync(resolve(webDir, 'index.html'));
  if (serveWebApp) await app.register(fastifyStatic, { root: resolve(webDir), wildcard: false, index: ['index.html'] });
  installNotFound(app, serveWebApp);
  app.addHook('onClose', async () => closePdfRenderer());
  return app;
}

export type RouteDeps = { database: TrellisDatabase; policy: SessionPolicy; signInLimit: number };
