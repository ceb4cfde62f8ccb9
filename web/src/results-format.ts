// How results are written in the web app: suppressed figures as *, missing ones as a dash, grades and subjects in words.
import type { NetworkSchool, Shown } from './queries/results';

const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export const SUPPRESSION_NOTE =
  '* A figure over fewer than 11 students, or one the state suppressed, is hidden to protect student privacy. It is never counted as 0.';

export const SUBJECT_LABELS: Record<string, string> = { ela: 'English language arts', math: 'Mathematics' };

export function subjectLabel(subject: string): string {
  return SUBJECT_LABELS[subject] ?? subject;
}

export function gradeLabel(grade: string): string {
  if (grade === 'all') return 'All grades';
  if (grade === '0') return 'Kindergarten';
  return `Grade ${grade}`;
}

/** A percentage: "31.8%", "*" when suppressed, "—" when not reported. */
export function percent(v: Shown | undefined): string {
  if (v === '*') return '*';
  if (v === null || v === undefined) return '—';
  return `${oneDecimal.format(v)}%`;
}

/** A count: "1,204", "*" or "—". */
export function tally(v: Shown | undefined): string {
  if (v === '*') return '*';
  if (v === null || v === undefined) return '—';
  return whole.format(v);
}

/** A scale score: "2,546.1", "*" or "—". */
export function score(v: Shown | undefined): string {
  if (v === '*') return '*';
  if (v === null || v === undefined) return '—';
  return oneDecimal.format(v);
}

/** A difference in percentage points with its sign: "+3.2 pts", "−4.0 pts", "—" when either side is hidden. */
export function points(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  const rounded = Math.round(v * 10) / 10;
  if (rounded === 0) return '0.0 pts';
  return `${rounded > 0 ? '+' : '−'}${oneDecimal.format(Math.abs(rounded))} pts`;
}

/** The difference of two shown figures, or null when either is hidden or missing. */
export function difference(a: Shown | undefined, b: Shown | undefined): number | null {
  return typeof a === 'number' && typeof b === 'number' ? a - b : null;
}

/** A figure for a spreadsheet: numbers stay numbers, hidden ones the same * and blank the page shows. */
export function cell(v: Shown | undefined): number | string | null {
  if (v === '*') return '*';
  return v ?? null;
}

export function changeClass(v: number | null): string | undefined {
  if (v === null || Math.abs(v) < 0.05) return undefined;
  return v > 0 ? 'change-up' : 'change-down';
}

export type SortKey = 'name' | 'district' | 'support' | 'latest' | 'growth';

const SUPPORT_ORDER = { intensive: 0, light_touch: 1 } as const;

/** Sorted by the chosen column; schools without a figure (hidden or missing) go last either way. */
export function sortSchools(schools: NetworkSchool[], sort: SortKey, order: 'asc' | 'desc', latest: string | undefined): NetworkSchool[] {
  const value = (s: NetworkSchool): string | number | null => {
    if (sort === 'name') return s.name;
    if (sort === 'district') return s.district.name;
    if (sort === 'support') return s.supportLevel ? SUPPORT_ORDER[s.supportLevel] : 2;
    if (sort === 'growth') return s.growth;
    const v = latest ? s.byYear[latest]?.pctMetOrAbove : null;
    return typeof v === 'number' ? v : null;
  };
  const sign = order === 'asc' ? 1 : -1;
  return [...schools].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? a.name.localeCompare(b.name) : va === null ? 1 : -1;
    const c = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return c === 0 ? a.name.localeCompare(b.name) : sign * c;
  });
}
