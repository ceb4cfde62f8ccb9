// The network endpoints: each one's address, query key and answer type, derived from the server's schemas.
import type { z } from 'zod';
import type {
  districtAnswer,
  districtList,
  savedSchool,
  schoolAnswer,
  schoolChanges,
  schoolListQuery as schoolListInput,
  schoolRow,
} from '../../../src/server/network/schemas';
import type { Answer } from '../../../src/server/wire';
import { api, get, query } from '../api';

/** One row of the network table: a school with its current partnership (if any). */
export type SchoolRow = Answer<typeof schoolRow>;
export type SchoolDetail = Answer<typeof schoolAnswer>;
export type Partnership = SchoolDetail['partnerships'][number];
export type Team = SchoolDetail['teams'][number];
export type District = Answer<typeof districtList>[number];
export type DistrictDetail = Answer<typeof districtAnswer>;
type SchoolFilters = z.input<typeof schoolListInput>;
/** What the network table sorts by. */
export type SchoolSort = NonNullable<SchoolFilters['sort']>;

/** The key of every list of schools: invalidated when a school is saved. */
export const schoolsKey = ['schools'] as const;
export const schoolKey = (id: string) => ['school', id] as const;

/** The schools the person may see, searched, filtered to a district and sorted. */
export const schoolListQuery = (filters: SchoolFilters) => ({
  queryKey: [...schoolsKey, filters],
  queryFn: () => get<SchoolRow[]>(`/api/schools${query(filters)}`),
});

/** A school's page: facts, partnerships, teams, staff and what the reader may do. */
export const schoolQuery = (id: string) => ({ queryKey: schoolKey(id), queryFn: () => get<SchoolDetail>(`/api/schools/${id}`) });

/** Saves a school's details under the version its editor read; a stale version is refused with 409. */
export const saveSchool = (id: string, body: z.input<typeof schoolChanges>) => api<Answer<typeof savedSchool>>('PATCH', `/api/schools/${id}`, body);

/** The districts with schools the person may see, with how many. */
export const districtListQuery = () => ({ queryKey: ['districts'], queryFn: () => get<District[]>('/api/districts') });

/** A district's page: only the schools and district teams the reader may see. */
export const districtQuery = (id: string) => ({ queryKey: ['district', id], queryFn: () => get<DistrictDetail>(`/api/districts/${id}`) });
