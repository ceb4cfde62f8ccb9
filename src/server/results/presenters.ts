// Turns what the results repositories read into the answers the results routes declare.
import { networkTable } from '../../domain/network-results';
import { LEVEL_LABELS } from '../../domain/results';
import type { focusStudents } from '../../db/repositories/focus-students';
import type { EntityResults } from '../../db/repositories/results';
import type { networkResults } from '../../db/repositories/results-network';
import { studentGroupLabel } from '../../importers/student-groups';
import type { z } from 'zod';
import type { entityResultsAnswer, focusStudentsAnswer, networkResultsAnswer } from './schemas';

/** Student group codes with their names for people, in the order given. */
const groupChoices = (codes: string[]) => codes.map((code) => ({ code, label: studentGroupLabel(code) }));

export function presentEntityResults(found: EntityResults, canSeeStudents: boolean): z.input<typeof entityResultsAnswer> {
  return { ...found, groups: groupChoices(found.groups), canSeeStudents, levelLabels: [...LEVEL_LABELS] };
}

/** The network table; small groups show as they are only at the schools in `canSeeStudentsAt`. */
export function presentNetworkResults(
  found: Awaited<ReturnType<typeof networkResults>>,
  canSeeStudentsAt: ReadonlySet<string>,
): z.input<typeof networkResultsAnswer> {
  const { schools, rows, ...choices } = found;
  return { ...choices, groups: groupChoices(found.groups), ...networkTable(schools, rows, found.years, canSeeStudentsAt) };
}

export function presentFocusStudents(found: Awaited<ReturnType<typeof focusStudents>>): z.input<typeof focusStudentsAnswer> {
  return { ...found, levelLabels: [...LEVEL_LABELS] };
}
