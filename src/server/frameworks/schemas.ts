// What the framework routes take and answer: the frameworks an organization can use, their documents, drafts and publishing.
import { z } from 'zod';
import type { Framework } from '../../domain/framework';

export const frameworkParams = z.object({ id: z.uuid('is not a valid id') });

/** A draft saved under the revision its editor read; the document is checked as a framework file is. */
export const frameworkSave = z.object({ revision: z.number().int().positive(), document: z.unknown() });

export const frameworkLevel = z.object({ value: z.number().int(), label: z.string(), description: z.string().optional() });

/** A framework as data: domains of indicators on an ordered level scale, in the canonical shape the file reader makes. */
export const frameworkDocument = z.object({
  key: z.string(),
  name: z.string(),
  version: z.number().int(),
  kind: z.enum(['school', 'district']),
  description: z.string(),
  levels: z.array(frameworkLevel),
  dimensions: z.array(z.object({ key: z.string(), label: z.string(), description: z.string() })).optional(),
  domains: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      description: z.string().optional(),
      indicators: z.array(
        z.object({
          key: z.string(),
          name: z.string(),
          kind: z.enum(['system', 'practice']),
          tags: z.array(z.string()),
          levels: z.array(z.object({ level: z.number().int(), descriptor: z.string() })),
        }),
      ),
    }),
  ),
}) satisfies z.ZodType<Framework>;

/** One framework version an organization can use: a built-in or its own, a draft or published. */
export const frameworkAnswer = z.object({
  id: z.string(),
  key: z.string(),
  version: z.number().int(),
  name: z.string(),
  kind: z.enum(['school', 'district']),
  status: z.enum(['draft', 'published']),
  builtIn: z.boolean(),
  /** Drafts are saved under the revision their editor read. */
  revision: z.number().int(),
  publishedAt: z.date().nullable(),
});

/** `GET /api/frameworks/:id`: a framework version with its document. */
export const frameworkDetail = frameworkAnswer.extend({ document: frameworkDocument });
