// Reviews in the browser: create one, rate with evidence, finalize, see it on the heatmap; a stale rating shows the other person's level; reviewers are changed on an open review.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { createReview, setReviewers } from '../../src/db/repositories/reviews';
import { partnerSchools } from '../../src/domain/demo';
import type { Framework } from '../../src/domain/framework';
import { yearLabel } from '../../web/src/plan-format';
import { medianLevel } from '../../web/src/review-format';
import { freshPage, signIn, step, useDemoServerAndBrowser } from '../support/browser';

const demo = useDemoServerAndBrowser();
let school: { id: string; name: string; organization_id: string };
let framework: { id: string; document: Framework };
let coachEmail: string;
let coachName: string;

beforeAll(async () => {
  const db = demo.server.database.db;
  // A school leader's own school, and a coach who works at the same school.
  const leader = await db.selectFrom('person').select('id').where('email', '=', demo.server.emailOf('school_leader')).executeTakeFirstOrThrow();
  const membership = await db
    .selectFrom('membership')
    .select('scope_id')
    .where('person_id', '=', leader.id)
    .where('role', '=', 'school_leader')
    .where('scope_kind', '=', 'school')
    .executeTakeFirstOrThrow();
  school = await db.selectFrom('school').select(['id', 'name', 'organization_id']).where('id', '=', membership.scope_id).executeTakeFirstOrThrow();
  const coach = await db
    .selectFrom('membership')
    .innerJoin('person', 'person.id', 'membership.person_id')
    .select(['person.email', 'person.name'])
    .where('membership.role', '=', 'coach')
    .where('membership.scope_kind', '=', 'school')
    .where('membership.scope_id', '=', school.id)
    .executeTakeFirstOrThrow();
  coachEmail = coach.email;
  coachName = coach.name;
  const row = await db
    .selectFrom('framework')
    .select(['id', 'document'])
    .where('key', '=', 'school-transformation')
    .where('status', '=', 'published')
    .orderBy('version', 'desc')
    .executeTakeFirstOrThrow();
  framework = row as unknown as typeof framework;
}, 120_000);

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const labelOf = (level: number) => framework.document.levels.find((l) => l.value === level)!.label;
/** A level card, named by its level's label and descriptor. */
const card = (page: Page, level: number) => page.getByRole('radio', { name: new RegExp(`^${escape(labelOf(level))}\\b`) });
const saved = (page: Page) =>
  page
    .getByRole('status')
    .filter({ hasText: /^Saved$/ })
    .waitFor();

/** Picks a level by clicking its card, as a person would. */
async function pickLevel(page: Page, level: number) {
  await page
    .locator('label.level-card')
    .filter({ has: card(page, level) })
    .click();
  await saved(page);
}

describe('reviews', () => {
  test('a school leader creates a review naming its coach as reviewer and self-rates; the coach rates with evidence and finalizes it as partial; it shows on the heatmap', async () => {
    const { context, page, errors } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, demo.server.emailOf('school_leader'));
    await page.goto(`${demo.server.url}/schools/${school.id}`);
    await page.getByRole('heading', { level: 1, name: school.name }).waitFor();

    const title = 'Support review, November';
    await page.getByRole('button', { name: 'New review' }).click();
    await page.getByRole('combobox', { name: 'Framework' }).selectOption(framework.id);
    await page.getByRole('combobox', { name: 'Type' }).selectOption('support_review');
    await page.getByRole('textbox', { name: 'Title' }).fill(title);
    await page.getByLabel('Start date').fill('2026-11-03');
    await page.getByLabel('End date').fill('2026-11-03');
    await page.getByRole('textbox', { name: 'Participant 1 name' }).fill('Devon Khan');
    await page.getByRole('textbox', { name: 'Participant 1 role' }).fill('Principal');
    await page.getByRole('combobox', { name: 'Reviewers' }).fill(coachName);
    await page.getByRole('option', { name: new RegExp(`^${escape(coachName)}`) }).click();
    await page.getByRole('button', { name: 'Create review' }).click();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const reviewId = new URL(page.url()).pathname.split('/').pop()!;
    expect(await page.getByTestId('reviewers').textContent()).toContain(`Reviewers: ${coachName}.`);

    // The school gives its self rating only: no external or consensus tab, and no finalizing.
    const indicators = framework.document.domains.flatMap((d) => d.indicators).slice(0, 3);
    const plan = [
      { self: 3, external: 2, consensus: 2 },
      { self: 2, external: 2, consensus: 2 },
      { self: 4, external: 3, consensus: 3 },
    ];
    expect(await page.getByRole('tab').allTextContents()).toEqual([expect.stringMatching(/^Self/)]);
    expect(await page.getByRole('button', { name: 'Finalize', exact: true }).count()).toBe(0);
    for (const [i, indicator] of indicators.entries()) {
      if (i > 0)
        await page
          .getByRole('navigation', { name: 'Indicators' })
          .getByRole('button', { name: new RegExp(escape(indicator.name)) })
          .click();
      await page.getByRole('heading', { level: 2, name: indicator.name }).waitFor();
      await pickLevel(page, plan[i]!.self);
    }
    await context.close();

    // The coach, a reviewer, gives the external and consensus ratings.
    const coachPage = await freshPage(demo.browser);
    await signIn(coachPage.page, demo.server.url, coachEmail);
    await coachPage.page.goto(`${demo.server.url}/reviews/${reviewId}`);
    await coachPage.page.getByRole('heading', { level: 1, name: title }).waitFor();
    await reviewAsCoach(coachPage.page, reviewId, title, indicators, plan);
    expect(errors).toEqual([]);
    expect(coachPage.errors).toEqual([]);
    await coachPage.context.close();
  }, 120_000);

  async function reviewAsCoach(
    page: Page,
    reviewId: string,
    title: string,
    indicators: Framework['domains'][number]['indicators'],
    plan: { self: number; external: number; consensus: number }[],
  ) {
    for (const [i, indicator] of indicators.entries()) {
      const levels = plan[i]!;
      if (i > 0)
        await page
          .getByRole('navigation', { name: 'Indicators' })
          .getByRole('button', { name: new RegExp(escape(indicator.name)) })
          .click();
      await page.getByRole('heading', { level: 2, name: indicator.name }).waitFor();

      await page.getByRole('tab', { name: /^External/ }).click();
      await pickLevel(page, levels.external);
      const check = page.getByTestId('validation');
      expect(await check.textContent()).toContain(levels.self === levels.external ? 'Validates the self rating' : 'Challenges the self rating');
      if (i === 0) {
        await page.getByRole('combobox', { name: 'Evidence kind' }).selectOption('classroom_observation');
        await page.getByRole('textbox', { name: 'What it shows' }).fill('Four of six classrooms posted the priorities.');
        await page.getByRole('button', { name: 'Add evidence' }).click();
        await page
          .getByRole('list', { name: /^Evidence for/ })
          .getByText('Four of six classrooms posted the priorities.')
          .waitFor();
      }

      await page.getByRole('tab', { name: /^Consensus/ }).click();
      expect(await page.getByTestId('suggestion').textContent()).toContain(`Suggested: ${levels.external} ${labelOf(levels.external)}`);
      if (i === 2) {
        // Number keys choose a level, for a team rating together at one screen.
        await card(page, 1).focus();
        await page.keyboard.press(String(levels.consensus));
        await saved(page);
        expect(await card(page, levels.consensus).isChecked()).toBe(true);
      } else {
        await pickLevel(page, levels.consensus);
      }
    }
    await expect.poll(() => page.getByTestId('progress').textContent()).toMatch(/^3 of \d+ indicators rated$/);

    // Three of the framework's indicators rated: it is finalized only as partial, with a reason.
    await page.getByRole('button', { name: 'Finalize', exact: true }).click();
    const dialog = page.getByRole('dialog');
    const total = framework.document.domains.flatMap((d) => d.indicators).length;
    expect(await dialog.getByTestId('finalize-count').textContent()).toBe(`3 of ${total} indicators rated with an external or consensus level.`);
    expect(await dialog.getByRole('button', { name: 'Finalize as partial' }).isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Why finalize it as partial' }).fill('The November visit looked at three systems only.');
    await dialog.getByRole('button', { name: 'Finalize as partial' }).click();
    await page.getByText('This review is finalized').waitFor();
    await page.getByText('Finalized as partial, with 3 of').waitFor();
    expect(await card(page, plan[2]!.consensus).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Finalize', exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Add evidence' }).count()).toBe(0);

    const stored = await demo.server.database.db.selectFrom('rating').select(['indicator_key', 'source', 'level']).where('review_id', '=', reviewId).execute();
    expect(stored).toHaveLength(9);
    const evidence = await demo.server.database.db
      .selectFrom('evidence')
      .innerJoin('rating', 'rating.id', 'evidence.rating_id')
      .select(['rating.source', 'evidence.kind'])
      .where('rating.review_id', '=', reviewId)
      .execute();
    expect(evidence).toEqual([{ source: 'external', kind: 'classroom_observation' }]);

    await page.goto(`${demo.server.url}/schools/${school.id}/heatmap`);
    await page.getByRole('heading', { level: 1, name: `${school.name}: ratings over time` }).waitFor();
    const table = await page.getByRole('table').evaluate((t: HTMLTableElement) => ({
      columns: [...t.tHead!.rows[0]!.cells].map((c) => c.querySelector('a')?.textContent ?? c.textContent ?? ''),
      rows: [...t.tBodies]
        .flatMap((b) => [...b.rows])
        .filter((r) => r.cells.length > 1)
        .map((r) => [...r.cells].map((c) => c.textContent ?? '')),
    }));
    const column = table.columns.indexOf(title);
    expect(column).toBeGreaterThan(0);
    for (const [i, indicator] of indicators.entries()) {
      const row = table.rows.find((r) => r[0] === indicator.name || r[0]!.startsWith(`${indicator.name} ·`));
      expect(row?.[column]).toBe(String(plan[i]!.consensus));
    }
    // An indicator this review did not rate shows a dash.
    const unrated = framework.document.domains.flatMap((d) => d.indicators)[3]!;
    expect(table.rows.find((r) => r[0]!.startsWith(unrated.name))?.[column]).toBe('—');
    expect(await page.getByText('— not rated').isVisible()).toBe(true);
    const row = await demo.server.database.db.selectFrom('review').select(['partial', 'partial_reason']).where('id', '=', reviewId).executeTakeFirstOrThrow();
    expect(row).toEqual({ partial: true, partial_reason: 'The November visit looked at three systems only.' });
  }

  test('a school leader sees only the self tab on her school’s transformation review, and the server refuses her an external rating', async () => {
    const review = await createReview(
      demo.server.database.db,
      school.organization_id,
      {
        schoolId: school.id,
        frameworkId: framework.id,
        type: 'transformation_spring',
        title: 'Spring follow-up, tabs check',
        schoolYear: 2026,
        startsOn: '2027-04-13',
        endsOn: '2027-04-13',
        participants: [],
        focusIndicators: [],
      },
      null,
    );
    const { context, page, errors } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, demo.server.emailOf('school_leader'));
    await page.goto(`${demo.server.url}/reviews/${review.id}`);
    await page.getByRole('heading', { level: 1, name: 'Spring follow-up, tabs check' }).waitFor();
    await card(page, 1).waitFor();
    expect(await page.getByRole('tablist', { name: 'Who is rating' }).getByRole('tab').allTextContents()).toEqual([expect.stringMatching(/^Self/)]);
    expect(await page.getByText(/Validates the self rating/).count()).toBe(0);

    // Sent by hand, as a program would, the external rating is refused with a sentence.
    const indicatorKey = framework.document.domains[0]!.indicators[0]!.key;
    const answer = await page.evaluate(
      async ({ id, key }) => {
        const { csrfToken } = await (await fetch('/api/session')).json();
        const res = await fetch(`/api/reviews/${id}/ratings`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken },
          body: JSON.stringify({ indicatorKey: key, source: 'external', level: 4, version: null }),
        });
        return { status: res.status, body: await res.json() };
      },
      { id: review.id, key: indicatorKey },
    );
    expect(answer.status).toBe(403);
    expect(answer.body.message).toMatch(/^Only the review's reviewers give the external rating: /);
    expect(await demo.server.database.db.selectFrom('rating').select('id').where('review_id', '=', review.id).execute()).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  test('two people rate the same indicator; the second sees the conflict and the first one’s level', async () => {
    const review = await createReview(
      demo.server.database.db,
      school.organization_id,
      {
        schoolId: school.id,
        frameworkId: framework.id,
        type: 'self_assessment',
        title: 'Self-assessment, conflict check',
        schoolYear: 2026,
        startsOn: '2026-11-10',
        endsOn: '2026-11-10',
        participants: [],
        focusIndicators: [],
      },
      null,
    );
    const first = await freshPage(demo.browser);
    const second = await freshPage(demo.browser);
    await signIn(first.page, demo.server.url, coachEmail);
    await signIn(second.page, demo.server.url, demo.server.emailOf('school_leader'));
    for (const { page } of [first, second]) {
      await page.goto(`${demo.server.url}/reviews/${review.id}`);
      await page.getByRole('heading', { level: 1, name: 'Self-assessment, conflict check' }).waitFor();
      await card(page, 1).waitFor();
    }

    await pickLevel(first.page, 3);

    // The second person still sees no rating, so their save names no version and is refused.
    await second.page
      .locator('label.level-card')
      .filter({ has: card(second.page, 1) })
      .click();
    const conflict = second.page.getByRole('alert').filter({ hasText: 'Someone else changed this rating' });
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain(`They saved 3 ${labelOf(3)}`);
    expect(await conflict.textContent()).toContain('Make your change again if it still applies');
    await expect.poll(() => card(second.page, 3).isChecked()).toBe(true);
    expect(await card(second.page, 1).isChecked()).toBe(false);

    const stored = await demo.server.database.db.selectFrom('rating').select(['level', 'version']).where('review_id', '=', review.id).execute();
    expect(stored).toEqual([{ level: 3, version: 1 }]);

    // Making the change again now succeeds, on top of the first person's version.
    await pickLevel(second.page, 1);
    const after = await demo.server.database.db.selectFrom('rating').select(['level', 'version']).where('review_id', '=', review.id).execute();
    expect(after).toEqual([{ level: 1, version: 2 }]);

    expect([...first.errors, ...second.errors]).toEqual([]);
    await Promise.all([first.context.close(), second.context.close()]);
  }, 120_000);

  test("a network director reads the network heatmap: each partner school's latest review of a year, the median, one district at a time", async () => {
    const { context, page, errors } = await freshPage(demo.browser, { width: 1280, height: 800 });
    await signIn(page, demo.server.url, demo.server.emailOf('network_director'));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Heatmap' }).click();
    await page.getByRole('heading', { level: 1, name: 'Review heatmap' }).waitFor();
    const table = page.getByTestId('network-heatmap');
    // A column per partner school after the indicator and the median: the comparison schools have no reviews.
    const partners = partnerSchools(demo.server.network);
    await expect.poll(() => table.locator('thead th').count()).toBe(partners.length + 2);

    // A school other than the one the other tests here review, read against its stored reviews.
    const name = partners.find((s) => s.name !== school.name && s.districtKey === 'cedar')!.name;
    const db = demo.server.database.db;
    const reviews = await db
      .selectFrom('review')
      .innerJoin('school', 'school.id', 'review.school_id')
      .select(['review.id', 'review.school_year', 'review.starts_on', 'review.levels'])
      .where('school.name', '=', name)
      .where('review.framework_id', '=', framework.id)
      .orderBy('review.starts_on', 'desc')
      .orderBy('review.id', 'desc')
      .execute();
    const years = [...new Set(reviews.map((r) => r.school_year))].sort();
    expect(years.length).toBe(2);
    const indicators = framework.document.domains.flatMap((d) => d.indicators).slice(0, 6);
    const row = (indicatorName: string) =>
      table.locator('tbody tr').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${escape(indicatorName)}`) }) });
    const expectYear = async (year: number) => {
      const latest = reviews.find((r) => r.school_year === year)!;
      for (const ind of indicators) {
        const level = (latest.levels as Record<string, number>)[ind.key] ?? null;
        // Polled: a new choice of year or district redraws the table after the address changes.
        await expect
          .poll(async () => ((await row(ind.name).locator(`td[title^="${name}: "]`).textContent()) ?? '').trim(), { message: ind.key })
          .toBe(level === null ? '—' : String(level));
      }
      // The median is over the cells beside it.
      const cells = (await row(indicators[0]!.name).locator('td').allTextContents()).map((t) => (t.trim() === '—' ? null : Number(t)));
      expect(cells[0]).toBe(medianLevel(cells.slice(1)));
      return latest;
    };
    await expectYear(years[1]!);
    // It prints on landscape pages, every column on the page.
    const pdf = (await page.pdf({ format: 'Letter', printBackground: true })).toString('latin1');
    const boxes = pdf.match(/\/MediaBox\s*\[[^\]]*\]/g) ?? [];
    expect(boxes.length).toBeGreaterThan(0);
    expect(new Set(boxes.map((b) => b.replace(/\s+/g, ' ')))).toEqual(new Set(['/MediaBox [0 0 792 612]']));
    await page.setViewportSize({ width: 980, height: 700 }); // a landscape Letter page inside its margins
    await page.emulateMedia({ media: 'print' });
    expect(await table.evaluate((t) => t.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 800 });

    // Last year, then one district: the choices stay in the address.
    await page.getByLabel('School year').selectOption(String(years[0]));
    await page
      .getByTestId('heatmap-count')
      .filter({ hasText: `reviewed in ${yearLabel(years[0]!)}` })
      .waitFor();
    const lastYear = await expectYear(years[0]!);
    await page.getByLabel('District').selectOption('Cedar Valley Union School District');
    await expect.poll(() => table.locator('thead th').count()).toBe(partners.filter((s) => s.districtKey === 'cedar').length + 2);
    expect(new URL(page.url()).searchParams.get('year')).toBe(String(years[0]));
    await expectYear(years[0]!);

    // A school's name opens the review the column shows.
    await table.getByRole('link', { name }).click();
    await page.waitForURL(`**/reviews/${lastYear.id}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a network director names reviewers on an open review: the school’s own leader is refused with a sentence, a change made meanwhile is shown, not overwritten, and the list holds after a reload', async () => {
    const db = demo.server.database.db;
    const title = 'Fall baseline, reviewers check';
    const review = await createReview(
      db,
      school.organization_id,
      {
        schoolId: school.id,
        frameworkId: framework.id,
        type: 'transformation_fall',
        title,
        schoolYear: 2027,
        startsOn: '2027-10-05',
        endsOn: '2027-10-05',
        participants: [],
        focusIndicators: [],
      },
      null,
    );
    const leader = await db.selectFrom('person').select(['id', 'name']).where('email', '=', demo.server.emailOf('school_leader')).executeTakeFirstOrThrow();
    const admin = await db.selectFrom('person').select('id').where('email', '=', demo.server.emailOf('org_admin')).executeTakeFirstOrThrow();
    const coach = await db.selectFrom('person').select('id').where('email', '=', coachEmail).executeTakeFirstOrThrow();
    // A coach who works at another school only: anyone outside the school's own staff may review it.
    const ownStaff = db.selectFrom('membership').select('person_id').where('scope_id', '=', school.id);
    const outsider = await db
      .selectFrom('membership')
      .innerJoin('person', 'person.id', 'membership.person_id')
      .select(['person.id', 'person.name'])
      .where('membership.role', '=', 'coach')
      .where('membership.scope_kind', '=', 'school')
      .where('person.id', 'not in', ownStaff)
      .where('person.name', '!=', coachName)
      .orderBy('person.name')
      .executeTakeFirstOrThrow();

    const { context, page, errors } = await freshPage(demo.browser);
    await signIn(page, demo.server.url, demo.server.emailOf('network_director'));
    await page.goto(`${demo.server.url}/reviews/${review.id}`);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    const reviewers = page.getByTestId('reviewers');
    expect(await reviewers.textContent()).toMatch(/^No reviewers named\./);
    const form = page.getByRole('form', { name: 'Change reviewers' });
    const choose = async (name: string) => {
      await form.getByRole('combobox', { name: 'Reviewers' }).fill(name);
      await page.getByRole('option', { name: new RegExp(`^${escape(name)}`) }).click();
    };

    // The school's own leader gives its self rating: the server's sentence is shown and nothing is saved.
    await step(page, async () => {
      await page.getByRole('button', { name: 'Change reviewers' }).click();
      await choose(leader.name);
      await form.getByRole('button', { name: 'Save reviewers' }).click();
      await form
        .getByRole('alert')
        .filter({ hasText: `${leader.name} works at ${school.name} and gives its self rating, so cannot be one of its reviewers.` })
        .waitFor();
    });
    await form.getByRole('button', { name: 'Cancel' }).click();
    expect(await db.selectFrom('review_reviewer').select('person_id').where('review_id', '=', review.id).execute()).toEqual([]);

    // Someone else names the school's coach while the director is choosing: her save is refused and shows theirs.
    await page.getByRole('button', { name: 'Change reviewers' }).click();
    await choose(outsider.name);
    await setReviewers(db, school.organization_id, review.id, review.version, [coach.id], admin.id);
    await form.getByRole('button', { name: 'Save reviewers' }).click();
    const stale = form.getByRole('alert').filter({ hasText: 'Someone else changed this review' });
    await stale.waitFor();
    expect(await stale.textContent()).toContain(`Its reviewers are now: ${coachName}.`);
    expect(await db.selectFrom('review_reviewer').select('person_id').where('review_id', '=', review.id).execute()).toEqual([{ person_id: coach.id }]);

    // Reloaded, she starts from their version and adds hers.
    await step(page, async () => {
      await stale.getByRole('button', { name: 'Reload the latest version' }).click();
      await page.getByText(`Reviewers: ${coachName}.`).waitFor();
      await expect.poll(() => stale.count()).toBe(0);
      await choose(outsider.name);
      await form.getByRole('button', { name: 'Save reviewers' }).click();
      await page.getByRole('status').filter({ hasText: 'Reviewers saved.' }).waitFor();
    });
    const both = `Reviewers: ${[coachName, outsider.name].sort((a, b) => a.localeCompare(b)).join(', ')}.`;
    expect(await reviewers.textContent()).toContain(both);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await page.getByTestId('reviewers').textContent()).toContain(both);
    expect(await page.getByRole('button', { name: 'Change reviewers' }).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
