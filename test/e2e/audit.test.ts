// The audit log in the browser: an org admin filters the history by school and kind of change, reads a plan
// change as "Goal 1 › Strategy 1 › Action 1: due date before → after", and the filters stay in the address.
import { beforeAll, describe, expect, test } from 'vitest';
import { updateSchool } from '../../src/db/repositories/network';
import { savePlan } from '../../src/db/repositories/plans';
import { addDays } from '../../src/domain/dates';
import type { PlanSnapshot } from '../../src/domain/plan-versions';
import { freshPage, signIn, step, useDemoServerAndBrowser } from '../support/browser';

const demo = useDemoServerAndBrowser();
let schoolId: string;
let expected: string;

beforeAll(async () => {
  const db = demo.server.database.db;
  const org = await db.selectFrom('organization').select('id').where('slug', '=', 'demo').executeTakeFirstOrThrow();
  const admin = await db.selectFrom('person').select('id').where('email', '=', demo.server.emailOf('org_admin')).executeTakeFirstOrThrow();
  schoolId = (await db.selectFrom('school').select('id').where('name', '=', 'Maple Grove Elementary').executeTakeFirstOrThrow()).id;
  // Two changes by the admin: a due date moved in Maple Grove's plan, and another school's enrollment.
  const plan = await db
    .selectFrom('plan')
    .select(['school_year', 'version', 'document'])
    .where('school_id', '=', schoolId)
    .orderBy('school_year', 'desc')
    .executeTakeFirstOrThrow();
  const doc = structuredClone(plan.document) as PlanSnapshot;
  const gi = doc.goals.findIndex((g) => g.strategies.some((s) => s.actions.some((a) => a.dueOn)));
  const si = doc.goals[gi]!.strategies.findIndex((s) => s.actions.some((a) => a.dueOn));
  const ai = doc.goals[gi]!.strategies[si]!.actions.findIndex((a) => a.dueOn);
  const action = doc.goals[gi]!.strategies[si]!.actions[ai]!;
  const before = action.dueOn!;
  action.dueOn = addDays(before, 14);
  expected = `Goal ${gi + 1} › Strategy ${si + 1} › Action ${ai + 1}: due date ${before} → ${action.dueOn}`;
  await savePlan(db, org.id, schoolId, plan.school_year, plan.version, doc, admin.id);
  const other = await db
    .selectFrom('school')
    .select(['id', 'version', 'enrollment'])
    .where('organization_id', '=', org.id)
    .where('id', '!=', schoolId)
    .executeTakeFirstOrThrow();
  await updateSchool(db, other.id, other.version, { enrollment: (other.enrollment ?? 300) + 5 }, admin.id);
});

describe('audit log', () => {
  test('an org admin filters the history by school and kind and reads a plan change field by field', async () => {
    const { context, page, errors } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, demo.server.emailOf('org_admin'));
    await step(page, async () => {
      await page.getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
      await page.getByTestId('audit-entry').first().waitFor();
    });
    // Both changes are there before filtering.
    const rows = page.getByTestId('audit-entry');
    expect(await rows.count()).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.getByTestId('audit-range').textContent()).toMatch(/^Showing 1–\d+ of \d+ changes$/);

    await step(page, async () => {
      await page.getByRole('combobox', { name: 'School' }).selectOption({ label: 'Maple Grove Elementary' });
      await page.getByRole('combobox', { name: 'Kind of change' }).selectOption({ label: 'Plans' });
      await page.getByRole('button', { name: 'Show', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'History of Maple Grove Elementary' }).waitFor();
      await expect.poll(() => rows.count()).toBe(1);
    });
    expect(new URL(page.url()).searchParams.get('school')).toBe(schoolId);
    expect(new URL(page.url()).searchParams.get('kind')).toBe('plan');
    const entry = rows.first();
    expect(await entry.getByRole('link').first().textContent()).toMatch(/^Plan \d{4}-\d{2}, Maple Grove Elementary$/);
    expect(await entry.getByRole('listitem').allTextContents()).toEqual([expected]);
    expect(await entry.textContent()).toContain('changed');
    // The raw record is there for admins, folded away until asked for.
    const record = entry.locator('details');
    expect(await record.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await record.locator('summary').click();
    expect(await record.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);

    // The filters live in the address: a reload shows the same history.
    await page.reload();
    await step(page, () => page.getByRole('heading', { level: 1, name: 'History of Maple Grove Elementary' }).waitFor());
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByRole('combobox', { name: 'Kind of change' }).inputValue()).toBe('plan');

    // An end before the start is refused in words, and the list is not asked for.
    await page.getByLabel('From', { exact: true }).fill('2026-03-10');
    await page.getByLabel('To', { exact: true }).fill('2026-03-01');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await step(page, () => page.getByText('“To” is before “From”').waitFor());
    expect(new URL(page.url()).searchParams.get('from')).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });
});
