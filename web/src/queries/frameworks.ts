// The framework endpoints: each one's address, query key and answer type, derived from the server's schemas.
import type { z } from 'zod';
import type { Framework, FrameworkLevel } from '../../../src/domain/framework';
import type { frameworkAnswer, frameworkDetail, frameworkSave } from '../../../src/server/frameworks/schemas';
import type { Answer } from '../../../src/server/wire';
import { api, get } from '../api';

export type { Framework, FrameworkLevel };
export type FrameworkRow = Answer<typeof frameworkAnswer>;
export type FrameworkDetail = Answer<typeof frameworkDetail>;

/** The key of the list of frameworks: invalidated when a draft is made, saved or published. */
export const frameworksKey = ['frameworks'] as const;
export const frameworkKey = (id: string) => ['framework', id] as const;

/** The frameworks the organization can use: the built-ins and its own, drafts and published versions. */
export const frameworkListQuery = () => ({ queryKey: frameworksKey, queryFn: () => get<FrameworkRow[]>('/api/frameworks') });

/** One framework version with its document. */
export const frameworkQuery = (id: string) => ({ queryKey: frameworkKey(id), queryFn: () => get<FrameworkDetail>(`/api/frameworks/${id}`) });

/** A new draft version copied from this one. */
export const makeDraft = (id: string) => api<FrameworkRow>('POST', `/api/frameworks/${id}/drafts`);

/** Saves a draft under the revision its editor read; a stale revision is refused with 409. */
export const saveDraft = (id: string, body: z.input<typeof frameworkSave>) => api<FrameworkRow>('PUT', `/api/frameworks/${id}`, body);

export const publishFramework = (id: string) => api<FrameworkRow>('POST', `/api/frameworks/${id}/publish`);
