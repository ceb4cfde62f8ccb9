// What the API benchmarks share: the app on a database, signed in as the seeded director, and a median that skips the warm-up.
import type { TrellisDatabase } from '../src/db/database';
import { buildApp } from '../src/server/app';

/**
 * The app on the database, with a GET that carries the director's session (seeded as director@bench.test). Each GET
 * follows a write (an audit entry of the organization), so a page the app keeps is computed again, not answered from memory.
 */
export async function directorClient(database: TrellisDatabase) {
  const app = await buildApp({ database, webDir: null });
  const signIn = await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'director@bench.test', password: 'benchmark password' } });
  const cookie = `trellis_session=${signIn.cookies.find((c) => c.name === 'trellis_session')!.value}`;
  const organizationId = (await database.db.selectFrom('person').select('organization_id').where('email', '=', 'director@bench.test').executeTakeFirstOrThrow())
    .organization_id;
  return {
    /** Times one GET; answers its body and the milliseconds it took. */
    async get<T>(url: string): Promise<{ body: T; ms: number }> {
      await database.db
        .insertInto('audit_log')
        .values({ organization_id: organizationId, action: 'bench.write', object_kind: 'organization', object_id: organizationId })
        .execute();
      const t = performance.now();
      const res = await app.inject({ url, headers: { cookie } });
      const ms = performance.now() - t;
      return { body: res.json() as T, ms };
    },
    close: () => app.close(),
  };
}

/** The first request warms caches; the median of the rest is reported. */
export function medianAfterWarmup(times: number[]): number {
  const rest = times.slice(1).sort((a, b) => a - b);
  return rest[Math.floor(rest.length / 2)]!;
}
