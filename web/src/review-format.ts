// How review words, levels, dates, shares and differences are written on the framework and review pages.
import type { FrameworkLevel } from './queries/frameworks';
import type { EvidenceKind, RatingSource, ReviewType } from './queries/reviews';

export const REVIEW_TYPE_LABELS: Record<ReviewType, string> = {
  self_assessment: 'Self-assessment',
  support_review: 'Support review',
  transformation_fall: 'Transformation review (fall baseline)',
  transformation_spring: 'Transformation review (spring follow-up)',
  district_review: 'District review',
};

export const SOURCE_LABELS: Record<RatingSource, string> = { self: 'Self', external: 'External', consensus: 'Consensus' };

export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  interview: 'Interview',
  focus_group: 'Focus group',
  classroom_observation: 'Classroom observation',
  survey: 'Survey',
  document: 'Document',
  data: 'Data',
};

const decimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** "2 Emerging"; a missing level reads "Not rated". */
export function levelName(levels: readonly FrameworkLevel[], value: number | null | undefined): string {
  if (value === null || value === undefined) return 'Not rated';
  const level = levels.find((l) => l.value === value);
  return level ? `${level.value} ${level.label}` : String(value);
}

/** A calendar day from the API ("2026-10-13") as "Oct 13, 2026", read as a date, not a moment in some time zone. */
export function day(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString('en-US', { dateStyle: 'medium', timeZone: 'UTC' });
}

/** A share from 0 to 1 as a percent to one decimal; none yet reads "no data yet". */
export function percent(share: number | null | undefined): string {
  return share === null || share === undefined ? 'no data yet' : `${decimal.format(share * 100)}%`;
}

/** A mean level to one decimal. */
export function meanLevel(mean: number | null | undefined): string {
  return mean === null || mean === undefined ? 'no data yet' : decimal.format(mean);
}

/** A difference with its sign spelled out: "+0.4", "−0.3", "0.0". */
export function signed(n: number | null | undefined): string {
  if (n === null || n === undefined) return 'no data yet';
  if (n === 0) return decimal.format(0);
  return `${n > 0 ? '+' : '−'}${decimal.format(Math.abs(n))}`;
}

/** The colour class of a level, from the lowest (1) to the highest of the scale; the number is always shown beside it. */
export function levelClass(levels: readonly FrameworkLevel[], value: number | null): string {
  if (value === null) return 'level-none';
  const index = levels.findIndex((l) => l.value === value);
  const steps = Math.max(levels.length - 1, 1);
  // Scales of any length map onto five shades.
  return `level-shade-${Math.round((Math.max(index, 0) / steps) * 4) + 1}`;
}

/** The median of the levels given (the lower middle one for an even count), or null when none is rated. */
export function medianLevel(levels: readonly (number | null)[]): number | null {
  const rated = levels.filter((l): l is number => l !== null).sort((a, b) => a - b);
  return rated.length ? rated[Math.floor((rated.length - 1) / 2)]! : null;
}
