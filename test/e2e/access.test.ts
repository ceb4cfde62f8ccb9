// What each role sees in the browser: a school leader one school (others are not found), a director the network.
import { describe, expect, test } from 'vitest';
import { freshPage, signIn, step, useDemoServerAndBrowser } from '../support/browser';

const demo = useDemoServerAndBrowser();

async function schoolIdByName(name: string): Promise<string> {
  const row = await demo.server.database.db.selectFrom('school').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return row.id;
}

describe('access in the browser', () => {
  test('a school leader sees exactly their school, and another school is not found', async () => {
    const email = demo.server.emailOf('school_leader');
    const person = demo.server.network.people.find((p) => p.email === email)!;
    const grant = demo.server.network.memberships.find((m) => m.personKey === person.key && m.role === 'school_leader')!;
    const own = demo.server.network.schools.find((s) => s.key === grant.scopeKey)!;
    const other = demo.server.network.schools.find((s) => s.key !== own.key)!;

    const { context, page, errors } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, email);
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(own.name);
    expect(await page.getByTestId('school-count').textContent()).toBe(`1 school, ${own.enrollment.toLocaleString('en-US')} students`);
    // Admin pages are not offered to a school leader.
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Network', 'Results', 'Plans', 'Frameworks']);

    await page.goto(`${demo.server.url}/schools/${await schoolIdByName(other.name)}`);
    await page.getByRole('heading', { level: 1, name: 'School not found' }).waitFor();
    expect(await page.getByText(other.name).count()).toBe(0);

    await page.goto(`${demo.server.url}/schools/${await schoolIdByName(own.name)}`);
    await page.getByRole('heading', { level: 1, name: own.name }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a network director sees the whole network', async () => {
    const { context, page } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, demo.server.emailOf('network_director'));
    await expect.poll(() => page.locator('tbody tr').count()).toBe(25);
    await page.getByRole('heading', { level: 1, name: 'Network' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).isVisible()).toBe(true);
    await context.close();
  });

  test('a wrong password is refused with a sentence, and signing out returns to sign-in', async () => {
    const { context, page } = await freshPage(demo.browser);
    await step(page, async () => {
      await page.goto(demo.server.url);
      await page.getByRole('textbox', { name: 'Email' }).fill(demo.server.emailOf('viewer'));
      await page.getByRole('textbox', { name: 'Password', exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'do not match' }).waitFor();
    });

    await signIn(page, demo.server.url, demo.server.emailOf('viewer'));
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await context.close();
  });
});
