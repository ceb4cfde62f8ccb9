// Tokens for the command line and scripts: a person makes one in the browser, sees it once, and revokes it when done.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../domain/errors';
import { LIMITS } from '../../domain/limits';
import { createApiToken, listApiTokens, revokeApiToken, TOKEN_DAYS } from '../../db/repositories/credentials';
import { principalOf } from '../access';
import type { RouteDeps } from '../app';

const tokenRow = z.object({ id: z.string(), name: z.string(), createdAt: z.date(), lastUsedAt: z.date().nullable(), expiresAt: z.date() });
export const tokenList = z.object({ tokens: z.array(tokenRow) });
export const madeToken = tokenRow.extend({ token: z.string() });
export type TokenRow = z.infer<typeof tokenRow>;

export async function tokenRoutes(app: FastifyInstance, { database }: RouteDeps) {
  const db = database.db;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const own = { access: { signedIn: true } } as const;

  r.get('/api/tokens', { config: own, schema: { tags: ['session'], response: { 200: tokenList } } }, async (request) => {
    const rows = await listApiTokens(db, principalOf(request).session.personId);
    return { tokens: rows.map((t) => ({ id: t.id, name: t.name, createdAt: t.created_at, lastUsedAt: t.last_used_at, expiresAt: t.expires_at })) };
  });

  r.post(
    '/api/tokens',
    {
      config: own,
      schema: {
        tags: ['session'],
        body: z.object({
          name: z.string().trim().min(1, 'is required').max(LIMITS.name, `use at most ${LIMITS.name} characters`),
          days: z.number().int('must be a whole number of days').min(1, 'must be at least 1 day').max(TOKEN_DAYS.max, `must be at most ${TOKEN_DAYS.max} days`).default(TOKEN_DAYS.default),
        }),
        response: { 201: madeToken },
      },
    },
    async (request, reply) => {
      const p = principalOf(request);
      // A token cannot make another: one stolen token must not outlive its own revocation.
      if (p.session.viaToken) throw new AppError('forbidden', 'Tokens are made in the browser, signed in with your password, not with another token.');
      const t = await createApiToken(db, p.session, request.body.name, request.body.days);
      return reply.code(201).send({ id: t.id, name: t.name, createdAt: t.created_at, lastUsedAt: null, expiresAt: t.expires_at, token: t.token });
    },
  );

  r.delete('/api/tokens/:id', { config: own, schema: { tags: ['session'], params: z.object({ id: z.uuid('is not a valid id') }), response: { 200: z.object({ revoked: z.literal(true) }) } } }, async (request) => {
    await revokeApiToken(db, principalOf(request).session, request.params.id);
    return { revoked: true as const };
  });
}
