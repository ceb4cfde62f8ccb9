import { describe, expect, it } from 'vitest';
import { actionWords, changeLines, describeEntry, objectWords } from './audit-changes';
import type { PlanSnapshot } from './plan-versions';

const action = (id: string, title: string, dueOn: string | null, status = 'not_started') => ({ id, title, owner: 'Ms. Lee', startOn: null, dueOn, status });

function plan(dueOn: string | null, status = 'not_started'): PlanSnapshot {
  return {
    goals: [
      { id: 'g1', title: 'Reading', outcomeId: null, target: null, targetDate: '2027-06-15', strategies: [] },
      {
        id: 'g2',
        title: 'Math',
        outcomeId: null,
        target: null,
        targetDate: '2027-06-15',
        strategies: [
          {
            id: 's1',
            title: 'Number talks',
            actions: [action('a1', 'Plan talks', null), action('a2', 'Train staff', null), action('a3', 'Observe', dueOn, status)],
          },
        ],
      },
    ],
  };
}

describe('plan changes', () => {
  it('numbers a nested change from 1 as the plan page does, with the field named as on screen', () => {
    const lines = changeLines({
      action: 'plan.update',
      objectKind: 'plan',
      objectId: 'p',
      before: plan('2026-10-01'),
      after: plan('2026-10-15', 'in_progress'),
    });
    expect(lines.map((l) => l.text)).toEqual([
      'Goal 2 › Strategy 1 › Action 3: due date 2026-10-01 → 2026-10-15',
      'Goal 2 › Strategy 1 › Action 3: status not started → in progress',
    ]);
    expect(lines[0]).toMatchObject({ where: 'Goal 2 › Strategy 1 › Action 3', field: 'due date', before: '2026-10-01', after: '2026-10-15' });
  });

  it('says what was added and removed by its title', () => {
    const after = plan('2026-10-01');
    after.goals[1]!.strategies[0]!.actions.splice(0, 1);
    after.goals[0]!.strategies.push({ id: 's9', title: 'Daily small groups', actions: [] });
    const texts = changeLines({ action: 'plan.update', objectKind: 'plan', objectId: 'p', before: plan('2026-10-01'), after }).map((l) => l.text);
    expect(texts).toContain('Goal 1 › Strategy 1: added “Daily small groups”');
    expect(texts).toContain('Goal 2 › Strategy 1 › Action 1: removed “Plan talks”');
    expect(texts).toContain('Goal 2 › Strategy 1 › Action 1: position 2 → 1');
  });

  it('lists the goals a new plan starts with', () => {
    const texts = changeLines({ action: 'plan.create', objectKind: 'plan', objectId: 'p', before: null, after: plan(null) }).map((l) => l.text);
    expect(texts).toEqual([
      'Goal 1: added “Reading”',
      'Goal 2: added “Math”',
      'Goal 2 › Strategy 1: added “Number talks”',
      'Goal 2 › Strategy 1 › Action 1: added “Plan talks”',
      'Goal 2 › Strategy 1 › Action 2: added “Train staff”',
      'Goal 2 › Strategy 1 › Action 3: added “Observe”',
    ]);
  });

  it('numbers the goal of a check-in from the plan as it is now', () => {
    const [l] = changeLines(
      {
        action: 'plan.checkin',
        objectKind: 'plan',
        objectId: 'p',
        before: null,
        after: { goalId: 'g2', status: 'at_risk', checkedOn: '2026-01-10', evidence: 'Walkthrough', notes: '' },
      },
      { goals: [{ id: 'g1' }, { id: 'g2' }] },
    );
    expect(l!.text).toBe('Goal 2: check-in at risk on 2026-01-10, evidence: Walkthrough');
  });
});

describe('field changes', () => {
  it('shows only the fields that changed, named as on screen, and never ids, versions or secrets', () => {
    const before = { id: 's', name: 'Maple Grove', enrollment: 520, city: 'Riverbend', version: 1, password_hash: 'x' };
    const after = { ...before, enrollment: 540, version: 2 };
    expect(changeLines({ action: 'school.update', objectKind: 'school', objectId: 's', before, after }).map((l) => l.text)).toEqual(['Enrollment: 520 → 540']);
  });

  it('shows a new object by the fields it was made with, without a before', () => {
    const lines = changeLines({
      action: 'person.create',
      objectKind: 'person',
      objectId: 'p',
      before: null,
      after: { id: 'p', name: 'Ada Diaz', email: 'ada@x.test', title: null, is_active: true },
    });
    expect(lines.map((l) => l.text)).toEqual(['Name: Ada Diaz', 'Email: ada@x.test', 'Active: yes']);
    expect(lines.every((l) => l.before === null)).toBe(true);
  });

  it('reads a rating in level labels and a role with the name of its scope', () => {
    const framework = { indicators: { da: 'Data & assessment' }, levels: { '1': 'Beginning', '2': 'Developing' } };
    const rating = {
      action: 'rating.save',
      objectKind: 'review',
      objectId: 'r',
      before: { indicator_key: 'da', source: 'external', level: 1, note: '' },
      after: { indicator_key: 'da', source: 'external', level: 2, note: 'Data team meets weekly' },
    };
    expect(changeLines(rating, { framework }).map((l) => l.text)).toEqual(['Level: 1 Beginning → 2 Developing', 'Note: — → Data team meets weekly']);
    expect(objectWords(rating, { name: 'Fall baseline 2025-26', schoolName: 'Maple Grove Elementary', schoolId: 's' }, { framework })).toEqual({
      kind: 'rating',
      label: 'Rating: Data & assessment (external), Fall baseline 2025-26, Maple Grove Elementary',
      link: '/reviews/r',
    });
    const grant = {
      action: 'membership.grant',
      objectKind: 'person',
      objectId: 'p',
      before: null,
      after: { role: 'coach', scope_kind: 'school', scope_id: 's' },
    };
    expect(changeLines(grant, { names: { s: 'Maple Grove Elementary' } })[0]!.text).toBe('Role: Coach at Maple Grove Elementary');
  });

  it('lists outcomes added and removed', () => {
    const texts = changeLines({
      action: 'outcomes.update',
      objectKind: 'outcome_set',
      objectId: 'o',
      before: { outcomes: ['A', 'B'] },
      after: { outcomes: ['B', 'C'] },
    }).map((l) => l.text);
    expect(texts).toEqual(['Outcome added: “C”', 'Outcome removed: “A”']);
  });
});

describe('objects and actions in words', () => {
  it('names objects as a person knows them, linked to their page', () => {
    const entry = (objectKind: string, action = `${objectKind}.update`) => ({ action, objectKind, objectId: 'x', before: null, after: null });
    expect(objectWords(entry('plan'), { year: 2026, schoolId: 's', schoolName: 'Maple Grove Elementary' })).toEqual({
      kind: 'plan',
      label: 'Plan 2026-27, Maple Grove Elementary',
      link: '/schools/s/plan?year=2026',
    });
    expect(objectWords(entry('review'), { name: 'Transformation review fall 2025', schoolId: 's', schoolName: 'Maple Grove Elementary' }).label).toBe(
      'Review: Transformation review fall 2025, Maple Grove Elementary',
    );
    expect(objectWords(entry('person'), { name: 'Ada Diaz' }).label).toBe('Person: Ada Diaz');
    expect(objectWords(entry('import_run'), { files: 3 })).toEqual({ kind: 'import_run', label: 'Import of 3 files', link: '/imports' });
    expect(objectWords(entry('school'), { name: 'Maple Grove Elementary' }).link).toBe('/schools/x');
    expect(objectWords(entry('school'), {}).label).toBe('School: a school since removed');
  });

  it('says the action in words, with the reason of a reopening', () => {
    expect(actionWords('plan.update', {})).toBe('changed');
    expect(actionWords('review.create', {})).toBe('created');
    expect(actionWords('review.finalize', {})).toBe('finalized');
    expect(actionWords('review.reopen', { status: 'open', reason: 'Missed the focus group' })).toBe('reopened with reason “Missed the focus group”');
    expect(actionWords('membership.grant', {})).toBe('granted a role');
    expect(
      describeEntry(
        { action: 'outcomes.reopen', objectKind: 'outcome_set', objectId: 'o', before: { status: 'approved' }, after: { status: 'draft', reason: 'New data' } },
        {},
      ).action,
    ).toBe('reopened with reason “New data”');
  });
});

describe('imports and review decisions', () => {
  it('reads an import by its files and row counts, and a partial finalizing with its reason', () => {
    const run = {
      action: 'import.run',
      objectKind: 'import_run',
      objectId: 'i',
      before: null,
      after: {
        format: 'caaspp',
        via: 'web',
        files: [
          { name: 'a.csv', sha256: 'x', bytes: 1 },
          { name: 'b.csv', sha256: 'y', bytes: 2 },
        ],
        rowsRead: 1200,
        rowsInserted: 1100,
        rowsUpdated: 0,
        rowsUnchanged: 100,
      },
    };
    expect(describeEntry(run, { files: 2 })).toMatchObject({ object: { label: 'Import of 2 files', link: '/imports' }, action: 'imported on the web' });
    expect(changeLines(run).map((l) => l.text)).toEqual([
      'Files: a.csv, b.csv',
      'Format: caaspp',
      'Rows read: 1,200',
      'Rows added: 1,100',
      'Rows updated: 0',
      'Rows unchanged: 100',
    ]);
    expect(actionWords('review.finalize', { status: 'finalized', partial: true, rated: 3, total: 9, reason: 'The day ran short' })).toBe(
      'finalized with 3 of 9 indicators rated; reason “The day ran short”',
    );
    const reviewers = {
      action: 'review.reviewers',
      objectKind: 'review',
      objectId: 'r',
      before: { reviewerIds: ['p1'] },
      after: { reviewerIds: ['p1', 'p2'] },
    };
    expect(changeLines(reviewers, { names: { p1: 'Ada Diaz', p2: 'Ben Ortiz' } })[0]!.text).toBe('Reviewers: Ada Diaz → Ada Diaz, Ben Ortiz');
  });
});
