// In the browser: the content security policy breaks no page (app, printable report, API docs), and a person makes,
// copies and revokes a command-line token on Your account.
import { describe, expect, test } from 'vitest';
import { freshPage, signIn, useDemoServerAndBrowser } from '../support/browser';

const demo = useDemoServerAndBrowser();

describe('security in the browser', () => {
  test('no page is refused anything by the content security policy', async () => {
    const { context, page, errors } = await freshPage(demo.browser);
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(`${page.url()}: ${m.text()}`);
    });
    await signIn(page, demo.server.url, demo.server.emailOf('network_director'));
    const school = await demo.server.database.db
      .selectFrom('school')
      .innerJoin('partnership', 'partnership.school_id', 'school.id')
      .select('school.id')
      .executeTakeFirstOrThrow();
    const review = await demo.server.database.db
      .selectFrom('review')
      .select('id')
      .where('school_id', '=', school.id)
      .where('status', '=', 'finalized')
      .executeTakeFirstOrThrow();
    const pages: [string, RegExp][] = [
      ['/', /Network|schools/i],
      [`/schools/${school.id}`, /Partnership|Teams/i],
      [`/schools/${school.id}/results`, /Where these figures come from/],
      [`/schools/${school.id}/plan`, /Plan/],
      [`/reviews/${review.id}/results`, /Summary|Strengths/i],
      [`/api/reviews/${review.id}/report`, /.+/],
      ['/heatmap', /Heatmap|indicator/i],
      ['/api/docs', /Trellis API/],
    ];
    for (const [path, shows] of pages) {
      await page.goto(`${demo.server.url}${path}`);
      await page.waitForLoadState('networkidle');
      expect(await page.locator('body').innerText(), path).toMatch(shows);
    }
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a coach makes a command-line token, sees it once, and revokes it', async () => {
    const { context, page, errors } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, demo.server.emailOf('coach'));
    await page.getByRole('link', { name: 'Your account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    await page.getByText('You have no tokens.').waitFor();
    // Nothing typed: the field says what is missing.
    await page.getByRole('button', { name: 'Make a token' }).click();
    await page.getByText('Name is required').waitFor();
    await page.getByRole('textbox', { name: 'Name' }).fill('Laptop imports');
    await page.getByRole('button', { name: 'Make a token' }).click();
    const shown = await page.getByTestId('new-token').inputValue();
    expect(shown).toMatch(/^trellis_[\w-]{40,}$/);
    const answer = await page.request.get(`${demo.server.url}/api/schools`, { headers: { authorization: `Bearer ${shown}` } });
    expect(answer.status()).toBe(200);
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByTestId('new-token').count()).toBe(0);
    const row = page.getByRole('row').filter({ hasText: 'Laptop imports' });
    expect(await row.textContent()).toContain('never');
    await page.getByRole('button', { name: 'Revoke the token for Laptop imports' }).click();
    await page.getByText('You have no tokens.').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
