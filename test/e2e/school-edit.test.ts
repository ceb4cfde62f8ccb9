// Editing a school: a save shows at once, and a save over someone else's newer change shows the conflict and offers a reload.
import { describe, expect, test } from 'vitest';
import { freshPage, signIn, useDemoServerAndBrowser } from '../support/browser';

const demo = useDemoServerAndBrowser();

describe('editing a school', () => {
  test('two people edit the same school; the second sees the conflict and reloads the first one’s change', async () => {
    const name = 'Sunrise Elementary';
    const first = await freshPage(demo.browser);
    const second = await freshPage(demo.browser);
    for (const { page } of [first, second]) {
      await signIn(page, demo.server.url, demo.server.emailOf('network_director'));
      await page.getByRole('link', { name }).click();
      await page.getByRole('heading', { level: 1, name }).waitFor();
    }

    await first.page.getByRole('textbox', { name: 'Enrollment' }).fill('601');
    await first.page.getByRole('button', { name: 'Save changes' }).click();
    await first.page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await expect.poll(() => first.page.getByText('601 students').isVisible()).toBe(true);

    // The second person still has the version from before the first save.
    await second.page.getByRole('textbox', { name: 'Enrollment' }).fill('615');
    await second.page.getByRole('button', { name: 'Save changes' }).click();
    const conflict = second.page.getByRole('alert').filter({ hasText: 'Someone else changed this school' });
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Your changes were not saved.');

    await conflict.getByRole('button', { name: 'Reload the latest version' }).click();
    await expect.poll(() => second.page.getByRole('textbox', { name: 'Enrollment' }).inputValue()).toBe('601');
    expect(await second.page.getByText('601 students').isVisible()).toBe(true);
    expect(await conflict.count()).toBe(0);

    const stored = await demo.server.database.db.selectFrom('school').select('enrollment').where('name', '=', name).executeTakeFirstOrThrow();
    expect(stored.enrollment).toBe(601);
    expect([...first.errors, ...second.errors]).toEqual([]);
    await Promise.all([first.context.close(), second.context.close()]);
  });
});
