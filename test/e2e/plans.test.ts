// Annual outcomes and the plan in the browser: a school leader drafts next year's outcomes from Trellis's
// proposals, approves them, builds the plan, records a check-in, and prints the one-page outcomes (one PDF page).
import { beforeAll, describe, expect, test } from 'vitest';
import { partnerSchools } from '../../src/domain/demo';
import { currentSchoolYear, schoolYearLabel } from '../../src/domain/school-year';
import { freshPage, signIn, step, useDemoServerAndBrowser } from '../support/browser';

const demo = useDemoServerAndBrowser();
let schoolId: string;
const next = currentSchoolYear() + 1;
const label = schoolYearLabel(next);

beforeAll(async () => {
  schoolId = (await demo.server.database.db.selectFrom('school').select('id').where('name', '=', 'Maple Grove Elementary').executeTakeFirstOrThrow()).id;
});

describe('outcomes and plan', () => {
  test('a school leader drafts outcomes from proposals, approves them, builds the plan, checks in and prints one page', async () => {
    const { context, page, errors } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, demo.server.emailOf('school_leader'));
    await step(page, async () => {
      await page.goto(`${demo.server.url}/schools/${schoolId}`);
      await page.getByRole('link', { name: 'Annual outcomes' }).click();
      await page.getByRole('heading', { level: 1, name: /^Annual outcomes / }).waitFor();
      await page.getByRole('combobox', { name: 'School year' }).selectOption(String(next));
      await page.getByRole('heading', { level: 1, name: `Annual outcomes ${label}` }).waitFor();
    });

    // Three proposals, each with the reason Trellis gives for it.
    const proposals = page.getByTestId('candidate');
    await expect.poll(() => proposals.count()).toBeGreaterThanOrEqual(3);
    const picked: string[] = [];
    for (let i = 0; i < 3; i++) {
      const card = proposals.nth(i);
      picked.push((await card.locator('p').first().textContent())!);
      expect((await card.locator('p').nth(1).textContent())!.length).toBeGreaterThan(10);
      await card.getByRole('button', { name: /^Add: / }).click();
    }
    await expect.poll(() => page.getByTestId('outcome').count()).toBe(3);
    // The team's own outcome: its baseline comes from the results, not from a typed number.
    await page.getByRole('combobox', { name: 'Student group' }).selectOption({ label: 'English learners' });
    const baseline = (await page.getByTestId('own-baseline').textContent())!;
    expect(baseline).toMatch(/^Baseline from the results: [\d.]+% at or above standard in \d{4}-\d{2}\.$/);
    await page.getByRole('button', { name: 'Add this outcome' }).click();
    await expect.poll(() => page.getByTestId('outcome').count()).toBe(4);
    expect(await page.getByTestId('outcome').nth(3).textContent()).toContain("The team's own");
    await page.getByRole('button', { name: 'Save draft' }).click();
    await step(page, () => page.getByRole('button', { name: 'Saved' }).waitFor());
    await page.getByRole('button', { name: 'Approve and lock' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Approve and lock' }).click();
    await step(page, () => page.getByText(/Approved by .*: locked for the year/).waitFor());
    const titles = await page.getByTestId('outcome').locator('p.mantine-Text-root').first().allTextContents();
    expect(titles.length).toBe(1);

    // The plan starts with a goal per outcome; add a strategy with an action, then save.
    await page.getByRole('link', { name: `Plan ${label}` }).click();
    await page.getByRole('heading', { level: 1, name: `Plan ${label}` }).waitFor();
    const goals = page.getByTestId('goal');
    await expect.poll(() => goals.count()).toBe(4);
    for (const [i, title] of picked.entries())
      expect(
        await goals
          .nth(i)
          .getByRole('textbox', { name: `Goal ${i + 1}` })
          .inputValue(),
      ).toBe(title);
    await page.getByRole('button', { name: 'Add a strategy to goal 1' }).click();
    await page.getByRole('textbox', { name: 'Strategy 1' }).fill('Daily small-group reading');
    await page.getByRole('button', { name: 'Add an action to strategy 1' }).first().click();
    await page.getByRole('textbox', { name: 'Title of action 1 of strategy 1' }).fill('Name the focus students');
    await page.getByRole('textbox', { name: 'Owner of action 1 of strategy 1' }).fill('Ms. Lee');
    await page.getByRole('button', { name: 'Save plan' }).click();
    await step(page, () => page.getByRole('button', { name: 'Saved' }).waitFor());

    // A check-in on the first goal.
    await page.getByRole('combobox', { name: 'Goal', exact: true }).selectOption({ label: `1. ${picked[0]}` });
    await page.getByRole('combobox', { name: 'Status', exact: true }).selectOption('at_risk');
    await page.getByRole('textbox', { name: 'Evidence' }).fill('Walkthrough notes');
    await page.getByRole('button', { name: 'Record check-in' }).click();
    const checkins = page.getByTestId('checkins').locator('tbody tr');
    await step(page, () => expect.poll(() => checkins.count()).toBe(1));
    expect(await checkins.first().textContent()).toContain('At risk');

    // What was saved is what the server keeps.
    const saved = await page.request.get(`${demo.server.url}/api/schools/${schoolId}/plan?year=${next}`);
    const body = (await saved.json()) as { plan: { document: { goals: { strategies: { title: string; actions: { owner: string }[] }[] }[] } } };
    expect(body.plan.document.goals[0]!.strategies[0]).toMatchObject({ title: 'Daily small-group reading', actions: [{ owner: 'Ms. Lee' }] });

    // The one-page outcomes: the PDF has exactly one page.
    const pdf = await page.request.get(`${demo.server.url}/api/schools/${schoolId}/outcomes/report.pdf?year=${next}`);
    expect(pdf.status()).toBe(200);
    const pages = (await pdf.body()).toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a director sees every partner school in the plans table and filters it by status', async () => {
    const { context, page, errors } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, demo.server.emailOf('network_director'));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Plans' }).click();
    await page.getByRole('heading', { level: 1, name: /^Plans / }).waitFor();
    const rows = page.getByTestId('network-plans').locator('tbody tr');
    // Partner schools only: the demo's comparison schools have no plans with the network.
    const partners = partnerSchools(demo.server.network);
    expect(partners.length).toBeLessThan(demo.server.network.schools.length);
    await expect.poll(() => rows.count()).toBe(partners.length);
    await page.getByText(`Not listed: ${demo.server.network.schools.length - partners.length} schools without a partnership (comparison schools)`).waitFor();
    // Every demo partner school has approved outcomes and a plan for this year.
    const outcomeCells = await rows.locator('td:nth-child(3)').allTextContents();
    expect(outcomeCells.every((t) => t.startsWith('Approved'))).toBe(true);
    // Each demo plan has its check-ins and one revision, last year's plans their reflections too.
    const db = demo.server.database.db;
    const plans = await db.selectFrom('plan').select(['id', 'school_year']).where('school_year', '<=', currentSchoolYear()).execute();
    expect(plans.length).toBe(2 * partners.length);
    for (const plan of plans) {
      const [revisions, checkins, reflections] = await Promise.all([
        db.selectFrom('plan_revision').select('number').where('plan_id', '=', plan.id).execute(),
        db.selectFrom('plan_checkin').select('id').where('plan_id', '=', plan.id).execute(),
        db.selectFrom('goal_reflection').select('goal_id').where('plan_id', '=', plan.id).execute(),
      ]);
      expect(revisions.map((r) => r.number)).toEqual([1]);
      expect(checkins.length).toBeGreaterThan(0);
      if (plan.school_year < currentSchoolYear()) expect(reflections.length).toBeGreaterThan(0);
    }
    const statusOption = page.getByRole('combobox', { name: 'Plan status' });
    const atRisk = (await statusOption.locator('option[value="at_risk"]').textContent())!;
    const expected = Number(/\((\d+)\)/.exec(atRisk)![1]);
    await statusOption.selectOption('at_risk');
    await expect.poll(() => rows.count()).toBe(expected);
    expect(new Set(await rows.locator('td:nth-child(5)').allTextContents())).toEqual(new Set(['At risk']));
    expect(errors).toEqual([]);
    await context.close();
  });
});
