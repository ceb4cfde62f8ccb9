// Small-group suppression: aggregates over fewer than MIN_N students are shown as `*` to most users.

/** Smallest group whose aggregate may be shown to someone without access to the student rows. */
export const MIN_N = 11;

export const SUPPRESSED = '*' as const;
export type Suppressed = typeof SUPPRESSED;
/** A figure as a user sees it: a number, or the suppression mark. */
export type Shown = number | Suppressed;

/** True when a group of n students is too small to show (an unknown n is treated as too small). */
export function isTooSmall(n: number | null | undefined): boolean {
  return n === null || n === undefined || n < MIN_N;
}

/**
 * The figure to show. A figure already hidden at the source (null) stays hidden for everyone, since
 * there is nothing to show; otherwise only users who may see the student rows see small groups.
 */
export function suppress(figure: number | null | undefined, n: number | null | undefined, canSeeStudentRows: boolean): Shown {
  if (figure === null || figure === undefined || Number.isNaN(figure)) return SUPPRESSED;
  if (canSeeStudentRows) return figure;
  return isTooSmall(n) ? SUPPRESSED : figure;
}

/** Turns a shown figure back into a number for arithmetic, keeping `*` as null (never as 0). */
export function valueOf(figure: Shown | null | undefined): number | null {
  return typeof figure === 'number' && Number.isFinite(figure) ? figure : null;
}
