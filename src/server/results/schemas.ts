// What the results routes take and answer: a school's or district's results, the network table and focus students.
import { z } from 'zod';
import { SUPPRESSED } from '../../domain/suppression';

export const entityParams = z.object({ id: z.uuid('is not a valid id') });
const subject = z.enum(['ela', 'math'], 'must be ela or math');
const grade = z
  .string()
  .regex(/^(all|\d{1,2})$/, 'must be all or a grade number')
  .default('all');
const group = z
  .string()
  .regex(/^[a-z0-9_-]{1,40}$/, 'is not a student group code')
  .default('all');
const year = z.string().regex(/^\d{4}-\d{2}$/, 'must be a school year like 2017-18');

export const networkResultsQuery = z.object({ subject: subject.default('ela'), grade, group });
export const focusStudentsQuery = z.object({ subject: subject.default('math'), year: year.optional() });

/** A figure as this viewer may see it: a number, `*` when suppressed, null when not reported. */
export const shownFigure = z.union([z.number(), z.literal(SUPPRESSED)]).nullable();

/** A student group offered on a page: its code and its name for people. */
export const groupChoice = z.object({ code: z.string(), label: z.string() });

/** One reported row as a viewer sees it, with the file and line it came from. */
export const resultRow = z.object({
  year: z.string(),
  assessment: z.string(),
  subject: z.string(),
  grade: z.string(),
  group: z.string(),
  tested: shownFigure,
  metOrAbove: shownFigure,
  pctMetOrAbove: shownFigure,
  levelPercents: z.array(shownFigure).nullable(),
  meanScaleScore: shownFigure,
  /** The % at or above standard is hidden (`*`). */
  suppressed: z.boolean(),
  /** Levels (1-4) whose figures are hidden, even when the % at or above standard is shown. */
  hiddenLevels: z.array(z.number()),
  source: z.string(),
  line: z.number(),
  importRunId: z.string(),
});

/** An import the figures of a page came from. */
export const resultSource = z.object({ importRunId: z.string(), format: z.string(), files: z.array(z.string()), importedAt: z.date() });

/** `GET /api/schools/:id/results` and `GET /api/districts/:id/results`. */
export const entityResultsAnswer = z.object({
  entity: z.object({
    kind: z.enum(['school', 'district']),
    id: z.string(),
    name: z.string(),
    stateCode: z.string(),
    district: z.object({ id: z.string(), name: z.string() }).nullable(),
  }),
  years: z.array(z.string()),
  subjects: z.array(z.string()),
  grades: z.array(z.string()),
  groups: z.array(groupChoice),
  rows: z.array(resultRow),
  /** The district's all-student rows beside a school's. */
  district: z.array(resultRow),
  /** The state's all-student rows. */
  state: z.array(resultRow),
  sources: z.array(resultSource),
  canSeeStudents: z.boolean(),
  levelLabels: z.array(z.string()),
});

const groupMean = z.object({ mean: z.number().nullable(), includedCount: z.number(), leftOutCount: z.number() });

/** One school's line in the network table. */
export const networkSchool = z.object({
  id: z.string(),
  name: z.string(),
  district: z.object({ id: z.string(), name: z.string() }),
  supportLevel: z.enum(['intensive', 'light_touch']).nullable(),
  byYear: z.record(z.string(), z.object({ tested: shownFigure, pctMetOrAbove: shownFigure })),
  growth: z.number().nullable(),
  growthFrom: z.string().nullable(),
  growthTo: z.string().nullable(),
});

/** `GET /api/results/network`. */
export const networkResultsAnswer = z.object({
  subject: z.string(),
  grade: z.string(),
  group: z.string(),
  years: z.array(z.string()),
  grades: z.array(z.string()),
  groups: z.array(groupChoice),
  schools: z.array(networkSchool),
  /** Totals from counts; schools whose counts are hidden are left out and counted. */
  network: z.array(
    z.object({ year: z.string(), tested: z.number(), pctMetOrAbove: z.number().nullable(), includedCount: z.number(), leftOutCount: z.number() }),
  ),
  /** Partner schools against the schools without a current partnership. */
  comparison: z.array(z.object({ year: z.string(), partner: groupMean, comparison: groupMean, difference: z.number().nullable() })),
});

/** `GET /api/schools/:id/students/focus`. */
export const focusStudentsAnswer = z.object({
  year: z.string().nullable(),
  subject: z.string(),
  years: z.array(z.string()),
  levelLabels: z.array(z.string()),
  students: z.array(
    z.object({
      id: z.string(),
      localId: z.string(),
      name: z.string(),
      grade: z.number().nullable(),
      assessment: z.string(),
      scaleScore: z.number().nullable(),
      performanceLevel: z.string().nullable(),
      levelOrdinal: z.number().nullable(),
    }),
  ),
});
