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
import { config } from '../config';
import type { TrellisDatabase } from '../db/database';
import type { SessionPolicy } from '../db/repositories/sessions';
import { DEFAULT_ATTEMPT_POLICY, type AttemptPolicy } from '../db/repositories/credentials';
import { closePdfRenderer } from '../reports/pdf';
import { access } from './access';
import { installErrorHandler, installNotFound } from './errors';
import { auditRoutes } from './people/audit-routes';
import { healthRoutes } from './session/health-routes';
import { networkRoutes } from './network/routes';
import { peopleRoutes } from './people/routes';
import { frameworkRoutes } from './frameworks/routes';
import { reviewResultRoutes } from './reviews/result-routes';
import { reviewRoutes } from './reviews/routes';
import { importRoutes } from './imports/routes';
import { planRoutes } from './plans/routes';
import { resultRoutes } from './results/routes';
import { sessionRoutes } from './session/routes';
import { tokenRoutes } from './session/token-routes';
import { installSecurityHeaders, redactUrl, trustProxyFrom } from './security';

export interface AppOptions {
  database: TrellisDatabase;
  /** Built web app to serve; defaults to dist/web when it exists. */
  webDir?: string | null;
  sessionPolicy?: Partial<SessionPolicy>;
  /** Sign-in attempts allowed per minute from one address. */
  signInLimit?: number;
  /** Wrong passwords allowed per account (sign-in, password change) in a window, from any address. */
  attemptPolicy?: Partial<AttemptPolicy>;
  /** Which proxies to believe about the client's address (X-Forwarded-For); default $TRELLIS_TRUST_PROXY, else none. */
  trustProxy?: string;
  /** Log each request (true), or log to a stream (for tests of what reaches the log). */
  logger?: boolean | { stream: NodeJS.WritableStream };
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const logger = options.logger
    ? {
        level: 'info',
        ...(typeof options.logger === 'object' ? { stream: options.logger.stream } : {}),
        redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'],
        // Tokens never reach the log, even the one an old set-password link carries in its address.
        serializers: { req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }) },
      }
    : false;
  // Only a configured proxy is believed about the client's address: otherwise anyone could name their own and dodge the sign-in limit.
  // Fastify takes a hop count too, though its type does not say so.
  const app = Fastify({
    logger,
    trustProxy: (options.trustProxy === undefined ? config().TRELLIS_TRUST_PROXY : trustProxyFrom(options.trustProxy)) as boolean | string[],
  });
  installSecurityHeaders(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  const db = options.database.db;
  const policy: SessionPolicy = { idleMinutes: config().TRELLIS_SESSION_IDLE_MINUTES, absoluteHours: config().TRELLIS_SESSION_HOURS, ...options.sessionPolicy };

  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Trellis API',
        description: 'The JSON API of Trellis. Every route but health, sign-in and setup needs a session cookie; writes need the x-csrf-token header.',
        version: '0.1.0',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(access, { db, policy });

  const deps: RouteDeps = {
    database: options.database,
    policy,
    signInLimit: options.signInLimit ?? 10,
    attemptPolicy: { ...DEFAULT_ATTEMPT_POLICY, ...options.attemptPolicy },
  };
  await app.register(healthRoutes, deps);
  await app.register(sessionRoutes, deps);
  await app.register(tokenRoutes, deps);
  await app.register(networkRoutes, deps);
  await app.register(peopleRoutes, deps);
  await app.register(auditRoutes, deps);
  await app.register(frameworkRoutes, deps);
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

export type RouteDeps = { database: TrellisDatabase; policy: SessionPolicy; signInLimit: number; attemptPolicy: AttemptPolicy };
