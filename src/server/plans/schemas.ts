// What the outcomes and plan routes take and answer: the one contract the server checks and the web app reads.
import { z } from 'zod';
import { calendarDate, endNotBeforeStart } from '../../domain/dates';
import { LIMITS } from '../../domain/limits';

// ---- What the routes take.

export const id = z.object({ id: z.uuid('is not a valid id') });
export const schoolYear = z.coerce.number().int().min(2000, 'is not a school year').max(2100, 'is not a school year');
const text = (max: number) => z.string().trim().max(max);
const key = z.string().min(1).max(100);

export const yearQuery = z.object({ year: schoolYear.optional() });

const targetInput = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('implementation'),
      frameworkId: z.uuid('is not a valid id'),
      indicatorKey: key,
      indicatorName: text(200).min(1, 'is required'),
      domainName: text(200),
      baselineLevel: z.number().int().min(0).max(20).nullable(),
      targetLevel: z.number().int().min(0).max(20),
      levelLabels: z.record(z.string(), z.string().max(100)),
    })
    .strict(),
  z
    .object({
      kind: z.literal('student'),
      subject: z.enum(['ela', 'math'], 'must be ela or math'),
      grade: z.string().regex(/^(all|\d{1,2})$/, 'must be all or a grade number'),
      group: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'is not a student group code'),
      groupLabel: text(100).min(1, 'is required'),
      metric: z.literal('pct_met_or_above'),
      baseline: z.number().min(0).max(100),
      baselineYear: z.string().regex(/^\d{4}-\d{2}$/, 'must be a school year like 2025-26'),
      target: z.number().min(0).max(100),
    })
    .strict(),
]);

const outcomeSource = z.enum(['review', 'results', 'reflection', 'team']);
const outcomeInput = z
  .object({
    id: z.uuid().optional(),
    target: targetInput,
    title: text(LIMITS.planTitle).optional(),
    reason: text(LIMITS.reason).optional(),
    source: outcomeSource,
  })
  .strict();

export const saveOutcomesBody = z
  .object({ year: schoolYear, version: z.number().int().positive().nullable(), outcomes: z.array(outcomeInput).max(12) })
  .strict();
export const commentBody = z
  .object({ year: schoolYear, outcomeId: z.uuid().nullable().default(null), body: text(LIMITS.longText).min(1, 'is required') })
  .strict();
export const approveBody = z.object({ year: schoolYear, version: z.number().int().positive() }).strict();
export const reasonBody = z.object({ year: schoolYear, reason: text(LIMITS.reason).min(1, 'is required') }).strict();

const actionStatus = z.enum(['not_started', 'in_progress', 'done', 'blocked']);
const actionInput = z
  .object({
    id: key,
    title: text(LIMITS.planTitle).min(1, 'is required'),
    owner: text(LIMITS.actionOwner),
    startOn: calendarDate.nullable(),
    dueOn: calendarDate.nullable(),
    status: actionStatus,
  })
  .strict()
  .superRefine(endNotBeforeStart('startOn', 'dueOn', 'start date'));
const strategyInput = z.object({ id: key, title: text(LIMITS.planTitle).min(1, 'is required'), actions: z.array(actionInput).max(50) }).strict();
const goalInput = z
  .object({
    id: key,
    title: text(LIMITS.planTitle).min(1, 'is required'),
    outcomeId: z.uuid().nullable(),
    target: targetInput.nullable(),
    targetDate: calendarDate.nullable(),
    strategies: z.array(strategyInput).max(20),
  })
  .strict();

export const savePlanBody = z.object({ year: schoolYear, version: z.number().int().positive().nullable(), goals: z.array(goalInput).max(12) }).strict();
const checkinStatus = z.enum(['on_track', 'at_risk', 'off_track']);
export const checkinBody = z
  .object({
    year: schoolYear,
    goalId: key.nullable().default(null),
    status: checkinStatus,
    evidence: text(LIMITS.longText).default(''),
    notes: text(LIMITS.longText).default(''),
    checkedOn: calendarDate.optional(),
  })
  .strict();
const planVersion = z.union([z.literal('current'), z.coerce.number().int().positive()]);
export const changesQuery = z.object({ year: schoolYear, from: planVersion, to: planVersion.default('current') });
export const reflectionBody = z
  .object({ year: schoolYear, goalId: key, result: z.enum(['met', 'partly', 'not_met']), learned: text(LIMITS.longText).default('') })
  .strict();
export const networkPlansQuery = z.object({
  year: schoolYear.optional(),
  district: z.uuid().optional(),
  coach: z.uuid().optional(),
  type: z.enum(['implementation', 'student']).optional(),
});

// ---- What the routes answer. Stored targets and plans are described as they are kept, not as strictly as a save checks them.

export const outcomeTarget = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('implementation'),
    frameworkId: z.string(),
    indicatorKey: z.string(),
    indicatorName: z.string(),
    domainName: z.string(),
    baselineLevel: z.number().nullable(),
    targetLevel: z.number(),
    /** Level number → label on the framework's scale, so a title reads in words. */
    levelLabels: z.record(z.string(), z.string()),
  }),
  z.object({
    kind: z.literal('student'),
    subject: z.string(),
    grade: z.string(),
    group: z.string(),
    groupLabel: z.string(),
    metric: z.literal('pct_met_or_above'),
    baseline: z.number(),
    baselineYear: z.string(),
    target: z.number(),
  }),
]);

const progressStatus = z.enum(['met', 'on_track', 'at_risk', 'off_track', 'no_data']);
const planStatus = z.enum(['on_track', 'at_risk', 'off_track', 'no_data']);
const setStatus = z.enum(['draft', 'approved']);

/** What the person may do on the page (the routes check again). */
export const can = z.object({ edit: z.boolean(), comment: z.boolean(), admin: z.boolean() });
const schoolRef = z.object({ id: z.string(), name: z.string(), districtId: z.string(), districtName: z.string() });

export const outcome = z.object({
  id: z.string(),
  position: z.number(),
  kind: z.enum(['implementation', 'student']),
  target: outcomeTarget,
  title: z.string(),
  reason: z.string(),
  source: outcomeSource,
});
export const candidate = z.object({
  key: z.string(),
  title: z.string(),
  target: outcomeTarget,
  reason: z.string(),
  source: z.enum(['review', 'results', 'reflection']),
  priority: z.number(),
});

export const outcomesAnswer = z.object({
  school: schoolRef,
  schoolYear: z.number(),
  yearLabel: z.string(),
  set: z
    .object({ id: z.string(), status: setStatus, version: z.number(), approvedAt: z.date().nullable(), approvedBy: z.string().nullable(), updatedAt: z.date() })
    .nullable(),
  outcomes: z.array(outcome),
  comments: z.array(z.object({ id: z.string(), outcomeId: z.string().nullable(), body: z.string(), createdAt: z.date(), by: z.string() })),
  candidates: z.array(candidate),
  /** What the proposals come from: the latest complete finalized review ("title (date)"), the latest results and last year's reflections. */
  evidence: z
    .object({ review: z.string().nullable(), reviewId: z.string().nullable(), resultsYear: z.string().nullable(), reflections: z.number() })
    .nullable(),
  can,
});

const planAction = z.object({
  id: z.string(),
  title: z.string(),
  owner: z.string(),
  startOn: z.string().nullable(),
  dueOn: z.string().nullable(),
  status: z.string(),
});
const planGoal = z.object({
  id: z.string(),
  title: z.string(),
  outcomeId: z.string().nullable(),
  target: outcomeTarget.nullable(),
  targetDate: z.string().nullable(),
  strategies: z.array(z.object({ id: z.string(), title: z.string(), actions: z.array(planAction) })),
});
export const planSnapshot = z.object({ goals: z.array(planGoal) });
export const progress = z.object({
  status: progressStatus,
  current: z.number().nullable(),
  asOf: z.string().nullable(),
  fraction: z.number().nullable(),
  note: z.string(),
});

export const planAnswer = z.object({
  school: schoolRef,
  schoolYear: z.number(),
  yearLabel: z.string(),
  outcomesStatus: setStatus.nullable(),
  plan: z.object({ id: z.string(), version: z.number(), document: planSnapshot, updatedAt: z.date(), updatedBy: z.string().nullable() }).nullable(),
  /** Each goal's progress from the data, by goal id; a goal with no measure linked has none. */
  progress: z.record(z.string(), progress),
  status: planStatus,
  checkins: z.array(
    z.object({
      id: z.string(),
      goalId: z.string().nullable(),
      status: checkinStatus,
      evidence: z.string(),
      notes: z.string(),
      checkedOn: z.string(),
      by: z.string().nullable(),
    }),
  ),
  revisions: z.array(z.object({ number: z.number(), reason: z.string(), createdAt: z.date(), planVersion: z.number(), by: z.string().nullable() })),
  /** The end-of-year reflection on each goal that has one, by goal id. */
  reflections: z.record(z.string(), z.object({ result: z.enum(['met', 'partly', 'not_met']), learned: z.string(), updatedAt: z.date() })),
  can,
});

export const planChange = z.object({
  level: z.enum(['goal', 'strategy', 'action']),
  change: z.enum(['added', 'removed', 'changed']),
  id: z.string(),
  title: z.string(),
  /** Where it sits: "Goal 2 › Strategy 1". */
  where: z.string(),
  fields: z.array(z.object({ field: z.string(), before: z.string(), after: z.string() })),
});
const versionAnswer = z.union([z.literal('current'), z.number()]);
export const planChangesAnswer = z.object({ from: versionAnswer, to: versionAnswer, changes: z.array(planChange) });

export const networkPlansAnswer = z.object({
  year: z.number(),
  yearLabel: z.string(),
  coaches: z.array(z.object({ id: z.string(), name: z.string() })),
  schools: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      district: z.object({ id: z.string(), name: z.string() }),
      coaches: z.array(z.object({ id: z.string(), name: z.string() })),
      outcomes: z.object({ status: setStatus.nullable(), implementation: z.number(), student: z.number() }),
      goals: z.object({ total: z.number(), met: z.number(), onTrack: z.number(), atRisk: z.number(), offTrack: z.number(), noData: z.number() }),
      status: planStatus,
      hasPlan: z.boolean(),
      lastCheckin: z.object({ on: z.string(), status: checkinStatus }).nullable(),
    }),
  ),
  /** Schools without a partnership (comparison schools) with no outcomes or plan this year: not listed. */
  unlistedWithoutPartnership: z.number(),
});

// ---- Refusals that carry what is there now.

const errorDetail = z.object({ where: z.string(), message: z.string() });
/** A refused write: locked, or stale with what the other person saved (`current`, null when nothing is saved yet). */
const conflict = <C extends z.ZodType>(current: C) =>
  z.object({ code: z.string(), message: z.string(), details: z.array(errorDetail), current: current.nullable().optional() });
export const outcomesConflict = conflict(z.object({ version: z.number(), status: setStatus, outcomes: z.array(outcome) }));
export const planConflict = conflict(z.object({ version: z.number(), document: planSnapshot }));
/** A refusal that carries nothing more than its sentence. */
export const refusal = conflict(z.never());

export const html = z.string().describe('A printable HTML page');
// The bytes as they are sent; the document describes them as a binary string.
export const pdf = z.custom<Uint8Array>((v) => v instanceof Uint8Array).meta({ type: 'string', format: 'binary', description: 'A PDF file' });
