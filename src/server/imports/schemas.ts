// What the imports routes answer: one import run as the Imports page and `trellis import --server` read it.
import { z } from 'zod';
import { IMPORT_FORMATS } from '../../domain/import-formats';

export const importParams = z.object({ id: z.uuid('is not a valid id') });

const counted = z.object({ matched: z.number(), reported: z.number() });
const problem = z.object({ where: z.string(), message: z.string() });

/** One import as the Imports page and `trellis import --server` read it. */
export const importRunAnswer = z.object({
  id: z.string(),
  /** An import format, or `generated` for the demo's own results. */
  format: z.union([z.enum(IMPORT_FORMATS), z.literal('generated')]),
  /** `interrupted`: the process running it stopped before it finished. */
  status: z.enum(['running', 'succeeded', 'failed', 'interrupted']),
  files: z.array(z.object({ name: z.string(), sha256: z.string(), bytes: z.number() })),
  bytesRead: z.number(),
  totalBytes: z.number(),
  rowsRead: z.number(),
  rowsInserted: z.number(),
  rowsUpdated: z.number(),
  rowsUnchanged: z.number(),
  /** Aggregate imports: how many of the reported schools and districts are in the network. */
  matched: z.object({ schools: counted, districts: counted }).nullable(),
  error: z.object({ message: z.string(), details: z.array(problem) }).nullable(),
  startedBy: z.string().nullable(),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
});

/** `GET /api/imports`: the latest imports, newest first. */
export const importListAnswer = z.object({ imports: z.array(importRunAnswer) });

/** `POST /api/imports`: the import started, to follow at `GET /api/imports/:id`. */
export const importStartedAnswer = z.object({ id: z.string() });
