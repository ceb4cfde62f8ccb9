// Kept answers for the pages read most: answered from what was computed under the organization's current change stamp.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { TrellisDatabase } from '../db/database';
import { auditWriteUnderWay, changeStamp } from '../db/repositories/network';
import type { Grant } from '../domain/access';
import { AnswerCache } from '../domain/answer-cache';
import { principalOf } from './access';

/** Grants as part of a kept answer's key: two people with the same grants see the same lists. */
export const grantsKey = (grants: readonly Grant[]) => JSON.stringify(grants.map((g) => [g.role, g.scopeKind, g.scopeId, g.districtId ?? null]).sort());

/** Whether an Accept-Encoding header takes gzip (browsers always send it). */
function acceptsGzip(header: string | string[] | undefined): boolean {
  return [header ?? '']
    .flat()
    .join(',')
    .split(',')
    .some((part) => {
      const [name = '', ...params] = part.split(';').map((x) => x.trim().toLowerCase());
      return (name === 'gzip' || name === '*') && !params.some((p) => /^q=0(\.0*)?$/.test(p));
    });
}

/**
 * Kept answers for the pages read most (the network lists, a school's results, the heatmap, the plans table): each
 * request reads the organization's change stamp (one small query) and is answered from what was computed under the
 * same stamp, or computes it (once for all the requests that miss together). `key` names everything the answer
 * depends on besides the organization's data: the route, its parameters and, for lists, the person's grants.
 *
 * Requests share stamp reads, never one that could miss a write they could know of. On PostgreSQL, one read serves
 * the requests that arrived before it was sent (those of one turn of the event loop). PGlite runs one statement or
 * transaction at a time, in the order asked: a read already asked for serves later requests too, since a write asked
 * for after it commits after it; and no audit write can be under way while the stamp is read.
 */
export function keptAnswers(database: TrellisDatabase) {
  const { db } = database;
  const cache = new AnswerCache();
  const reading = new Map<string, Promise<string>>();
  const stampOf = (organizationId: string): Promise<string> => {
    let read = reading.get(organizationId);
    if (!read) {
      const done = () => reading.delete(organizationId);
      read =
        database.kind === 'pglite'
          ? changeStamp(db, organizationId).finally(done)
          : new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
              done();
              return changeStamp(db, organizationId);
            });
      reading.set(organizationId, read);
    }
    return read;
  };
  const settled = database.kind === 'pglite' ? undefined : async () => !(await auditWriteUnderWay(db));
  // The answer is what the route's response schema makes of what `compute` returns: the declared fields, nothing else.
  return async <S extends z.ZodType>(request: FastifyRequest, reply: FastifyReply, key: string, schema: S, compute: () => Promise<z.input<S>>) => {
    const organizationId = principalOf(request).session.organizationId;
    const answer = await cache.answer(`${organizationId}\u0000${key}`, await stampOf(organizationId), async () => schema.parse(await compute()), settled);
    reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
    if (acceptsGzip(request.headers['accept-encoding'])) return reply.header('content-encoding', 'gzip').send(await answer.gzip());
    return reply.send(answer.json);
  };
}
