// What each role sees in the browser: a school leader one school (others are not found), a director the network.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freshPage, launchChromium, signIn, startDemoServer, step, type DemoServer } from '../support/browser';

let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function schoolIdByName(name: string): Promise<string> {
  const row = await server.database.db.selectFrom('school').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return row.id;
}

describe('access in the browser', () => {
  test('a school leader sees exactly their school, and another school is not found', async () => {
    const email = server.emailOf('school_leader');
    const person = server.network.people.find((p) => p.email === email)!;
    const grant = server.network.memberships.find((m) => m.personKey === person.key && m.role === 'school_leader')!;
    const own = server.network.schools.find((s) => s.key === grant.scopeKey)!;
    const other = server.network.schools.find((s) => s.key !== own.key)!;

    const { context, page, errors } = await freshPage(browser);
    await signIn(page, server.url, email);
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(own.name);
    expect(await page.getByTestId('school-count').textContent()).toBe(`1 school, ${own.enrollment.toLocaleString('en-US')} students`);
    // Admin pages are not offered to a school leader.
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Network', 'Results', 'Plans', 'Frameworks']);

    await page.goto(`${server.url}/schools/${await schoolIdByName(other.name)}`);
    await page.getByRole('heading', { level: 1, name: 'School not found' }).waitFor();
    expect(await page.getByText(other.name).count()).toBe(0);

    await page.goto(`${server.url}/schools/${await schoolIdByName(own.name)}`);
    await page.getByRole('heading', { level: 1, name: own.name }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a network director sees the whole network', async () => {
    const { context, page } = await freshPage(browser);
    await signIn(page, server.url, server.emailOf('network_director'));
    await expect.poll(() => page.locator('tbody tr').count()).toBe(25);
    await page.getByRole('heading', { level: 1, name: 'Network' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).isVisible()).toBe(true);
    await context.close();
  });

  test('a wrong password is refused with a sentence, and signing out returns to sign-in', async () => {
    const { context, page } = await freshPage(browser);
    await step(page, async () => {
      await page.goto(server.url);
      await page.getByRole('textbox', { name: 'Email' }).fill(server.emailOf('viewer'));
      await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
    });

    await signIn(page, server.url, server.emailOf('viewer'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await context.close();
  });
});
