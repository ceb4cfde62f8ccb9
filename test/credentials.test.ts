// Sign-in protection that holds: the address limit trusts no forwarded address unless told to, wrong passwords are
// limited per account, set-password tokens reach no log, tokens for the command line, security headers, and
// a membership is revoked only from the person the address names.
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrellisDatabase } from '../src/db/database';
import { buildApp } from '../src/server/app';
import { redactUrl, trustProxyFrom } from '../src/server/security';
import { describeEachDatabase, freshDatabase } from './support/databases';
import { buildFixture, PASSWORD, signIn, type Fixture } from './support/fixture';

const signInFrom = (app: FastifyInstance, email: string, password: string, address?: string) =>
  app.inject({ method: 'POST', url: '/api/session', payload: { email, password }, headers: address ? { 'x-forwarded-for': address } : {} });

describeEachDatabase('credentials', (kind) => {
  let database: TrellisDatabase;
  let f: Fixture;
  const apps: FastifyInstance[] = [];
  const app = async (options: Omit<Parameters<typeof buildApp>[0], 'database'> = {}) => {
    const a = await buildApp({ database, webDir: null, ...options });
    apps.push(a);
    return a;
  };
  beforeAll(async () => {
    database = await freshDatabase(kind);
    f = await buildFixture(database.db);
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await database?.close();
  });

  it('counts sign-ins by the real address when no proxy is configured, whatever X-Forwarded-For says', async () => {
    const a = await app({ signInLimit: 10, trustProxy: '' });
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await signInFrom(a, `nobody${i}@fixture.test`, 'wrong guess', `203.0.113.${i + 1}`)).statusCode);
    expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
    expect(codes[10]).toBe(429);
  });

  it('limits wrong passwords per account across addresses, refusing even the right one until the hour is up', async () => {
    // Behind a configured proxy every guess comes from a new address: the per-address limit does not see them.
    const a = await app({ signInLimit: 1000, trustProxy: 'true' });
    const email = f.people.viewer!.email;
    for (let i = 0; i < 10; i++) expect((await signInFrom(a, email, `guess ${i}`, `198.51.100.${i + 1}`)).statusCode).toBe(401);
    const locked = await signInFrom(a, email, PASSWORD, '198.51.100.99');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().message).toMatch(
      /^There have been too many wrong passwords for this account\. Try again in (59|60) minutes, or ask an organization admin for a new set-password link\.$/,
    );
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(3500);
    // Another account is not touched by it.
    expect((await signInFrom(a, f.people.coach!.email, PASSWORD, '198.51.100.1')).statusCode).toBe(200);
    // An hour later the failures no longer count, and the right password signs in and clears them.
    await database.db
      .updateTable('failed_attempt')
      .set({ at: new Date(Date.now() - 61 * 60_000) })
      .where('subject', '=', email)
      .execute();
    expect((await signInFrom(a, email, PASSWORD)).statusCode).toBe(200);
    expect(await database.db.selectFrom('failed_attempt').select('at').where('subject', '=', email).execute()).toEqual([]);
  });

  it('limits wrong current passwords on a password change the same way', async () => {
    const a = await app({ signInLimit: 1000 });
    const me = await signIn(a, f.people.team_member!.email);
    for (let i = 0; i < 10; i++)
      expect((await me.request('POST', '/api/session/password', { currentPassword: `guess ${i}`, newPassword: 'a new long password' })).status).toBe(400);
    const locked = await me.request('POST', '/api/session/password', { currentPassword: PASSWORD, newPassword: 'a new long password' });
    expect(locked.status).toBe(429);
    expect(locked.json.message).toMatch(/^Your current password was entered wrong too many times\. Try again in/);
    expect(locked.json.details[0].where).toBe('body.currentPassword');
    // The password did not change.
    expect((await signInFrom(a, f.people.team_member!.email, PASSWORD)).statusCode).toBe(200);
  });

  it('keeps set-password tokens out of the request log', async () => {
    let log = '';
    const stream = new Writable({
      write: (chunk, _enc, done) => {
        log += String(chunk);
        done();
      },
    });
    const a = await app({ signInLimit: 1000, logger: { stream } });
    const admin = await signIn(a, f.people.org_admin!.email);
    const link = await admin.request('POST', `/api/people/${f.people.viewer!.id}/password-link`);
    const token = String(link.json.setPasswordPath).split('#')[1]!;
    expect(token.length).toBeGreaterThan(40);
    // An older link carried the token in its path: that address is logged without it.
    await a.inject({ method: 'GET', url: `/set-password/${token}` });
    const opened = await a.inject({ method: 'POST', url: '/api/password-links/open', payload: { token } });
    expect(opened.statusCode).toBe(200);
    await a.inject({ method: 'GET', url: `/api/schools?token=${token}` });
    expect(log).toContain('/set-password/[redacted]');
    expect(log).toContain('/api/password-links/open');
    expect(log).not.toContain(token);
    expect(log).not.toContain(opened.cookies[0]!.value);
  });

  it('sends the security headers on every answer: pages, API answers and errors', async () => {
    const a = await app();
    for (const url of ['/api/health', '/api/session', '/api/schools', '/no-such-page', '/api/docs/json']) {
      const res = await a.inject({ method: 'GET', url });
      expect(res.headers['content-security-policy'], url).toMatch(/default-src 'self'.*script-src 'self'.*frame-ancestors 'none'/);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['referrer-policy'], url).toBe('same-origin');
    }
    expect((await a.inject({ method: 'GET', url: '/api/session' })).headers['cache-control']).toBe('no-store');
  });

  it('revokes a membership only from the person the address names', async () => {
    const a = await app({ signInLimit: 1000 });
    const admin = await signIn(a, f.people.org_admin!.email);
    const coachMembership = await database.db.selectFrom('membership').select('id').where('person_id', '=', f.people.coach!.id).executeTakeFirstOrThrow();
    const wrong = await admin.request('DELETE', `/api/people/${f.people.viewer!.id}/memberships/${coachMembership.id}`);
    expect(wrong.status).toBe(404);
    expect(await database.db.selectFrom('membership').select('id').where('id', '=', coachMembership.id).executeTakeFirst()).toBeTruthy();
  });

  it('signs the command line in with a token: no CSRF token needed, no password change, no new token, and revoked at once', async () => {
    const a = await app({ signInLimit: 1000 });
    const admin = await signIn(a, f.people.org_admin!.email);
    const made = await admin.request('POST', '/api/tokens', { name: 'Laptop imports', days: 30 });
    expect(made.status).toBe(201);
    expect(made.json.token).toMatch(/^trellis_[\w-]{40,}$/);
    const bearer = { authorization: `Bearer ${made.json.token}` };
    const schools = await a.inject({ method: 'GET', url: '/api/schools', headers: bearer });
    expect(schools.statusCode).toBe(200);
    // A write with the token alone: no cookie, no CSRF header. The school name is too long, so nothing changes.
    const write = await a.inject({ method: 'PATCH', url: `/api/schools/${f.schoolA}`, headers: bearer, payload: { version: 999, city: 'Nowhere' } });
    expect(write.statusCode).toBe(409);
    expect(
      (
        await a.inject({
          method: 'POST',
          url: '/api/session/password',
          headers: bearer,
          payload: { currentPassword: PASSWORD, newPassword: 'taken over password' },
        })
      ).statusCode,
    ).toBe(403);
    expect((await a.inject({ method: 'POST', url: '/api/tokens', headers: bearer, payload: { name: 'another' } })).statusCode).toBe(403);
    const listed = await admin.request('GET', '/api/tokens');
    expect(listed.json.tokens.map((t: { name: string }) => t.name)).toEqual(['Laptop imports']);
    expect(JSON.stringify(listed.json)).not.toContain(made.json.token);
    expect((await admin.request('DELETE', `/api/tokens/${made.json.id}`)).status).toBe(200);
    // The principal cache holds a token for at most two seconds.
    await new Promise((r) => setTimeout(r, 2100));
    const after = await a.inject({ method: 'GET', url: '/api/schools', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toMatch(/This token is not valid/);
    // Revoking it again finds nothing; a name too long is refused in words, naming the field.
    expect((await admin.request('DELETE', `/api/tokens/${made.json.id}`)).status).toBe(404);
    const long = await admin.request('POST', '/api/tokens', { name: 'x'.repeat(201) });
    expect(long.status).toBe(400);
    expect(long.json.details[0].where).toBe('body.name');
  });
});

describe('proxy and log settings', () => {
  it('reads TRELLIS_TRUST_PROXY as nothing, every proxy, a hop count or addresses', () => {
    expect(trustProxyFrom(undefined)).toBe(false);
    expect(trustProxyFrom('false')).toBe(false);
    expect(trustProxyFrom('true')).toBe(true);
    expect(trustProxyFrom('2')).toBe(2);
    expect(trustProxyFrom('10.0.0.0/8, 127.0.0.1')).toEqual(['10.0.0.0/8', '127.0.0.1']);
  });
  it('redacts tokens from logged addresses', () => {
    expect(redactUrl('/set-password/abc123?x=1')).toBe('/set-password/[redacted]?x=1');
    expect(redactUrl('/api/x?a=1&token=secret&b=2')).toBe('/api/x?a=1&token=[redacted]&b=2');
    expect(redactUrl('/api/schools')).toBe('/api/schools');
  });
});
