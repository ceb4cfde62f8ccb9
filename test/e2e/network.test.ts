// The network page as a network director uses it: all schools, search narrows the table, a school shows its teams.
import { describe, expect, test } from 'vitest';
import { freshPage, signIn, useDemoServerAndBrowser } from '../support/browser';

const demo = useDemoServerAndBrowser();

describe('network page', () => {
  test('a network director sees every school, searches, and opens a school with its teams', async () => {
    const { context, page, errors } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, demo.server.emailOf('network_director'));

    const table = page.getByRole('table');
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(demo.server.network.schools.length);
    const students = demo.server.network.schools.reduce((n, s) => n + s.enrollment, 0);
    expect(await page.getByTestId('school-count').textContent()).toBe(`25 schools, ${students.toLocaleString('en-US')} students`);
    await expect.poll(() => page.getByText('Demo network — synthetic data').isVisible()).toBe(true);

    const school = demo.server.network.schools.find((s) => s.name === 'Maple Grove Elementary')!;
    await page.getByRole('searchbox', { name: 'Search schools' }).fill('Maple Grove');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('Maple Grove Elementary');
    expect(await page.getByTestId('school-count').textContent()).toMatch(/^1 school, [\d,]+ students match these filters$/);
    // The search is kept in the address, so the filtered view can be shared.
    expect(new URL(page.url()).searchParams.get('q')).toBe('Maple Grove');

    await page.getByRole('link', { name: 'Maple Grove Elementary' }).click();
    await page.getByRole('heading', { level: 1, name: 'Maple Grove Elementary' }).waitFor();
    expect(await page.getByText(school.stateCode).isVisible()).toBe(true);

    const ilt = page.getByRole('article', { name: 'Instructional leadership team' });
    await ilt.waitFor();
    const members = await ilt.getByRole('listitem').allTextContents();
    expect(members.length).toBeGreaterThan(1);
    const principal = demo.server.network.people.find((p) =>
      demo.server.network.memberships.some((m) => m.personKey === p.key && m.role === 'school_leader' && m.scopeKey === school.key),
    )!;
    expect(members.join('\n')).toContain(principal.name);
    // Focus moved to the new page's heading, as after a full page load.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');

    expect(errors).toEqual([]);
    await context.close();
  });

  test('sorting by enrollment reorders the table and says so with aria-sort', async () => {
    const { context, page } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, demo.server.emailOf('network_director'));
    const header = page.getByRole('columnheader', { name: /Enrollment/ });
    expect(await header.getAttribute('aria-sort')).toBe('none');
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    const largest = [...demo.server.network.schools].sort((a, b) => b.enrollment - a.enrollment)[0]!;
    await expect.poll(() => page.locator('tbody tr').first().locator('th').first().textContent()).toContain(largest.name);
    await context.close();
  });
});
