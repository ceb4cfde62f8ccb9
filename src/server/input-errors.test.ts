import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { calendarDate, endNotBeforeStart } from '../domain/dates';
import { describeIssue, inputErrorDetails, inputErrorMessage, labelOf, type InputIssue } from './input-errors';

/** The issues of a failed parse, as the schema validator hands them to the error handler. */
function issuesOf(schema: z.ZodType, value: unknown): InputIssue[] {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected the value to be refused');
  return result.error.issues.map(({ path, code, message, ...params }) => ({ path: path as (string | number)[], code, message, params }));
}
const sentences = (schema: z.ZodType, value: unknown) => issuesOf(schema, value).map(describeIssue);

const action = z
  .object({
    title: z.string().trim().min(1, 'is required').max(300),
    owner: z.string().max(200),
    startOn: calendarDate.nullable(),
    dueOn: calendarDate.nullable(),
    status: z.enum(['not_started', 'in_progress', 'done']),
  })
  .strict()
  .superRefine(endNotBeforeStart('startOn', 'dueOn', 'start date'));
const plan = z.object({
  goals: z
    .array(
      z.object({
        title: z.string().trim().min(1, 'is required').max(300),
        strategies: z.array(z.object({ title: z.string().min(1), actions: z.array(action) })),
      }),
    )
    .max(2),
});
const goodAction = { title: 'Train teachers', owner: '', startOn: '2027-01-10', dueOn: '2027-02-01', status: 'done' };

describe('input errors in people’s words', () => {
  it('names a top-level field by its label: "Name is required", "Use at most 200 characters"', () => {
    const person = z.object({ name: z.string().trim().min(1, 'is required').max(200), email: z.email('is not an email address'), dueOn: calendarDate });
    expect(sentences(person, { name: '', email: 'ada@x.org', dueOn: '2027-01-01' })).toEqual(['Name is required']);
    expect(sentences(person, { email: 'ada@x.org', dueOn: '2027-01-01' })).toEqual(['Name is required']);
    expect(sentences(person, { name: 'x'.repeat(201), email: 'nope', dueOn: '2027-02-31' })).toEqual([
      'Name is too long; use at most 200 characters',
      'Email address is not an email address',
      'Due date is not a real date',
    ]);
  });

  it('numbers goals, strategies and actions from 1, as the screen does', () => {
    const goals = [
      { title: 'Read', strategies: [] },
      { title: 'Math', strategies: [] },
      { title: ' ', strategies: [] },
    ];
    expect(sentences(plan, { goals: goals.slice(0, 2).concat([{ title: 'x', strategies: [] }]) })).toEqual(['Use at most 2 goals']);
    expect(sentences(plan, { goals: [goals[0], goals[2]] })).toEqual(['Goal 2: a title is required']);
    const late = { ...goodAction, dueOn: '2027-13-45' };
    const early = { ...goodAction, dueOn: '2027-01-01' };
    expect(
      sentences(plan, {
        goals: [
          { title: 'Read', strategies: [] },
          { title: 'Math', strategies: [{ title: 'Talks', actions: [goodAction, goodAction, late, early] }] },
        ],
      }),
    ).toEqual(['Goal 2 › Strategy 1 › Action 3: the due date is not a real date', 'Goal 2 › Strategy 1 › Action 4: the due date is before the start date']);
  });

  it('says what is wrong with a number, a choice, a missing field, a too-short text and an unknown field in plain words', () => {
    const checkin = z.object({ status: z.enum(['on_track', 'at_risk']), level: z.number().int().min(1).max(4), code: z.string().min(20) }).strict();
    expect(sentences(checkin, { status: 'lost', level: 'three', code: 'abc', extra: 1 })).toEqual([
      'Status must be one of: on track, at risk',
      'Level must be a number',
      'Code is too short; use at least 20 characters',
      'Trellis does not take a field named extra',
    ]);
    expect(sentences(checkin, { status: 'at_risk', level: 9, code: 'x'.repeat(20) })).toEqual(['Level must be at most 4']);
    expect(sentences(z.object({ notes: z.string().max(5), evidence: z.string().min(1) }), { notes: 'too long', evidence: '' })).toEqual([
      'Notes are too long; use at most 5 characters',
      'Evidence is required',
    ]);
  });

  it('labels keys the screens show by their screen names, and others by their words', () => {
    expect(labelOf('dueOn')).toBe('due date');
    expect(labelOf('startsOn')).toBe('start date');
    expect(labelOf('coachDaysPerWeek')).toBe('coach days per week');
    expect(labelOf('grade_low')).toBe('lowest grade');
  });

  it('keeps the machine path in where, and puts the sentences together for the message', () => {
    const details = inputErrorDetails(
      'body',
      issuesOf(plan, {
        goals: [
          { title: '', strategies: [] },
          { title: 'x'.repeat(301), strategies: [] },
        ],
      }),
    );
    expect(details).toEqual([
      { where: 'body.goals.0.title', message: 'Goal 1: a title is required' },
      { where: 'body.goals.1.title', message: 'Goal 2: the title is too long; use at most 300 characters' },
    ]);
    expect(inputErrorMessage(details)).toBe('Goal 1: a title is required. Goal 2: the title is too long; use at most 300 characters.');
    const many = [1, 2, 3, 4, 5].map((n) => ({ where: `body.goals.${n - 1}.title`, message: `Goal ${n}: a title is required` }));
    expect(inputErrorMessage(many)).toBe('Goal 1: a title is required. Goal 2: a title is required. Goal 3: a title is required. And 2 more problems.');
  });
});
