// Load: the network director's busiest pages under many connections at once, on PostgreSQL (200 connections) and
// PGlite (50), against the app on 127.0.0.1 with the demo network; a bare Fastify route answering from memory is
// measured in the same run beside them, so the figure is the ratio. Each route runs LOAD_SECONDS (default 10).
// Requests take gzip as a browser's do; meanwhile the director saves a plan check-in every second (LOAD_WRITES a
// second), so kept answers are computed again under load, as they are when people work.
//   LOAD_SECONDS=60 npm run bench -- load        a longer run
//   LOAD_ENGINES=postgres LOAD_CONNECTIONS=100 …  one engine, another number of connections
//   LOAD_GZIP=0 LOAD_WRITES=0 …                   uncompressed answers, no writes
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { demoSignIns, loadDemoIfEmpty } from '../src/cli/demo';
import { openDatabase } from '../src/db/database';
import { currentSchoolYear } from '../src/domain/school-year';
import { buildApp } from '../src/server/app';
import { freshDatabase } from '../test/support/databases';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);
const WRITES = Number(process.env.LOAD_WRITES ?? 1);
const GZIP = process.env.LOAD_GZIP !== '0';
const ENGINES = (process.env.LOAD_ENGINES ?? 'postgres,pglite').split(',') as ('postgres' | 'pglite')[];
const CONNECTIONS: Record<'postgres' | 'pglite', number> = {
  postgres: Number(process.env.LOAD_CONNECTIONS ?? 200),
  pglite: Number(process.env.LOAD_CONNECTIONS ?? 50),
};
/** The targets: p99 at most this on PostgreSQL; no answer over this on PGlite. */
const TARGET = { postgres: { p99: 500 }, pglite: { max: 2000 } };

interface Figures {
  route: string;
  p50: number;
  p99: number;
  max: number;
  rps: number;
  requests: number;
  bad: number;
  bytes: number;
  /** The longest the server took for one answer: from the request read to its last byte handed to the socket. */
  serverMax: number;
}

/** The load comes from a worker thread, so the server keeps this thread's event loop to itself. */
async function load(route: string, url: string, connections: number, headers: Record<string, string> = {}, server?: { max: number }): Promise<Figures> {
  if (server) server.max = 0;
  const r = await autocannon({ url, connections, duration: SECONDS, headers, timeout: 60, workers: 1 });
  return {
    route,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    rps: r.requests.average,
    requests: r.requests.total,
    bad: r.non2xx + r.errors + r.timeouts,
    bytes: r.throughput.total / Math.max(1, r.requests.total),
    serverMax: server?.max ?? NaN,
  };
}

async function run(kind: 'postgres' | 'pglite') {
  const database = kind === 'pglite' ? await openDatabase({ url: 'memory://' }) : await freshDatabase('postgres');
  const demo = (await loadDemoIfEmpty(database))!;
  const app = await buildApp({ database, webDir: null, signInLimit: 1000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const server = { max: 0 };
  app.server.prependListener('request', (_req, res) => {
    const start = performance.now();
    res.on('finish', () => (server.max = Math.max(server.max, performance.now() - start)));
  });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const director = demoSignIns(demo).find((s) => s.role === 'network_director')!;
  const signIn = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: director.email, password: 'trellis-demo' }),
  });
  const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
  const csrf = ((await signIn.json()) as { csrfToken: string }).csrfToken;
  const headers: Record<string, string> = { cookie, ...(GZIP ? { 'accept-encoding': 'gzip, deflate, br' } : {}) };
  const schools = (await (await fetch(`${base}/api/schools`, { headers })).json()) as { id: string; name: string; support_level: string | null }[];
  const school = schools.find((s) => s.support_level !== null)!;

  // The bare route answers the schools list as JSON from memory: what Fastify alone costs at these connections.
  const bare = Fastify();
  bare.get('/bare', async () => schools);
  await bare.listen({ port: 0, host: '127.0.0.1' });
  const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/bare`;

  const connections = CONNECTIONS[kind];
  const routes: [string, string][] = [
    ['network page: GET /api/schools', '/api/schools'],
    ['network page: GET /api/districts', '/api/districts'],
    [`results page: GET /api/schools/:id/results (${school.name})`, `/api/schools/${school.id}/results`],
    ['network heatmap: GET /api/heatmap', '/api/heatmap?framework=school-transformation'],
    ['network plans: GET /api/plans/network', `/api/plans/network?year=${currentSchoolYear()}`],
  ];
  // The writes: a check-in on the school's plan for this year, audited like every write.
  let writes = 0;
  let failedWrites = 0;
  const write = async () => {
    const res = await fetch(`${base}/api/schools/${school.id}/plan/checkins`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ year: currentSchoolYear(), status: 'on_track', evidence: `Load run check-in ${writes + 1}.` }),
    }).catch(() => null);
    if (res?.status === 201) writes++;
    else failedWrites++;
  };
  const withWrites = async <T>(work: () => Promise<T>): Promise<T> => {
    const timer = WRITES > 0 ? setInterval(() => void write(), 1000 / WRITES) : null;
    try {
      return await work();
    } finally {
      if (timer) clearInterval(timer);
    }
  };
  const bareServer = { max: 0 };
  bare.server.prependListener('request', (_req, res) => {
    const start = performance.now();
    res.on('finish', () => (bareServer.max = Math.max(bareServer.max, performance.now() - start)));
  });
  const figures: Figures[] = [await load('bare Fastify route, same JSON from memory', bareUrl, connections, {}, bareServer)];
  for (const [route, path] of routes) figures.push(await withWrites(() => load(route, `${base}${path}`, connections, headers, server)));
  await bare.close();
  await app.close();
  await database.close();

  const baseline = figures[0]!;
  console.log(
    `\nload [${kind}] ${connections} connections, ${SECONDS} s a route, signed in as the demo network director (${director.email}); ${GZIP ? 'gzip taken' : 'no gzip'}; ${writes} check-ins saved meanwhile${failedWrites ? `, ${failedWrites} FAILED` : ''}:`,
  );
  console.log(
    `  ${'route'.padEnd(72)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} ${'max'.padStart(7)} ${'req/s'.padStart(8)} ${'vs bare'.padStart(8)} ${'bytes'.padStart(7)} ${'non-2xx'.padStart(7)} ${'server max'.padStart(10)}`,
  );
  for (const f of figures) {
    const ratio = f === baseline ? '' : `${((f.rps / baseline.rps) * 100).toFixed(1)}%`;
    const target =
      kind === 'postgres'
        ? f.p99 <= TARGET.postgres.p99
          ? ''
          : `  p99 over ${TARGET.postgres.p99} ms`
        : f.max <= TARGET.pglite.max
          ? ''
          : `  max over ${TARGET.pglite.max} ms`;
    console.log(
      `  ${f.route.padEnd(72)} ${`${f.p50}`.padStart(5)} ms ${`${f.p99}`.padStart(5)} ms ${`${f.max}`.padStart(5)} ms ${f.rps.toFixed(0).padStart(8)} ${ratio.padStart(8)} ${f.bytes.toFixed(0).padStart(7)} ${`${f.bad}`.padStart(7)} ${`${f.serverMax.toFixed(0)} ms`.padStart(10)}${f === baseline ? '' : target}`,
    );
  }
  console.log('  (p50, p99, max: as the client saw them, its own waits on the machine included; server max: the longest the server took)');
  return figures;
}

for (const kind of ENGINES) await run(kind);
