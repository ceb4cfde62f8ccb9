// The people page of a large organization, a page at a time; and a school leader following her school's district link.
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { freshPage, signIn, useDemoServerAndBrowser } from '../support/browser';

const demo = useDemoServerAndBrowser();

const countLine = (page: Page) => page.getByTestId('people-count').textContent();

/** Role texts on the page that are cut off (wider than the box that shows them). */
const clipped = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="person-role"], .mantine-Badge-label')]
      .filter((e) => e.scrollWidth > e.clientWidth + 1 || (getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth))
      .map((e) => e.textContent),
  );

describe('people page', () => {
  test('an organization admin pages through everyone, searches and filters by role, and the search stays in the address', async () => {
    const { context, page, errors } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, demo.server.emailOf('org_admin'));
    await page.goto(`${demo.server.url}/people`);
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    const everyone = demo.server.network.people.length;
    await expect.poll(() => countLine(page)).toBe(`Showing 1–25 of ${everyone}`);
    const rows = page.getByRole('table', { name: 'People and their roles' }).locator('tbody tr');
    expect(await rows.count()).toBe(25);

    await page.getByRole('navigation', { name: 'Pages of people' }).getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => countLine(page)).toBe(`Showing 26–50 of ${everyone}`);
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');

    // A search by part of an email finds the person, from the first page again.
    const leader = demo.server.network.people.find((p) => p.email === demo.server.emailOf('school_leader'))!;
    await page.getByRole('searchbox', { name: 'Find a person' }).fill(leader.email.split('@')[0]!.toUpperCase());
    await expect.poll(() => countLine(page)).toBe('Showing 1–1 of 1 matching');
    expect(await rows.first().textContent()).toContain(leader.name);
    const address = new URL(page.url()).searchParams;
    expect({ q: address.get('q'), page: address.get('page') }).toEqual({ q: leader.email.split('@')[0]!.toUpperCase(), page: null });

    // The role filter, with the search cleared.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('search', { name: 'Find people' }).getByRole('combobox', { name: 'Role' }).selectOption({ label: 'District leader' });
    const districtLeaders = new Set(demo.server.network.memberships.filter((m) => m.role === 'district_leader').map((m) => m.personKey)).size;
    await expect.poll(() => countLine(page)).toBe(`Showing 1–${districtLeaders} of ${districtLeaders} matching`);
    expect(new URL(page.url()).searchParams.get('role')).toBe('district_leader');
    // A reload keeps the view.
    await page.reload();
    await expect.poll(() => countLine(page)).toBe(`Showing 1–${districtLeaders} of ${districtLeaders} matching`);

    // Each role is shown in full, on a desktop and on a phone.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => countLine(page)).toBe(`Showing 1–25 of ${everyone}`);
    expect(await page.getByTestId('person-role').count()).toBeGreaterThan(25);
    expect(await clipped(page)).toEqual([]);
    await page.setViewportSize({ width: 390, height: 800 });
    expect(await clipped(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('district link', () => {
  test('a school leader follows the district link on her school page to the district, which shows her school and its results', async () => {
    const { context, page, errors } = await freshPage(demo.browser);
    const email = demo.server.emailOf('school_leader');
    const person = demo.server.network.people.find((p) => p.email === email)!;
    const school = demo.server.network.schools.find((s) =>
      demo.server.network.memberships.some((m) => m.personKey === person.key && m.role === 'school_leader' && m.scopeKey === s.key),
    )!;
    const district = demo.server.network.districts.find((d) => d.key === school.districtKey)!;
    await signIn(page, demo.server.url, email);
    await page.getByRole('link', { name: school.name }).first().click();
    await page.getByRole('heading', { level: 1, name: school.name }).waitFor();

    await page.getByRole('link', { name: district.name }).first().click();
    await page.getByRole('heading', { level: 1, name: district.name }).waitFor();
    expect(await page.getByText('District not found').count()).toBe(0);
    // Only her own school of the district's many, and no district reviews.
    const rows = page.getByRole('table', { name: `Schools in ${district.name}` }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(school.name);
    await page.getByTestId('district-partial').waitFor();

    await page.getByRole('link', { name: 'Student results' }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(district.name) }).waitFor();
    expect(await page.getByText(/not found/i).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
