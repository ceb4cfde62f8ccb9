// Student results in the browser: the network table sorted by growth and exported, a school's page with
// small groups hidden from a viewer and shown to its leader with the focus list, and an import run from the web.
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { dataPath, sharedDataAvailable } from '../../src/importers/testing/shared-data';
import { freshPage, signIn, step, useDemoServerAndBrowser } from '../support/browser';

const demo = useDemoServerAndBrowser();
let schoolId: string;

beforeAll(async () => {
  sharedDataAvailable();
  schoolId = (await demo.server.database.db.selectFrom('school').select('id').where('name', '=', 'Maple Grove Elementary').executeTakeFirstOrThrow()).id;
});

const growthOf = (text: string) => {
  const m = /([+−]?)(\d+\.\d) pts/.exec(text);
  return m ? (m[1] === '−' ? -1 : 1) * Number(m[2]) : null;
};

async function groupCells(page: Page) {
  const rows = page.getByTestId('groups-table').locator('tbody tr');
  await rows.first().waitFor();
  const out: Record<string, string[]> = {};
  for (const row of await rows.all()) {
    const name = (await row.locator('th').textContent())!.trim();
    out[name] = (await row.locator('td').allTextContents()).map((t) => t.trim());
  }
  return out;
}

describe('results pages', () => {
  test('a director sorts the network by growth and downloads the table as CSV and Excel', async () => {
    const { context, page, errors } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, demo.server.emailOf('network_director'));
    await step(page, async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Results' }).click();
      await page.getByRole('heading', { level: 1, name: 'Network results' }).waitFor();
    });
    const rows = page.getByTestId('network-results').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(demo.server.network.schools.length);

    const growthHeader = page.getByRole('columnheader', { name: /Growth/ });
    await growthHeader.getByRole('button').click();
    await expect.poll(() => growthHeader.getAttribute('aria-sort')).toBe('descending');
    const growths = (await page.getByTestId('growth').allTextContents()).map(growthOf);
    const known = growths.filter((g): g is number => g !== null);
    expect(known.length).toBeGreaterThan(10);
    expect(known).toEqual([...known].sort((a, b) => b - a));
    expect(new URL(page.url()).searchParams.get('sort')).toBe('growth');
    const totals = await page.getByTestId('network-totals').locator('tbody tr').first().textContent();
    expect(totals).toMatch(/25 of 25/);
    // Partner schools are read against the comparison schools beside them: a mean for each, with its count.
    const partnerCell = await page.getByTestId('network-totals').locator('tbody tr').first().locator('td').nth(3).textContent();
    const otherCell = await page.getByTestId('network-totals').locator('tbody tr').first().locator('td').nth(4).textContent();
    expect(partnerCell).toMatch(/^\d+(\.\d)?% \(19\)$/);
    expect(otherCell).toMatch(/^\d+(\.\d)?% \(6\)partners [+−-]?\d+(\.\d)? pts?/);

    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the school table as CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('network-results-ela.csv');
    const text = readFileSync((await csv.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toMatch(/^School,District,Support,2022-23 tested,2022-23 %,/);
    expect(lines).toHaveLength(demo.server.network.schools.length + 1);
    // The file is in the order on screen: highest growth first.
    const firstName = (await rows.first().locator('th').textContent())!.trim();
    expect(lines[1]!.startsWith(firstName)).toBe(true);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the school table as Excel' }).click()]);
    expect(xlsx.suggestedFilename()).toBe('network-results-ela.xlsx');
    const workbook = readFileSync((await xlsx.path())!);
    expect(workbook.subarray(0, 2).toString('latin1')).toBe('PK'); // an Office Open XML file is a zip archive
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a viewer sees small groups as *, with no student names; the school leader sees them and the focus list', async () => {
    const viewer = await freshPage(demo.browser);
    await signIn(viewer.page, demo.server.url, demo.server.emailOf('viewer'));
    await step(viewer.page, async () => {
      await viewer.page.goto(`${demo.server.url}/schools/${schoolId}`);
      await viewer.page.getByRole('link', { name: 'Student results' }).click();
      await viewer.page.getByRole('heading', { level: 1, name: 'Maple Grove Elementary: student results' }).waitFor();
    });
    const page = viewer.page;
    expect(await page.getByTestId('suppression-note').textContent()).toMatch(/fewer than 11 students/);
    const trend = await page.getByTestId('trend-table').locator('tbody tr').allTextContents();
    expect(trend.length).toBe(4);
    expect(trend.every((t) => /\d+\.\d%/.test(t))).toBe(true);
    const chart = page.getByRole('img', { name: /^Line chart of the percentage at or above standard/ });
    expect(await chart.getAttribute('aria-label')).toMatch(/Maple Grove Elementary: 2022-23 \d+\.\d%/);
    const seenByViewer = await groupCells(page);
    const hidden = Object.entries(seenByViewer).filter(([, cells]) => cells[0] === '*' && cells[1] === '*');
    expect(hidden.length).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { name: 'Students to focus on' }).count()).toBe(0);

    // Switching subject keeps the choice in the address.
    await page.getByRole('combobox', { name: 'Subject' }).selectOption('math');
    await page.getByRole('heading', { name: 'Trend: Mathematics, all grades, all students' }).waitFor();
    expect(new URL(page.url()).searchParams.get('subject')).toBe('math');
    expect(viewer.errors).toEqual([]);
    await viewer.context.close();

    const leader = await freshPage(demo.browser);
    await signIn(leader.page, demo.server.url, demo.server.emailOf('school_leader'));
    await step(leader.page, async () => {
      await leader.page.goto(`${demo.server.url}/schools/${schoolId}/results`);
      await leader.page.getByRole('heading', { name: 'Students to focus on' }).waitFor();
    });
    const seenByLeader = await groupCells(leader.page);
    for (const [group] of hidden) expect(seenByLeader[group]![0]).toMatch(/^\d+$/);
    const focus = leader.page.getByTestId('focus-table').locator('tbody tr');
    await expect.poll(() => focus.count()).toBeGreaterThan(0);
    const levels = await focus.locator('td:nth-child(4)').allTextContents();
    expect(new Set(levels)).toEqual(new Set(['Standard not met']));
    expect(await leader.page.getByTestId('focus-count').textContent()).toMatch(
      /^\d+ of \d+ students tested in English language arts, \d{4}-\d{2}: Standard not met$/,
    );
    expect(leader.errors).toEqual([]);
    await leader.context.close();
  });

  test('an admin imports EdSight files from the web, follows them to the end and sees how many districts are in the network; a picture is refused by name, a broken file with its line', async () => {
    const { context, page, errors } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, demo.server.emailOf('org_admin'));
    await step(page, async () => {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Imports' }).click();
      await page.getByRole('heading', { level: 1, name: 'Imports' }).waitFor();
    });
    const name = 'smarter-balanced__2017-18_ela-and-math_all-students_all-grades-combined_ct.csv';
    await page.getByRole('combobox', { name: 'Format' }).selectOption('edsight');
    await page.locator('input[type=file]').first().setInputFiles(dataPath('ct-smarter-balanced', name));
    await page.getByRole('button', { name: 'Import' }).click();
    const job = page.getByTestId('import-job');
    await step(page, () => expect.poll(() => job.getAttribute('data-status'), { timeout: 30_000 }).toBe('succeeded'));
    expect(await job.textContent()).toMatch(/2 rows in [\d.]+ s: 2 new, 0 changed, 0 unchanged/);
    await expect.poll(() => page.getByTestId('import-history').locator('tbody tr').first().textContent()).toContain(name);

    // The districts of Connecticut: none is in the demo network, and the page says so.
    await page
      .locator('input[type=file]')
      .first()
      .setInputFiles(dataPath('ct-smarter-balanced', 'smarter-balanced__2017-18_ela-and-math_all-students_all-grades-combined.csv'));
    await page.getByRole('button', { name: 'Import' }).click();
    await step(page, () =>
      expect
        .poll(() => page.getByTestId('import-matches').textContent(), { timeout: 30_000 })
        .toContain('0 of 192 districts in this file are in your network.'),
    );

    // A picture chosen by mistake is refused by name before anything is read, with no raw bytes on the page.
    await page
      .locator('input[type=file]')
      .first()
      .setInputFiles(resolve(import.meta.dirname, '../../docs/results.png'));
    await page.getByRole('button', { name: 'Import' }).click();
    const refused = page.getByRole('alert').filter({ hasText: 'The import was not started' });
    await step(page, () => refused.waitFor());
    expect(await refused.textContent()).toContain('results.png is not a CSV or text file: it looks like a PNG image.');
    expect(await page.locator('body').textContent()).not.toMatch(/[\u0000-\u0008\ufffd]/);

    const dir = mkdtempSync(join(tmpdir(), 'trellis-e2e-import-'));
    const broken = join(dir, name);
    writeFileSync(broken, readFileSync(dataPath('ct-smarter-balanced', name), 'utf8').replace('233297,54808,', '233297,lots,'));
    await page.locator('input[type=file]').first().setInputFiles(broken);
    await page.getByRole('button', { name: 'Import' }).click();
    await step(page, () => expect.poll(() => job.getAttribute('data-status'), { timeout: 30_000 }).toBe('failed'));
    const details = await page.getByTestId('import-errors').textContent();
    expect(details).toContain(`${name}:`);
    expect(await job.textContent()).toContain('nothing from it was kept');
    expect(errors).toEqual([]);
    await context.close();
  });
});
