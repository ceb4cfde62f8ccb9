// axe on every page of the app: no serious or critical WCAG 2.2 AA violations, at desktop and tablet widths.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { freshPage, signIn, useDemoServerAndBrowser } from '../support/browser';

const demo = useDemoServerAndBrowser();

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Serious and critical violations, each as "rule: first offending element", so a failure says what to fix. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n').slice(-1)[0] ?? ''}`)
          .join(', ')}`,
    );
}

describe.each([
  { name: 'desktop', viewport: { width: 1280, height: 800 } },
  { name: 'tablet', viewport: { width: 768, height: 1024 } },
])('accessibility at $name width', ({ viewport }) => {
  test('sign-in, network and school pages have no serious or critical violations', async () => {
    const { context, page } = await freshPage(demo.browser, viewport);
    await page.goto(demo.server.url);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await signIn(page, demo.server.url, demo.server.emailOf('network_director'));
    await page.getByRole('table').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Harbor View Elementary' }).click();
    await page.getByRole('article', { name: 'Instructional leadership team' }).waitFor();
    // The reviews section loads on its own; check the page with it in place.
    await page.getByRole('link', { name: 'Finalized' }).or(page.getByText('Finalized')).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // On a fresh load the skip link is the first stop for keyboard users, and it lands on the main content.
    await page.reload();
    await page.getByRole('article', { name: 'Instructional leadership team' }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await context.close();
  });
});

describe('accessibility of the review pages', () => {
  test('rating workspace, review results, school and network heatmaps and calibration have no serious or critical violations', async () => {
    const { context, page } = await freshPage(demo.browser, { width: 1280, height: 800 });
    await signIn(page, demo.server.url, demo.server.emailOf('network_director'));
    await page.getByRole('table').waitFor();
    await page.getByRole('link', { name: 'Harbor View Elementary' }).click();
    await page.getByRole('article', { name: 'Instructional leadership team' }).waitFor();
    const school = page.url();
    // The demo gives every school finalized reviews: open the newest.
    const review = page.locator('a[href^="/reviews/"]:not([href$="/results"])').first();
    await review.waitFor();
    const href = (await review.getAttribute('href'))!;
    for (const path of [href, `${href}/results`, `${new URL(school).pathname}/heatmap`, '/heatmap', '/calibration']) {
      await page.goto(`${demo.server.url}${path}`);
      await page.locator('h1').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await context.close();
  });
});

describe('accessibility of the results, plan and audit log pages', () => {
  test('results, imports, outcomes, plan, network plans and audit log pages have no serious or critical violations', async () => {
    const { context, page } = await freshPage(demo.browser, { width: 1280, height: 800 });
    const school = (await demo.server.database.db.selectFrom('school').select('id').where('name', '=', 'Maple Grove Elementary').executeTakeFirstOrThrow()).id;
    for (const [role, paths] of [
      ['org_admin', ['/results', `/schools/${school}/results`, '/imports', '/plans', '/audit?kind=sign_in']],
      ['school_leader', [`/schools/${school}/results`, `/schools/${school}/outcomes`, `/schools/${school}/plan`]],
    ] as const) {
      await context.clearCookies();
      await signIn(page, demo.server.url, demo.server.emailOf(role));
      for (const path of paths) {
        await page.goto(`${demo.server.url}${path}`);
        await page.locator('h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        await page.locator('main h2, main table').first().waitFor();
        expect(await seriousViolations(page), `${role} ${path}`).toEqual([]);
      }
    }
    await context.close();
  });
});

describe('accessibility of every page the app has', () => {
  test('each route of the web app, as an org admin sees it, has no serious or critical violations', async () => {
    const { db } = demo.server.database;
    const school = await db.selectFrom('school').select(['id', 'district_id']).where('name', '=', 'Maple Grove Elementary').executeTakeFirstOrThrow();
    const review = await db.selectFrom('review').select('id').where('school_id', '=', school.id).where('status', '=', 'finalized').executeTakeFirstOrThrow();
    const framework = await db.selectFrom('framework').select('id').where('key', '=', 'school-transformation').executeTakeFirstOrThrow();
    const sample = { ':token': 'not-a-real-link-token-000000000000' };
    const idFor = (path: string) =>
      ({ schools: school.id, districts: school.district_id, reviews: review.id, frameworks: framework.id })[path.split('/').filter(Boolean)[0]!];
    // Every route App.tsx declares: a page added later is checked without anyone listing it here.
    const source = readFileSync(resolve('web/src/App.tsx'), 'utf8');
    const paths = [...source.matchAll(/<Route path="([^"]+)"/g)].map((m) => m[1]!);
    expect(paths.length).toBeGreaterThan(20);
    const { context, page } = await freshPage(demo.browser, { width: 1280, height: 800 });
    const signedOut = paths.filter((p) => p.startsWith('/set-password'));
    for (const path of signedOut) {
      await page.goto(`${demo.server.url}${path.replace(':token', sample[':token'])}`);
      await page
        .locator('h1')
        .first()
        .waitFor({ timeout: 15_000 })
        .catch(() => expect.fail(`${path}: no heading after 15 s`));
      await page.waitForLoadState('networkidle');
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await signIn(page, demo.server.url, demo.server.emailOf('org_admin'));
    for (const route of paths.filter((p) => !signedOut.includes(p))) {
      const path = route === '*' ? '/no-such-page' : `/${route.replace(':id', () => idFor(route) ?? '')}`;
      expect(path, `no sample id for ${route}`).not.toMatch(/:|\/\//);
      await page.goto(`${demo.server.url}${path}`);
      await page
        .locator('h1')
        .first()
        .waitFor({ timeout: 15_000 })
        .catch(() => expect.fail(`${path}: no heading after 15 s`));
      await page.waitForLoadState('networkidle');
      expect(await seriousViolations(page), path).toEqual([]);
    }
    await context.close();
  }, 300_000);
});
