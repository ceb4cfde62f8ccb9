// What reviews add up to, as the routes answer it: a review's summary and report, deltas, the heatmaps and calibration.
import { z } from 'zod';
import { frameworkLevel } from '../frameworks/schemas';

export const deltasQuery = z.object({ from: z.uuid('is not a valid id') });
export const frameworkQuery = z.object({ framework: z.string().max(100).default('school-transformation') });

/** Self against external over some pairs of ratings: shares from 0 to 1, none when no indicator has both. */
export const calibrationFigures = z.object({
  n: z.number().int(),
  /** Self minus external: positive when the school sees itself higher than the evidence does. */
  meanDifference: z.number().nullable(),
  selfHigher: z.number().nullable(),
  selfLower: z.number().nullable(),
  equal: z.number().nullable(),
});

/** An indicator with the level that counts for it in one review. */
export const indicatorLevel = z.object({
  indicatorKey: z.string(),
  name: z.string(),
  domainKey: z.string(),
  domainName: z.string(),
  equity: z.boolean(),
  level: z.number().nullable(),
});

const validation = z
  .union([
    z.object({ status: z.literal('validated') }),
    z.object({ status: z.literal('challenged'), direction: z.enum(['self_higher', 'self_lower']), by: z.number() }),
  ])
  .nullable();

/** `GET /api/reviews/:id/summary`. */
export const reviewSummary = z.object({
  rated: z.number().int(),
  total: z.number().int(),
  domains: z.array(z.object({ key: z.string(), name: z.string(), mean: z.number().nullable(), rated: z.number().int(), total: z.number().int() })),
  strengths: z.array(indicatorLevel),
  growthAreas: z.array(indicatorLevel),
  equity: z.array(indicatorLevel),
  indicators: z.array(indicatorLevel),
  focusIndicators: z.array(z.string()),
  /** Whether the external rating validates the self rating, and where a consensus would start. */
  perIndicator: z.array(
    z.object({ indicatorKey: z.string(), validation, suggestion: z.object({ level: z.number().nullable(), wideGap: z.boolean(), reason: z.string() }) }),
  ),
  calibration: calibrationFigures,
});

const reviewMark = z.object({ id: z.string(), title: z.string(), startsOn: z.string() });

/** `GET /api/reviews/:id/deltas`: the change per indicator from an earlier review of the same school on the same framework. */
export const reviewDeltas = z.object({
  from: reviewMark,
  to: reviewMark,
  rows: z.array(
    z.object({
      indicatorKey: z.string(),
      name: z.string(),
      domainName: z.string(),
      from: z.number().nullable(),
      to: z.number().nullable(),
      change: z.number().nullable(),
      focus: z.boolean(),
    }),
  ),
});

const frameworkHead = z.object({ key: z.string(), name: z.string(), version: z.number().int() });

/** `GET /api/schools/:id/heatmap`: indicators × the school's reviews in date order; a cell with no rating is null. */
export const schoolHeatmap = z.object({
  framework: frameworkHead.extend({ id: z.string(), levels: z.array(frameworkLevel) }),
  columns: z.array(z.object({ id: z.string(), label: z.string(), date: z.string() })),
  rows: z.array(z.object({ indicatorKey: z.string(), name: z.string(), domainName: z.string(), equity: z.boolean(), cells: z.array(z.number().nullable()) })),
});

/** `GET /api/heatmap`: schools × indicators, one school year at a time, from each school's latest review of the year. */
export const networkHeatmapAnswer = z.object({
  framework: frameworkHead.extend({ levels: z.array(frameworkLevel) }),
  years: z.array(z.number().int()),
  indicators: z.array(z.object({ key: z.string(), name: z.string(), domainName: z.string(), equity: z.boolean() })),
  schools: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      district: z.string(),
      /** A year without a review of the school has no review and no levels. */
      years: z.array(z.object({ year: z.number().int(), reviewId: z.string().nullable(), levels: z.array(z.number().nullable()).nullable() })),
    }),
  ),
});

/** `GET /api/calibration`: self against external per school and across the network, from each school's latest review with both. */
export const networkCalibration = z.object({
  framework: frameworkHead,
  network: calibrationFigures,
  byIndicator: z.array(calibrationFigures.extend({ indicatorKey: z.string(), name: z.string(), domainName: z.string() })),
  bySchool: z.array(calibrationFigures.extend({ schoolId: z.string(), name: z.string(), district: z.string(), reviewId: z.string().nullable() })),
});

/** The printable review report, as a page. */
export const reviewReportPage = { content: { 'text/html': { schema: z.string().describe('The review report as a printable HTML page') } } };

/** The review report as a PDF file, sent as an attachment. */
export const reviewReportFile = {
  content: { 'application/pdf': { schema: z.string().meta({ format: 'binary', description: 'The review report as a PDF file' }) } },
};
