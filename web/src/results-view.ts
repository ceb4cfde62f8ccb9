// What a results page shows, chosen once and read by each of its sections: the filter, the years, the rows they pick.
import type { EntityResults, ResultRow, ResultSource } from './queries/results';
import { difference } from './results-format';

export const SERIES_COLORS = { own: '#1f5a85', district: '#b5452f', state: '#5b6570' };

export type Filter = { subject: string; grade: string; group: string; assessment: string };

/** The page's answer with the choices made on it. */
export interface ResultsView {
  r: EntityResults;
  kind: 'school' | 'district';
  f: Filter;
  /** The years with results for the chosen subject, grade and assessment. */
  years: string[];
  /** The year the student groups are shown for. */
  year: string;
  /** "English language arts, all grades, all students". */
  what: string;
  /** The notes every exported table carries. */
  notes: string[];
  /** A file name for an exported table. */
  slug: (part: string) => string;
  sources: Map<string, ResultSource>;
}

export function findRow(rows: ResultRow[], f: Filter, year: string, group = f.group): ResultRow | undefined {
  return rows.find((r) => r.year === year && r.subject === f.subject && r.grade === f.grade && r.group === group && r.assessment === f.assessment);
}

/** "sb_ca2024_1.txt line 214", so anyone can find the row a figure came from. */
export function sourceOf(row: ResultRow | undefined, sources: Map<string, ResultSource>): string {
  if (!row) return '';
  const s = sources.get(row.importRunId);
  if (!s) return `${row.source} line ${row.line}`;
  if (s.format === 'generated') return `${s.files[0] ?? 'generated'}, record ${row.line}`;
  return `${s.files.length === 1 ? s.files[0] : `${s.format} import`} line ${row.line}`;
}

/** A shown figure for a chart: hidden and missing figures are gaps (NaN), never 0. */
export const plotted = (v: ResultRow['pctMetOrAbove'] | undefined) => (typeof v === 'number' ? v : NaN);

export interface TrendYear {
  year: string;
  own: ResultRow | undefined;
  district: ResultRow | undefined;
  state: ResultRow | undefined;
  /** Points since the year before. */
  change: number | null;
  vsDistrict: number | null;
  vsState: number | null;
}

/** This school or district, its district and the state, year by year. */
export function trendOf({ r, f, years }: ResultsView): TrendYear[] {
  return years.map((y, i) => {
    const own = findRow(r.rows, f, y);
    const prev = i > 0 ? findRow(r.rows, f, years[i - 1]!) : undefined;
    const district = findRow(r.district, f, y, 'all');
    const state = findRow(r.state, f, y, 'all');
    return {
      year: y,
      own,
      district,
      state,
      change: prev ? difference(own?.pctMetOrAbove, prev.pctMetOrAbove) : null,
      vsDistrict: difference(own?.pctMetOrAbove, district?.pctMetOrAbove),
      vsState: difference(own?.pctMetOrAbove, state?.pctMetOrAbove),
    };
  });
}

/** Points rounded to one decimal for a spreadsheet, blank when not known. */
export const roundedPoints = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

export interface GroupYear {
  code: string;
  label: string;
  row: ResultRow | undefined;
  /** Points against all students. */
  gap: number | null;
  /** Points since the year before. */
  change: number | null;
}

/** The student groups reported in the chosen year, with the gap to all students. */
export function groupsOf({ r, f, years, year }: ResultsView): GroupYear[] {
  const yearIndex = years.indexOf(year);
  const all = findRow(r.rows, f, year, 'all');
  return r.groups
    .map((g) => {
      const row = findRow(r.rows, f, year, g.code);
      const prev = yearIndex > 0 ? findRow(r.rows, f, years[yearIndex - 1]!, g.code) : undefined;
      return {
        code: g.code,
        label: g.label,
        row,
        gap: g.code === 'all' ? null : difference(row?.pctMetOrAbove, all?.pctMetOrAbove),
        change: prev ? difference(row?.pctMetOrAbove, prev.pctMetOrAbove) : null,
      };
    })
    .filter((g) => g.row);
}
