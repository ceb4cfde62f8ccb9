// One contract: every route's 2xx answers are declared in the OpenAPI document, and their bodies are described.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app';
import { temporaryPGlite } from './support/databases';
import type { TrellisDatabase } from '../src/db/database';

type Operation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };

describe('the OpenAPI document', () => {
  let database: TrellisDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await temporaryPGlite();
    app = await buildApp({ database, webDir: null });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('declares a response body for a 2xx answer of every route', async () => {
    const doc = (await app.inject({ url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, Operation>> };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
    );
    expect(operations.length).toBeGreaterThan(60);
    const undeclared = operations
      .filter(({ op }) => {
        const ok = Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
        return ok.length === 0 || ok.some(([, answer]) => !answer.content || Object.values(answer.content).some((c) => !c.schema));
      })
      .map(({ route }) => route);
    expect(undeclared).toEqual([]);
  });
});
