// Authenticated read throughput: GET /api/schools as a signed-in director against a bare Fastify route, in one run.
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { loadDemoIfEmpty, demoSignIns } from '../src/cli/demo';
import { openDatabase } from '../src/db/database';
import { listSchools } from '../src/db/repositories/network';
import { findPersonByEmail, grantsOf } from '../src/db/repositories/people';
import { buildApp } from '../src/server/app';
import { freshDatabase } from '../test/support/databases';

const DURATION = Number(process.env.BENCH_SECONDS ?? 5);

async function rps(url: string, headers: Record<string, string> = {}): Promise<number> {
  const result = await autocannon({ url, connections: 10, duration: DURATION, headers });
  if (result.non2xx > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers`);
  return result.requests.average;
}

export async function benchAuthRead(kind: 'pglite' | 'postgres') {
  const database = kind === 'pglite' ? await openDatabase({ url: 'memory://' }) : await freshDatabase('postgres');
  const demo = (await loadDemoIfEmpty(database))!;
  const app = await buildApp({ database, webDir: null, signInLimit: 1000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const director = demoSignIns(demo).find((s) => s.role === 'network_director')!;
  const res = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: director.email, password: 'trellis-demo' }),
  });
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const payload = await (await fetch(`${base}/api/schools`, { headers: { cookie } })).json();

  // Two baselines: a bare Fastify route running the same school-list query for the same grants with no
  // sign-in or access layer (the target's measure), and one answering the same JSON from memory.
  const grants = await grantsOf(database.db, (await findPersonByEmail(database.db, director.email))!.id);
  const organizationId = (await database.db.selectFrom('organization').select('id').executeTakeFirstOrThrow()).id;
  const bare = Fastify();
  bare.get('/api/schools', async () => listSchools(database.db, { organizationId, grants }));
  bare.get('/static', async () => payload);
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareBase = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}`;
  const staticRps = await rps(`${bareBase}/static`);
  const bareUrl = `${bareBase}/api/schools`;
  const bareRps = await rps(bareUrl);
  const authRps = await rps(`${base}/api/schools`, { cookie });
  await bare.close();
  await app.close();
  await database.close();
  return { kind, staticRps, bareRps, authRps, ratio: authRps / bareRps };
}

{
  for (const kind of ['pglite', 'postgres'] as const) {
    const r = await benchAuthRead(kind);
    console.log(
      `auth read [${kind}]: bare Fastify route with the same query ${r.bareRps.toFixed(0)} req/s; authenticated GET /api/schools ${r.authRps.toFixed(0)} req/s; ratio ${(r.ratio * 100).toFixed(1)}% (target ≥ 50%). For scale: a route answering from memory ${r.staticRps.toFixed(0)} req/s.`,
    );
  }
}
