// Turns what the results repositories read into the answers the results routes declare.
import { LEVEL_LABELS } from '../../domain/results';
import type { focusStudents } from '../../db/repositories/focus-students';
import type { EntityResults } from '../../db/repositories/results';
import type { networkResults } from '../../db/repositories/results-network';
import { studentGroupLabel } from '../../importers/student-groups';
import type { entityResultsAnswer, focusStudentsAnswer, networkResultsAnswer } from './schemas';
import type { z } from 'zod';

/** Student group codes with their names for people, in the order given. */
const groupChoices = (codes: string[]) => codes.map((code) => ({ code, label: studentGroupLabel(code) }));

export function presentEntityResults(found: EntityResults, canSeeStudents: boolean): z.input<typeof entityResultsAnswer> {
  return { ...found, groups: groupChoices(found.groups), canSeeStudents, levelLabels: [...LEVEL_LABELS] };
}

export function presentNetworkResults(found: Awaited<ReturnType<typeof networkResults>>): z.input<typeof networkResultsAnswer> {
  return { ...found, groups: groupChoices(found.groups) };
}

export function presentFocusStudents(found: Awaited<ReturnType<typeof focusStudents>>): z.input<typeof focusStudentsAnswer> {
  return { ...found, levelLabels: [...LEVEL_LABELS] };
}
