// Result rows as a viewer sees them: small groups and source-suppressed cells become `*`, never 0.
import { isTooSmall, SUPPRESSED, type Shown } from './suppression';

export const LEVEL_LABELS = ['Standard not met', 'Standard nearly met', 'Standard met', 'Standard exceeded'] as const;

/** A stored aggregate row, with numbers as numbers (null: suppressed at the source, or not reported). */
export interface StoredResult {
  year: string;
  assessment: string;
  subject: string;
  grade: string;
  group: string;
  tested: number | null;
  metOrAbove: number | null;
  pctMetOrAbove: number | null;
  levelPercents: (number | null)[] | null;
  meanScaleScore: number | null;
  suppressed: boolean;
  source: string;
  line: number;
  importRunId: string;
}

export type ShownFigure = Shown | null;

export interface ShownResult extends Omit<StoredResult, 'tested' | 'metOrAbove' | 'pctMetOrAbove' | 'levelPercents' | 'meanScaleScore' | 'suppressed'> {
  tested: ShownFigure;
  metOrAbove: ShownFigure;
  pctMetOrAbove: ShownFigure;
  levelPercents: ShownFigure[] | null;
  meanScaleScore: ShownFigure;
  /** The headline figure (% at or above standard) is hidden: shown as `*`. */
  suppressed: boolean;
  /** Performance levels (1 = not met … 4 = exceeded) whose figures are hidden, though the headline may be shown. */
  hiddenLevels: number[];
}

/**
 * What a viewer sees of a row. A cell that is null in a row suppressed at the source shows `*`; a
 * null in an unsuppressed row was not reported and shows as null. When fewer than 11 students were
 * tested (or the count itself is hidden), every figure but the row's identity shows `*` unless the
 * viewer may see the student rows.
 */
export function showResult(row: StoredResult, canSeeStudentRows: boolean): ShownResult {
  const small = !canSeeStudentRows && isTooSmall(row.tested);
  const hide = (v: number | null): ShownFigure => (v === null ? (row.suppressed ? SUPPRESSED : null) : small ? SUPPRESSED : v);
  // The tested count of a small group is itself identifying; a hidden count stays hidden.
  const tested: ShownFigure = row.tested === null ? (row.suppressed ? SUPPRESSED : null) : small ? SUPPRESSED : row.tested;
  const pctMetOrAbove = hide(row.pctMetOrAbove);
  const levelPercents = row.levelPercents ? row.levelPercents.map(hide) : null;
  // A source may hide some level counts of a small district yet publish its met-or-above figure (EdSight
  // does): `suppressed` speaks of the figure shown, and the hidden parts are named beside it.
  const hiddenLevels: number[] = [];
  for (const [i, v] of (levelPercents ?? []).entries()) if (v === SUPPRESSED) hiddenLevels.push(i + 1);
  return {
    ...row,
    tested,
    metOrAbove: hide(row.metOrAbove),
    pctMetOrAbove,
    levelPercents,
    meanScaleScore: hide(row.meanScaleScore),
    suppressed: pctMetOrAbove === SUPPRESSED,
    hiddenLevels,
  };
}

/** An aggregate row as the database returns its counts (the percentage may arrive as numeric text). */
export interface StoredCounts {
  tested: number | null;
  met_or_above: number | null;
  pct_met_or_above: string | number | null;
  suppressed: boolean;
}

/** The headline figures of a stored row (tested, met or above, %) as a viewer sees them, by the same rule as showResult. */
export function showCounts(row: StoredCounts, canSeeStudentRows: boolean): Pick<ShownResult, 'tested' | 'metOrAbove' | 'pctMetOrAbove'> {
  const pct = row.pct_met_or_above === null ? null : Number(row.pct_met_or_above);
  const shown = showResult(
    {
      year: '',
      assessment: '',
      subject: '',
      grade: '',
      group: '',
      tested: row.tested,
      metOrAbove: row.met_or_above,
      pctMetOrAbove: pct,
      levelPercents: null,
      meanScaleScore: null,
      suppressed: row.suppressed,
      source: '',
      line: 0,
      importRunId: '',
    },
    canSeeStudentRows,
  );
  return { tested: shown.tested, metOrAbove: shown.metOrAbove, pctMetOrAbove: shown.pctMetOrAbove };
}
