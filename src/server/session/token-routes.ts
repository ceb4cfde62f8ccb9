// Tokens for the command line and scripts: a person makes one in the browser, sees it once, and revokes it when done.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AppError } from '../../domain/errors';
import { createApiToken, listApiTokens, revokeApiToken } from '../../db/repositories/credentials';
import { principalOf } from '../access';
import type { RouteDeps } from '../app';
import { presentToken } from './presenters';
import { madeToken, newTokenBody, revokedToken, tokenList, tokenParams } from './schemas';

export async function tokenRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const own = { access: { signedIn: true } } as const;

  r.get('/api/tokens', { config: own, schema: { tags: ['session'], response: { 200: tokenList } } }, async (request) => {
    const rows = await listApiTokens(db, principalOf(request).session.personId);
    return { tokens: rows.map(presentToken) };
  });

  r.post('/api/tokens', { config: own, schema: { tags: ['session'], body: newTokenBody, response: { 201: madeToken } } }, async (request, reply) => {
    const p = principalOf(request);
    // A token cannot make another: one stolen token must not outlive its own revocation.
    if (p.session.viaToken) throw new AppError('forbidden', 'Tokens are made in the browser, signed in with your password, not with another token.');
    const t = await createApiToken(db, p.session, request.body.name, request.body.days);
    return reply.code(201).send({ ...presentToken({ ...t, last_used_at: null }), token: t.token });
  });

  r.delete('/api/tokens/:id', { config: own, schema: { tags: ['session'], params: tokenParams, response: { 200: revokedToken } } }, async (request) => {
    await revokeApiToken(db, principalOf(request).session, request.params.id);
    return { revoked: true as const };
  });
}
