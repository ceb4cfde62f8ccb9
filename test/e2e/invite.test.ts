// An organization admin invites a person with a role; the one-time link lets them set a password and sign in.
import { describe, expect, test } from 'vitest';
import { DEMO_EMAIL_DOMAIN } from '../../src/domain/demo';
import { freshPage, signIn, useDemoServerAndBrowser } from '../support/browser';

const demo = useDemoServerAndBrowser();

describe('inviting a person', () => {
  test('the invited school leader sets a password from the link and sees only their school', async () => {
    const school = demo.server.network.schools.find((s) => s.name === 'Roosevelt Middle')!;
    const admin = await freshPage(demo.browser);
    await signIn(admin.page, demo.server.url, demo.server.emailOf('org_admin'));
    await admin.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await admin.page.getByRole('heading', { level: 1, name: 'People' }).waitFor();

    const form = admin.page.locator('form').filter({ has: admin.page.getByRole('button', { name: 'Invite and create link' }) });
    await form.getByRole('textbox', { name: 'Name' }).fill('Rita Newcomer');
    await form.getByRole('textbox', { name: 'Email' }).fill(`rita.newcomer@${DEMO_EMAIL_DOMAIN}`);
    await form.getByRole('textbox', { name: 'Title' }).fill('Principal');
    await form.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'School leader' });
    await form.getByRole('combobox', { name: 'Which school' }).selectOption({ label: school.name });
    await form.getByRole('button', { name: 'Invite and create link' }).click();

    const linkBox = admin.page.getByRole('textbox', { name: 'One-time link' });
    await linkBox.waitFor();
    const link = await linkBox.inputValue();
    // The token is in the fragment: no server, log or Referer sees it.
    expect(link).toMatch(new RegExp(`^${demo.server.url}/set-password#[\\w-]{20,}$`));
    // The new person is listed as invited, with their role where it applies.
    const row = admin.page.getByRole('row').filter({ hasText: 'Rita Newcomer' });
    await expect.poll(() => row.textContent()).toContain(`School leader · ${school.name}`);
    expect(await row.textContent()).toContain('Invited');

    // The invitee opens the link in their own browser, with no session.
    const invitee = await freshPage(demo.browser);
    await invitee.page.goto(link);
    await invitee.page.getByRole('heading', { level: 1, name: 'Choose your password' }).waitFor();
    await invitee.page.getByText('For Rita Newcomer').waitFor();
    // Once opened, the token is gone from the address (and so from history and bookmarks).
    expect(invitee.page.url()).toBe(`${demo.server.url}/set-password`);
    await invitee.page.getByRole('textbox', { name: 'New password' }).fill('short');
    await invitee.page.getByRole('textbox', { name: 'Type it again' }).fill('short');
    await invitee.page.getByRole('button', { name: 'Set password and sign in' }).click();
    await invitee.page.getByText('Choose a password of at least 10 characters.').waitFor();

    await invitee.page.getByRole('textbox', { name: 'New password' }).fill('river stone lantern');
    await invitee.page.getByRole('textbox', { name: 'Type it again' }).fill('river stone lantern');
    await invitee.page.getByRole('button', { name: 'Set password and sign in' }).click();
    await invitee.page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await invitee.page.getByRole('banner').textContent()).toContain('Rita Newcomer');
    const rows = invitee.page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(school.name);
    expect(await invitee.page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual([
      'Network',
      'Results',
      'Plans',
      'Frameworks',
    ]);

    // Opening the people page directly does not show the admin tools.
    await invitee.page.goto(`${demo.server.url}/people`);
    await invitee.page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    expect(await invitee.page.getByRole('button', { name: 'Invite and create link' }).count()).toBe(0);

    // The link worked once; a second use is refused with a sentence.
    const again = await freshPage(demo.browser);
    await again.page.goto(link);
    await again.page.getByRole('alert').filter({ hasText: 'already used or has expired' }).waitFor();
    expect(await again.page.getByRole('button', { name: 'Set password and sign in' }).count()).toBe(0);

    expect([...admin.errors, ...invitee.errors, ...again.errors]).toEqual([]);
    await Promise.all([admin.context.close(), invitee.context.close(), again.context.close()]);
  });
});
