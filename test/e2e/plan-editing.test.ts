// Editing the plan and the outcomes in the browser: unsaved edits survive a refresh and are not lost on leaving
// (by a link, Back or Forward, or the school-year switch),
// a save over someone else's is refused with what they changed, past-due actions are flagged, a reflection names
// its result, approval is confirmed, comments stay after approval, and action fields are readable on a phone.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { planOf, savePlan } from '../../src/db/repositories/plans';
import { currentSchoolYear } from '../../src/domain/school-year';
import type { PlanSnapshot } from '../../src/domain/plan-versions';
import { freshPage, signIn, step, useDemoServerAndBrowser } from '../support/browser';

const demo = useDemoServerAndBrowser();
let school: { id: string; organization_id: string };
let adminId: string;
const year = currentSchoolYear();

beforeAll(async () => {
  const db = demo.server.database.db;
  school = await db.selectFrom('school').select(['id', 'organization_id']).where('name', '=', 'Maple Grove Elementary').executeTakeFirstOrThrow();
  adminId = (await db.selectFrom('person').select('id').where('email', '=', demo.server.emailOf('org_admin')).executeTakeFirstOrThrow()).id;
});

/** The local calendar date some days from today, as the page reads it. */
function dayFromToday(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Someone else saves the plan: the first goal's document is changed by `change`. */
async function saveAsSomeoneElse(change: (doc: PlanSnapshot) => void) {
  const current = await planOf(demo.server.database.db, school.id, year);
  const doc = structuredClone(current.plan!.document);
  change(doc);
  await savePlan(demo.server.database.db, school.organization_id, school.id, year, current.plan!.version, doc, adminId);
}

async function openPlan(page: Page, role: 'school_leader' | 'viewer' = 'school_leader') {
  await signIn(page, demo.server.url, demo.server.emailOf(role));
  await step(page, async () => {
    await page.goto(`${demo.server.url}/schools/${school.id}/plan?year=${year}`);
    await page.getByRole('heading', { level: 1, name: /^Plan / }).waitFor();
  });
}

async function recordCheckin(page: Page, evidence: string) {
  const rows = page.getByTestId('checkins').locator('tbody tr');
  const before = await rows.count();
  await page.getByRole('textbox', { name: 'Evidence' }).fill(evidence);
  await page.getByRole('button', { name: 'Record check-in' }).click();
  await step(page, () => expect.poll(() => rows.count()).toBe(before + 1));
}

describe('editing the plan', () => {
  test('an unsaved edit to a goal survives recording a check-in, leaving asks first, and saving it then works', async () => {
    const { context, page, errors } = await freshPage(demo.browser);
    await openPlan(page);
    const goal = page.getByRole('textbox', { name: 'Goal 1', exact: true });
    await goal.fill('Every third grader reads at grade level');
    await recordCheckin(page, 'Running records');
    expect(await goal.inputValue()).toBe('Every third grader reads at grade level');

    // Following a link inside the app asks first; staying keeps the edit.
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.getByRole('link', { name: '← Maple Grove Elementary' }).click();
    await step(page, () => expect.poll(() => asked).toEqual(['You have unsaved changes. Leave this page and lose them?']));
    expect(new URL(page.url()).pathname).toBe(`/schools/${school.id}/plan`);
    expect(await goal.inputValue()).toBe('Every third grader reads at grade level');

    await page.getByRole('button', { name: 'Save plan' }).click();
    await step(page, () => page.getByRole('button', { name: 'Saved' }).waitFor());
    expect((await planOf(demo.server.database.db, school.id, year)).plan!.document.goals[0]!.title).toBe('Every third grader reads at grade level');
    // Nothing unsaved now: the link leaves without asking.
    await page.getByRole('link', { name: '← Maple Grove Elementary' }).click();
    await page.waitForURL(`${demo.server.url}/schools/${school.id}`);
    expect(asked).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("with an unsaved edit, the browser's Back button and switching the school year ask first, and staying keeps the edit", async () => {
    const { context, page, errors } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, demo.server.emailOf('school_leader'));
    // Arriving from the school page inside the app, as people do, so Back stays inside the app.
    await step(page, async () => {
      await page.goto(`${demo.server.url}/schools/${school.id}`);
      await page.getByRole('link', { name: 'Plan', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: /^Plan / }).waitFor();
    });
    const planPath = `/schools/${school.id}/plan`;
    const goal = page.getByRole('textbox', { name: 'Goal 1', exact: true });
    const edit = 'Every fourth grader writes a full paragraph';
    await goal.fill(edit);
    const asked: string[] = [];
    const answerNext = (leave: boolean) =>
      page.once('dialog', (d) => {
        asked.push(d.message());
        void (leave ? d.accept() : d.dismiss());
      });

    // Back asks first; staying keeps the page and the edit.
    answerNext(false);
    await page.goBack();
    await step(page, () => expect.poll(() => asked).toEqual(['You have unsaved changes. Leave this page and lose them?']));
    await step(page, () => expect.poll(() => new URL(page.url()).pathname).toBe(planPath));
    await page.getByRole('heading', { level: 1, name: /^Plan / }).waitFor();
    expect(await goal.inputValue()).toBe(edit);

    // Another school year would drop the edit too, so the switch asks; staying keeps this year and the edit.
    const yearSwitch = page.getByRole('combobox', { name: 'School year' });
    answerNext(false);
    await yearSwitch.selectOption(String(year + 1));
    await step(page, () => expect.poll(() => asked).toHaveLength(2));
    expect(asked[1]).toBe('You have unsaved changes. Leave this page and lose them?');
    expect(await yearSwitch.inputValue()).toBe(String(year));
    expect(new URL(page.url()).searchParams.get('year')).toBeNull();
    expect(await goal.inputValue()).toBe(edit);

    // Agreeing leaves; coming Forward again finds the saved plan and nothing left to ask about.
    answerNext(true);
    await page.goBack();
    await step(page, () => expect.poll(() => asked).toHaveLength(3));
    await step(page, () => page.getByRole('heading', { level: 1, name: 'Maple Grove Elementary' }).waitFor());
    expect(new URL(page.url()).pathname).toBe(`/schools/${school.id}`);
    await page.goForward();
    await step(page, () => page.getByRole('heading', { level: 1, name: /^Plan / }).waitFor());
    await expect.poll(() => goal.inputValue()).not.toBe(edit);
    expect((await planOf(demo.server.database.db, school.id, year)).plan!.document.goals[0]!.title).not.toBe(edit);
    await page.getByRole('link', { name: '← Maple Grove Elementary' }).click();
    await page.waitForURL(`${demo.server.url}/schools/${school.id}`);
    expect(asked).toHaveLength(3);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('when someone else saves under an unsaved edit, saving it is refused with what they changed instead of overwriting', async () => {
    const { context, page, errors } = await freshPage(demo.browser);
    await openPlan(page);
    const goal = page.getByRole('textbox', { name: 'Goal 1', exact: true });
    await goal.fill('My version of the goal');
    await saveAsSomeoneElse((doc) => (doc.goals[1]!.title = 'Their version of goal 2'));
    // The check-in refreshes the plan; the edit stays and the page says the plan moved underneath it.
    await recordCheckin(page, 'Walkthrough notes');
    expect(await goal.inputValue()).toBe('My version of the goal');
    await page.getByTestId('moved-under').waitFor();

    await page.getByRole('button', { name: 'Save plan' }).click();
    await step(page, () => page.getByRole('alert').filter({ hasText: 'Not saved: someone else changed the plan' }).waitFor());
    expect(await page.getByTestId('plan-changes').textContent()).toContain('Their version of goal 2');
    expect((await planOf(demo.server.database.db, school.id, year)).plan!.document.goals[1]!.title).toBe('Their version of goal 2');
    expect((await planOf(demo.server.database.db, school.id, year)).plan!.document.goals[0]!.title).not.toBe('My version of the goal');
    // Loading their version drops the edit and shows theirs.
    await page.getByRole('button', { name: /^Load their version/ }).click();
    await step(page, async () => expect.poll(() => page.getByRole('textbox', { name: 'Goal 2', exact: true }).inputValue()).toBe('Their version of goal 2'));
    expect(await goal.inputValue()).not.toBe('My version of the goal');
    await page.getByRole('button', { name: 'Saved' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  test('actions past due and not done are flagged Overdue, with a count at the goal, in the editor and the read-only view', async () => {
    const action = (id: string, title: string, dueOn: string, status: string) => ({ id, title, owner: 'Ms. Lee', startOn: null, dueOn, status });
    await saveAsSomeoneElse((doc) => {
      doc.goals[0]!.strategies = [
        {
          id: 's-late',
          title: 'Small-group reading',
          actions: [
            action('a-late', 'Name the focus students', dayFromToday(-3), 'in_progress'),
            action('a-done', 'Train the tutors', dayFromToday(-3), 'done'),
            action('a-today', 'Set up the groups', dayFromToday(0), 'not_started'),
            action('a-blocked', 'Order the books', dayFromToday(-1), 'blocked'),
          ],
        },
      ];
    });
    for (const role of ['school_leader', 'viewer'] as const) {
      const { context, page, errors } = await freshPage(demo.browser);
      await openPlan(page, role);
      const goal = page.getByTestId('goal').first();
      const rows = goal.getByTestId('actions').locator('tbody tr');
      await step(page, () => expect.poll(() => rows.count()).toBe(4));
      const flagged = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('[data-testid="overdue"]')?.textContent ?? ''));
      expect(flagged, role).toEqual(['Overdue', '', '', 'Overdue']);
      expect(await goal.getByTestId('overdue-count').textContent()).toBe('2 actions overdue');
      expect(errors).toEqual([]);
      await context.close();
    }
  });

  test('the end-of-year reflection starts with no result, and saving it without one says so', async () => {
    const { context, page, errors } = await freshPage(demo.browser);
    await openPlan(page);
    const goal = page.getByTestId('goal').nth(2);
    const result = goal.getByRole('combobox', { name: 'Result' });
    expect(await result.inputValue()).toBe('');
    await goal.getByRole('button', { name: 'Save reflection' }).click();
    await goal.getByRole('alert').filter({ hasText: 'Choose whether goal 3 was met, partly met or not met.' }).waitFor();
    expect(await result.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await result.getAttribute('aria-describedby')}`).textContent()).toBe('Choose whether goal 3 was met, partly met or not met.');
    const goalId = (await planOf(demo.server.database.db, school.id, year)).plan!.document.goals[2]!.id;
    const reflectionOf = async (goalId: string) => (await planOf(demo.server.database.db, school.id, year)).reflections.find((r) => r.goal_id === goalId);
    expect(await reflectionOf(goalId)).toBeUndefined();

    await result.selectOption({ label: 'Not met' });
    expect(await goal.getByRole('alert').count()).toBe(0);
    await goal.getByRole('textbox', { name: 'What we learned' }).fill('Tutoring started late');
    await goal.getByRole('button', { name: 'Save reflection' }).click();
    await step(page, () => goal.getByText('Saved: Not met.').waitFor());
    expect(await reflectionOf(goalId)).toMatchObject({ result: 'not_met', learned: 'Tutoring started late' });
    expect(errors).toEqual([]);
    await context.close();
  });

  test('action and owner fields are wide enough to read at desktop width, and stack without sideways scrolling on a phone', async () => {
    for (const [width, actionAtLeast, ownerAtLeast] of [
      [1280, 240, 170],
      [390, 300, 300],
    ] as const) {
      const { context, page, errors } = await freshPage(demo.browser, { width, height: 900 });
      await openPlan(page);
      const title = page.getByRole('textbox', { name: 'Title of action 1 of strategy 1' }).first();
      const owner = page.getByRole('textbox', { name: 'Owner of action 1 of strategy 1' }).first();
      await title.waitFor();
      expect((await title.boundingBox())!.width, `action at ${width}px`).toBeGreaterThanOrEqual(actionAtLeast);
      expect((await owner.boundingBox())!.width, `owner at ${width}px`).toBeGreaterThanOrEqual(ownerAtLeast);
      // A long action wraps onto more lines instead of being cut off.
      const long = 'Meet each focus student weekly to read aloud, record the running record and plan the next small-group lesson';
      const oneLine = (await title.boundingBox())!.height;
      await title.fill(long);
      await expect.poll(async () => (await title.boundingBox())!.height).toBeGreaterThan(oneLine);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `page width at ${width}px`).toBeLessThanOrEqual(width);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});

describe('shaping the outcomes', () => {
  test('an unsaved outcome survives a comment, approval asks first, and comments stay visible after approval', async () => {
    const next = year + 1;
    const { context, page, errors } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, demo.server.emailOf('school_leader'));
    await step(page, async () => {
      await page.goto(`${demo.server.url}/schools/${school.id}/outcomes?year=${next}`);
      await page.getByRole('heading', { level: 1, name: /^Annual outcomes / }).waitFor();
    });
    const proposals = page.getByTestId('candidate');
    const outcomes = page.getByTestId('outcome');
    await expect.poll(() => proposals.count()).toBeGreaterThanOrEqual(4);
    for (let i = 0; i < 3; i++)
      await proposals
        .nth(i)
        .getByRole('button', { name: /^Add: / })
        .click();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await step(page, () => page.getByRole('button', { name: 'Saved' }).waitFor());

    // A fourth outcome, not saved yet, survives adding a comment (which refreshes the outcomes).
    await proposals
      .nth(3)
      .getByRole('button', { name: /^Add: / })
      .click();
    await expect.poll(() => outcomes.count()).toBe(4);
    await page.getByRole('textbox', { name: 'Comment' }).fill('Can we keep math in view too?');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await step(page, () => page.getByText('Can we keep math in view too?').waitFor());
    await page.getByRole('combobox', { name: 'About' }).selectOption({ index: 1 });
    await page.getByRole('textbox', { name: 'Comment' }).fill('This one matters most.');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await step(page, () => outcomes.first().getByText('This one matters most.').waitFor());
    expect(await outcomes.count()).toBe(4);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await step(page, () => page.getByRole('button', { name: 'Saved' }).waitFor());

    // Approving asks first and says what locking means; cancelling leaves the draft as it was.
    await page.getByRole('button', { name: 'Approve and lock' }).click();
    const dialog = page.getByRole('dialog', { name: /^Approve and lock the outcomes for / });
    await dialog.waitFor();
    const said = (await dialog.textContent())!;
    expect(said).toContain('can no longer be changed');
    expect(said).toContain('Only an organization admin can reopen them.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(
      (
        await demo.server.database.db
          .selectFrom('outcome_set')
          .select('status')
          .where('school_id', '=', school.id)
          .where('school_year', '=', next)
          .executeTakeFirstOrThrow()
      ).status,
    ).toBe('draft');
    await page.getByRole('button', { name: 'Approve and lock' }).click();
    await dialog.getByRole('button', { name: 'Approve and lock' }).click();
    await step(page, () => page.getByText(/Approved by .*: locked for the year/).waitFor());

    // The comments made on the draft are still there, read-only.
    await page.getByRole('heading', { name: 'Comments', exact: true }).waitFor();
    await page.getByText('Can we keep math in view too?').waitFor();
    await outcomes.first().getByText('This one matters most.').waitFor();
    expect(await page.getByRole('button', { name: 'Add comment' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
