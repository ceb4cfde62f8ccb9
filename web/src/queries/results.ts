// The results endpoints: each one's address, query key and answer type, derived from the server's schemas.
import type { entityResultsAnswer, focusStudentsAnswer, networkResultsAnswer, resultRow, resultSource } from '../../../src/server/results/schemas';
import type { Answer } from '../../../src/server/wire';
import { get, query } from '../api';

export type EntityResults = Answer<typeof entityResultsAnswer>;
export type ResultRow = Answer<typeof resultRow>;
export type ResultSource = Answer<typeof resultSource>;
export type NetworkResults = Answer<typeof networkResultsAnswer>;
export type NetworkSchool = NetworkResults['schools'][number];
export type FocusStudents = Answer<typeof focusStudentsAnswer>;
export type FocusStudent = FocusStudents['students'][number];
/** A figure as this viewer may see it: a number, `*` when suppressed, null when not reported. */
export type Shown = ResultRow['pctMetOrAbove'];

/** A school's or district's results page. */
export const entityResultsQuery = (kind: 'school' | 'district', id: string) => ({
  queryKey: ['results', kind, id],
  queryFn: () => get<EntityResults>(`/api/${kind}s/${id}/results`),
});

/** The network table for one subject, grade and student group. */
export const networkResultsQuery = (subject: string, grade: string, group: string) => ({
  queryKey: ['network-results', subject, grade, group],
  queryFn: () => get<NetworkResults>(`/api/results/network${query({ subject, grade, group })}`),
});

/** A school's students to focus on in one subject and year (the latest when none is chosen). */
export const focusStudentsQuery = (schoolId: string, subject: string, year: string | null) => ({
  queryKey: ['focus', schoolId, subject, year],
  queryFn: () => get<FocusStudents>(`/api/schools/${schoolId}/students/focus${query({ subject, year })}`),
});
