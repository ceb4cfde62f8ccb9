// Reading the network results table: every visible school's % met or above by year, network totals, partners against the rest.
import type { Kysely } from 'kysely';
import { decide, type Grant } from '../../domain/access';
import { growth, partnerVsComparison, sumOverEntities } from '../../domain/metrics';
import { byGrade, distinct, groupOrder } from '../../domain/result-order';
import { showCounts, type ShownFigure } from '../../domain/results';
import { SUPPRESSED } from '../../domain/suppression';
import type { Database } from '../schema';
import { currentPartnership } from './network';
import { teamSchools, visibleSchools } from './scope';

/** The visible schools where these grants may see the student rows (small groups shown as they are). */
export async function schoolsSeeingStudents(db: Kysely<Database>, grants: Grant[], organizationId: string): Promise<Set<string>> {
  const [schools, collaborations, teams] = await Promise.all([
    db.selectFrom('school').select(['id', 'district_id']).where(visibleSchools(grants, organizationId)).execute(),
    db.selectFrom('collaboration_district').select(['collaboration_id', 'district_id']).execute(),
    teamSchools(db, grants),
  ]);
  const seeing = new Set<string>();
  for (const s of schools) {
    const collaborationIds = collaborations.filter((c) => c.district_id === s.district_id).map((c) => c.collaboration_id);
    if (decide(grants, { organizationId, districtId: s.district_id, schoolId: s.id, collaborationIds }, 'read_students', teams) === 'allow') seeing.add(s.id);
  }
  return seeing;
}

export interface NetworkQuery {
  organizationId: string;
  grants: readonly Grant[];
  subject: string;
  grade: string;
  group: string;
  /** Schools where the viewer may see student rows (small groups shown as they are). */
  canSeeStudentsAt?: ReadonlySet<string>;
}

export interface NetworkSchool {
  id: string;
  name: string;
  district: { id: string; name: string };
  supportLevel: 'intensive' | 'light_touch' | null;
  byYear: Record<string, { tested: ShownFigure; pctMetOrAbove: ShownFigure }>;
  growth: number | null;
  growthFrom: string | null;
  growthTo: string | null;
}

/** One line per visible school: % met or above by year, and growth from its first to its last shown year. */
export async function networkResults(db: Kysely<Database>, q: NetworkQuery) {
  const schools = await db
    .selectFrom('school')
    .innerJoin('district', 'district.id', 'school.district_id')
    .leftJoin(currentPartnership(db), (j) => j.onRef('partnership.school_id', '=', 'school.id'))
    .select(['school.id', 'school.name', 'district.id as district_id', 'district.name as district_name', 'partnership.support_level'])
    .where(visibleSchools(q.grants, q.organizationId))
    .orderBy('school.name')
    .execute();
  const ids = [...new Set(schools.map((s) => s.id))];
  const rows = ids.length
    ? await db
        .selectFrom('aggregate_result as r')
        .innerJoin('result_entity as e', 'e.id', 'r.entity_id')
        .select(['e.school_id', 'r.year', 'r.tested', 'r.met_or_above', 'r.pct_met_or_above', 'r.suppressed', 'r.assessment'])
        .where('e.school_id', 'in', ids)
        .where('r.subject', '=', q.subject)
        .where('r.grade', '=', q.grade)
        .where('r.student_group', '=', q.group)
        .where('r.assessment', '=', 'smarter-balanced')
        .execute()
    : [];
  // The grades and groups on file for these schools, for the page's choices.
  const choices = ids.length
    ? await db
        .selectFrom('aggregate_result as r')
        .innerJoin('result_entity as e', 'e.id', 'r.entity_id')
        .select(['r.grade', 'r.student_group'])
        .distinct()
        .where('e.school_id', 'in', ids)
        .where('r.subject', '=', q.subject)
        .where('r.assessment', '=', 'smarter-balanced')
        .execute()
    : [];
  const years = distinct(rows.map((r) => r.year));
  const bySchool = new Map<string, typeof rows>();
  for (const r of rows) bySchool.set(r.school_id!, [...(bySchool.get(r.school_id!) ?? []), r]);
  const seen = new Set<string>();
  const out: NetworkSchool[] = [];
  for (const s of schools) {
    if (seen.has(s.id)) continue;
    seen.add(s.id);
    const see = q.canSeeStudentsAt?.has(s.id) ?? false;
    const byYear: Record<string, { tested: ShownFigure; pctMetOrAbove: ShownFigure }> = {};
    for (const r of bySchool.get(s.id) ?? []) {
      const shown = showCounts(r, see);
      byYear[r.year] = { tested: shown.tested, pctMetOrAbove: shown.pctMetOrAbove };
    }
    const shownYears = years.filter((y) => typeof byYear[y]?.pctMetOrAbove === 'number');
    const from = shownYears[0] ?? null;
    const to = shownYears.length > 1 ? shownYears[shownYears.length - 1]! : null;
    out.push({
      id: s.id,
      name: s.name,
      district: { id: s.district_id, name: s.district_name },
      supportLevel: s.support_level ?? null,
      byYear,
      growth: from && to ? growth(byYear[from]!.pctMetOrAbove, byYear[to]!.pctMetOrAbove) : null,
      growthFrom: to ? from : null,
      growthTo: to,
    });
  }
  // Network totals from counts; a school whose counts are hidden is left out and counted, never read as 0.
  const network = years.map((year) => {
    const sum = sumOverEntities(
      out.map((s) => {
        const raw = bySchool.get(s.id)?.find((r) => r.year === year);
        const small = !raw || raw.tested === null || raw.tested < 11;
        return { tested: raw && !small ? raw.tested : SUPPRESSED, metOrAbove: raw && !small ? raw.met_or_above : SUPPRESSED };
      }),
    );
    return { year, tested: sum.tested, pctMetOrAbove: sum.pct === null ? null : Math.round(sum.pct * 10) / 10, includedCount: sum.includedCount, leftOutCount: sum.leftOutCount };
  });
  // Partner schools against the network's schools without a current partnership, year by year.
  const comparison = years.map((year) => {
    const pct = (partner: boolean) => out.filter((s) => (s.supportLevel !== null) === partner).map((s) => s.byYear[year]?.pctMetOrAbove ?? null);
    const c = partnerVsComparison(pct(true), pct(false));
    const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
    return { year, partner: { ...c.partner, mean: round(c.partner.mean) }, comparison: { ...c.comparison, mean: round(c.comparison.mean) }, difference: round(c.difference) };
  });
  return {
    subject: q.subject,
    grade: q.grade,
    group: q.group,
    years,
    grades: distinct(choices.map((c) => c.grade), byGrade),
    groups: distinct(choices.map((c) => c.student_group), groupOrder),
    schools: out,
    network,
    comparison,
  };
}
