// What a person sees when input is refused, in the browser: the plan editor names the goal as the screen
// numbers it, an empty check-in is stopped before it is sent, inputs stop at the server's limits, and the
// demo plan shows real dates.
import { beforeAll, describe, expect, test } from 'vitest';
import { EMPTY_CHECKIN } from '../../src/domain/checkins';
import { isCalendarDate } from '../../src/domain/dates';
import { currentSchoolYear } from '../../src/domain/school-year';
import { LIMITS } from '../../src/domain/limits';
import { freshPage, signIn, step, useDemoServerAndBrowser } from '../support/browser';

const demo = useDemoServerAndBrowser();
let schoolId: string;
const year = currentSchoolYear();

beforeAll(async () => {
  schoolId = (await demo.server.database.db.selectFrom('school').select('id').where('name', '=', 'Maple Grove Elementary').executeTakeFirstOrThrow()).id;
});

describe('input errors on the page', () => {
  test('saving a plan with an empty goal title says which goal, and an empty check-in is refused before it is sent', async () => {
    // The first goal's last check-in, which an empty check-in would repeat (one is added if the demo has none).
    const plan = await demo.server.database.db
      .selectFrom('plan')
      .select(['id', 'district_id', 'document'])
      .where('school_id', '=', schoolId)
      .where('school_year', '=', year)
      .executeTakeFirstOrThrow();
    const firstGoal = (plan.document as { goals: { id: string; title: string }[] }).goals[0]!;
    const checkinsOf = () =>
      demo.server.database.db
        .selectFrom('plan_checkin')
        .select('status')
        .where('goal_id', '=', firstGoal.id)
        .orderBy('checked_on', 'desc')
        .orderBy('created_at', 'desc')
        .execute();
    if ((await checkinsOf()).length === 0)
      await demo.server.database.db
        .insertInto('plan_checkin')
        .values({ plan_id: plan.id, district_id: plan.district_id, goal_id: firstGoal.id, status: 'at_risk', checked_on: `${year}-09-15` })
        .execute();
    const before = await checkinsOf();

    const { context, page } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, demo.server.emailOf('school_leader'));
    await step(page, async () => {
      await page.goto(`${demo.server.url}/schools/${schoolId}/plan?year=${year}`);
      await page.getByRole('heading', { level: 1, name: /^Plan / }).waitFor();
    });

    // The demo plan's dates are real days, and every date field of the editor shows one.
    const dates = await page.locator('input[type="date"]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value).filter(Boolean));
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.filter((d) => !isCalendarDate(d))).toEqual([]);

    // Inputs stop where the server does.
    const title = page.getByRole('textbox', { name: 'Goal 2', exact: true });
    expect(await title.getAttribute('maxlength')).toBe(String(LIMITS.planTitle));
    expect(await page.getByRole('textbox', { name: 'Notes' }).getAttribute('maxlength')).toBe(String(LIMITS.longText));

    await title.fill('');
    await page.getByRole('button', { name: 'Save plan' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Goal 2: a title is required.' });
    await step(page, () => alert.waitFor());
    expect(await alert.textContent()).not.toContain('body.');

    // A check-in repeating the goal's last status with no evidence and no notes adds nothing.
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/plan/checkins')) requests.push(r.method());
    });
    await page.getByRole('combobox', { name: 'Goal', exact: true }).selectOption({ label: `1. ${firstGoal.title}` });
    await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption(before[0]!.status);
    await page.getByRole('button', { name: 'Record check-in' }).click();
    await step(page, () => page.getByRole('alert').filter({ hasText: EMPTY_CHECKIN }).waitFor());
    expect(requests).toEqual([]);
    expect(await checkinsOf()).toHaveLength(before.length);
    await context.close();
  });
});
