// The network results table from the rows on file: each school's % met or above by year with its growth, the
// network's totals from counts (a hidden count is left out and counted, never read as 0), and partner schools
// against the schools without a current partnership.
import { growth, partnerVsComparison, sumOverEntities } from './metrics';
import { showCounts, type ShownFigure, type StoredCounts } from './results';
import { SUPPRESSED } from './suppression';

export interface NetworkSchoolRow {
  id: string;
  name: string;
  district: { id: string; name: string };
  supportLevel: 'intensive' | 'light_touch' | null;
}

/** A school's row for the chosen subject, grade and group in one year. */
export interface NetworkResultRow extends StoredCounts {
  schoolId: string;
  year: string;
}

export interface NetworkSchool extends NetworkSchoolRow {
  byYear: Record<string, { tested: ShownFigure; pctMetOrAbove: ShownFigure }>;
  growth: number | null;
  growthFrom: string | null;
  growthTo: string | null;
}

const oneDecimal = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/**
 * One line per school (in the order given, each once): % met or above by year, and growth from its first to its last
 * shown year. Small groups show as they are only at the schools in `canSeeStudentsAt`.
 */
export function networkTable(schools: NetworkSchoolRow[], rows: NetworkResultRow[], years: string[], canSeeStudentsAt: ReadonlySet<string> = new Set()) {
  const bySchool = new Map<string, NetworkResultRow[]>();
  for (const r of rows) bySchool.set(r.schoolId, [...(bySchool.get(r.schoolId) ?? []), r]);
  const seen = new Set<string>();
  const lines: NetworkSchool[] = [];
  for (const s of schools) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    const see = canSeeStudentsAt.has(s.id);
    const byYear: NetworkSchool['byYear'] = {};
    for (const r of bySchool.get(s.id) ?? []) {
      const shown = showCounts(r, see);
      byYear[r.year] = { tested: shown.tested, pctMetOrAbove: shown.pctMetOrAbove };
    }
    const shownYears = years.filter((y) => typeof byYear[y]?.pctMetOrAbove === 'number');
    const from = shownYears[0] ?? null;
    const to = shownYears.length > 1 ? shownYears[shownYears.length - 1]! : null;
    lines.push({
      ...s,
      byYear,
      growth: from && to ? growth(byYear[from]!.pctMetOrAbove, byYear[to]!.pctMetOrAbove) : null,
      growthFrom: to ? from : null,
      growthTo: to,
    });
  }
  // Totals from counts; a school whose counts are hidden is left out and counted, never read as 0.
  const network = years.map((year) => {
    const sum = sumOverEntities(
      lines.map((s) => {
        const raw = bySchool.get(s.id)?.find((r) => r.year === year);
        const small = !raw || raw.tested === null || raw.tested < 11;
        return { tested: raw && !small ? raw.tested : SUPPRESSED, metOrAbove: raw && !small ? raw.met_or_above : SUPPRESSED };
      }),
    );
    return { year, tested: sum.tested, pctMetOrAbove: oneDecimal(sum.pct), includedCount: sum.includedCount, leftOutCount: sum.leftOutCount };
  });
  // Partner schools against the network's schools without a current partnership, year by year.
  const comparison = years.map((year) => {
    const pct = (partner: boolean) => lines.filter((s) => (s.supportLevel !== null) === partner).map((s) => s.byYear[year]?.pctMetOrAbove ?? null);
    const c = partnerVsComparison(pct(true), pct(false));
    return {
      year,
      partner: { ...c.partner, mean: oneDecimal(c.partner.mean) },
      comparison: { ...c.comparison, mean: oneDecimal(c.comparison.mean) },
      difference: oneDecimal(c.difference),
    };
  });
  return { schools: lines, network, comparison };
}
