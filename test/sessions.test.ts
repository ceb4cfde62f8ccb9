// Sign-in, sessions and their expiry, sign-out, CSRF, rate limiting, passwords, setup and set-password links.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import { hashToken } from '../src/db/repositories/sessions';
import { buildApp } from '../src/server/app';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { buildFixture, PASSWORD, signIn, type Fixture } from './support/fixture';

describeEachDatabase('sessions', (kind) => {
  let database: TrellisDatabase;
  let app: FastifyInstance;
  let f: Fixture;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    f = await buildFixture(database.db);
    app = await buildApp({ database, webDir: null, signInLimit: 1000, sessionPolicy: { idleMinutes: 30, absoluteHours: 8 } });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('sets an httpOnly SameSite=Lax cookie and stores only a hash of the token', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/session', payload: { email: f.people.coach!.email, password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'trellis_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeFalsy();
    const stored = await database.db.selectFrom('session').select('id').execute();
    expect(stored.map((s) => s.id)).not.toContain(cookie.value);
  });

  it('marks the cookie Secure behind an HTTPS proxy it is told to trust, and believes no other', async () => {
    const headers = { 'x-forwarded-proto': 'https' };
    const untrusted = await app.inject({ method: 'POST', url: '/api/session', headers, payload: { email: f.people.coach!.email, password: PASSWORD } });
    expect(untrusted.cookies.find((c) => c.name === 'trellis_session')!.secure).toBeFalsy();
    const proxied = await buildApp({ database, webDir: null, trustProxy: '127.0.0.1' });
    try {
      const res = await proxied.inject({ method: 'POST', url: '/api/session', headers, payload: { email: f.people.coach!.email, password: PASSWORD } });
      expect(res.cookies.find((c) => c.name === 'trellis_session')!.secure).toBe(true);
      expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    } finally {
      await proxied.close();
    }
  });

  it('gives one answer for an unknown email and a wrong password', async () => {
    const unknown = await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'nobody@fixture.test', password: PASSWORD } });
    const wrong = await app.inject({ method: 'POST', url: '/api/session', payload: { email: f.people.coach!.email, password: 'not the password' } });
    expect(unknown.statusCode).toBe(401);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json()).toEqual(wrong.json());
  });

  it('signs out on the server: the old cookie no longer works', async () => {
    const agent = await signIn(app, f.people.viewer!.email);
    expect((await agent.request('GET', '/api/schools')).status).toBe(200);
    expect((await agent.request('DELETE', '/api/session')).status).toBe(200);
    expect((await agent.request('GET', '/api/schools')).status).toBe(401);
  });

  it('expires an idle session and one past its absolute limit', async () => {
    const idle = await signIn(app, f.people.viewer!.email);
    const absolute = await signIn(app, f.people.coach!.email);
    await database.db
      .updateTable('session')
      .set({ last_seen_at: new Date(Date.now() - 31 * 60_000) })
      .where('person_id', '=', f.people.viewer!.id)
      .execute();
    await database.db
      .updateTable('session')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('person_id', '=', f.people.coach!.id)
      .execute();
    expect((await idle.request('GET', '/api/schools')).status).toBe(401);
    expect((await absolute.request('GET', '/api/schools')).status).toBe(401);
    // Expired sessions are deleted, not just refused.
    const ids = [idle, absolute].map((a) => hashToken(a.cookie.split('=')[1]!));
    expect(await database.db.selectFrom('session').select('id').where('id', 'in', ids).execute()).toEqual([]);
  });

  it('keeps an active session alive within the idle limit', async () => {
    const agent = await signIn(app, f.people.district_leader!.email);
    await database.db
      .updateTable('session')
      .set({ last_seen_at: new Date(Date.now() - 20 * 60_000) })
      .where('person_id', '=', f.people.district_leader!.id)
      .execute();
    expect((await agent.request('GET', '/api/schools')).status).toBe(200);
    const row = await database.db.selectFrom('session').select('last_seen_at').where('person_id', '=', f.people.district_leader!.id).executeTakeFirstOrThrow();
    expect(Date.now() - new Date(row.last_seen_at).getTime()).toBeLessThan(60_000);
  });

  it('rejects a state-changing request without the CSRF token and writes nothing', async () => {
    const agent = await signIn(app, f.people.org_admin!.email);
    const before = await database.db.selectFrom('school').select(['city', 'version']).where('id', '=', f.schoolA).executeTakeFirstOrThrow();
    const res = await app.inject({
      method: 'PATCH',
      url: `/api/schools/${f.schoolA}`,
      headers: { cookie: agent.cookie },
      payload: { version: before.version, city: 'Changed' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().details[0].where).toBe('x-csrf-token');
    const wrong = await app.inject({
      method: 'PATCH',
      url: `/api/schools/${f.schoolA}`,
      headers: { cookie: agent.cookie, 'x-csrf-token': 'guess' },
      payload: { version: before.version, city: 'Changed' },
    });
    expect(wrong.statusCode).toBe(403);
    const after = await database.db.selectFrom('school').select(['city', 'version']).where('id', '=', f.schoolA).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
  });

  it('changes a password, signs out other devices, and checks the current password', async () => {
    const email = f.people.team_member!.email;
    const here = await signIn(app, email);
    const elsewhere = await signIn(app, email);
    expect((await here.request('POST', '/api/session/password', { currentPassword: 'wrong', newPassword: 'a brand new password' })).status).toBe(400);
    const short = await here.request('POST', '/api/session/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.json.details[0].where).toBe('body.newPassword');
    expect((await here.request('POST', '/api/session/password', { currentPassword: PASSWORD, newPassword: 'a brand new password' })).status).toBe(200);
    expect((await here.request('GET', '/api/schools')).status).toBe(200);
    expect((await elsewhere.request('GET', '/api/schools')).status).toBe(401);
    await expect(signIn(app, email)).rejects.toThrow(/401/);
    expect((await signIn(app, email, 'a brand new password')).csrf).toBeTruthy();
  });

  it('sets a password once through a one-time link', async () => {
    const admin = await signIn(app, f.people.org_admin!.email);
    const invited = await admin.request('POST', '/api/people', {
      name: 'New Teacher',
      email: 'new.teacher@fixture.test',
      grant: { role: 'team_member', scopeKind: 'team', scopeId: f.teamA },
    });
    expect(invited.status).toBe(201);
    // The token is in the address's fragment, which no browser sends to a server.
    expect(invited.json.setPasswordPath).toMatch(/^\/set-password#[\w-]{40,}$/);
    const token = String(invited.json.setPasswordPath).split('#').pop()!;
    const opened = await app.inject({ method: 'POST', url: '/api/password-links/open', payload: { token } });
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toEqual({ name: 'New Teacher', email: 'new.teacher@fixture.test' });
    const handle = opened.cookies.find((c) => c.name === 'trellis_link')!;
    expect(handle.httpOnly).toBe(true);
    expect(handle.value).not.toBe(token);
    const cookie = `trellis_link=${handle.value}`;
    expect((await app.inject({ method: 'GET', url: '/api/password-links/opened', headers: { cookie } })).json().name).toBe('New Teacher');
    const used = await app.inject({ method: 'POST', url: '/api/password-links/password', payload: { password: 'my own password' }, headers: { cookie } });
    expect(used.statusCode).toBe(200);
    const again = await app.inject({ method: 'POST', url: '/api/password-links/password', payload: { password: 'another password' }, headers: { cookie } });
    expect(again.statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/password-links/open', payload: { token } })).statusCode).toBe(400);
    const teacher = await signIn(app, 'new.teacher@fixture.test', 'my own password');
    const schools = await teacher.request('GET', '/api/schools');
    expect(schools.json.map((s: { name: string }) => s.name)).toEqual(['Aspen Elementary']);
  });

  it('records sign-ins and role changes in the audit log without secrets', async () => {
    // Its own sign-in and role change, not another test's.
    const admin = await signIn(app, f.people.org_admin!.email);
    const invited = await admin.request('POST', '/api/people', {
      name: 'Audited Teacher',
      email: 'audited.teacher@fixture.test',
      grant: { role: 'team_member', scopeKind: 'team', scopeId: f.teamA },
    });
    expect(invited.status).toBe(201);
    const rows = await database.db.selectFrom('audit_log').selectAll().execute();
    expect(rows.some((r) => r.action === 'session.sign_in')).toBe(true);
    expect(rows.some((r) => r.action === 'membership.grant')).toBe(true);
    const text = JSON.stringify(rows);
    expect(text).not.toMatch(/\$argon2/);
    expect(text).not.toContain(PASSWORD);
  });
});

describe('sign-in rate limit', () => {
  let database: TrellisDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await freshDatabase('pglite');
    await buildFixture(database.db);
    app = await buildApp({ database, webDir: null, signInLimit: 3 });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('refuses the fourth attempt in a minute with 429', async () => {
    const attempt = () => app.inject({ method: 'POST', url: '/api/session', payload: { email: 'x@fixture.test', password: 'wrong' } });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await attempt()).statusCode);
    expect(codes).toEqual([401, 401, 401, 429]);
    expect((await attempt()).json().code).toBe('rate_limited');
  });
});

describeEachDatabase('first-run setup', (kind) => {
  let database: TrellisDatabase;
  let app: FastifyInstance;
  beforeAll(async () => {
    database = await freshDatabase(kind);
    app = await buildApp({ database, webDir: null });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  it('creates the first admin once, with no default password', async () => {
    expect((await app.inject({ url: '/api/session' })).json()).toMatchObject({ signedIn: false, setupNeeded: true });
    const bad = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { organizationName: 'Northside Partners', name: 'Ada', email: 'ada@north.test', password: 'short' },
    });
    expect(bad.statusCode).toBe(400);
    expect(await database.db.selectFrom('organization').selectAll().execute()).toEqual([]);
    const ok = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { organizationName: 'Northside Partners', name: 'Ada', email: 'ada@north.test', password: 'a good long password' },
    });
    expect(ok.statusCode).toBe(200);
    const again = await app.inject({
      method: 'POST',
      url: '/api/setup',
      payload: { organizationName: 'Another', name: 'Eve', email: 'eve@north.test', password: 'a good long password' },
    });
    expect(again.statusCode).toBe(409);
    const admin = await signIn(app, 'ada@north.test', 'a good long password');
    expect((await admin.request('GET', '/api/people')).json.people.map((p: { email: string }) => p.email)).toEqual(['ada@north.test']);
  });
});
