// Reading the network results table: the visible schools, their rows for one subject, grade and group, and the choices on file.
import type { Kysely } from 'kysely';
import { decide, type Grant } from '../../domain/access';
import type { NetworkResultRow, NetworkSchoolRow } from '../../domain/network-results';
import { byGrade, distinct, groupOrder } from '../../domain/result-order';
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
}

/** The visible schools and their Smarter Balanced rows for one subject, grade and group, with the grades and groups on file. */
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
  return {
    subject: q.subject,
    grade: q.grade,
    group: q.group,
    years,
    grades: distinct(
      choices.map((c) => c.grade),
      byGrade,
    ),
    groups: distinct(
      choices.map((c) => c.student_group),
      groupOrder,
    ),
    schools: schools.map(
      (s): NetworkSchoolRow => ({ id: s.id, name: s.name, district: { id: s.district_id, name: s.district_name }, supportLevel: s.support_level ?? null }),
    ),
    rows: rows.map(
      (r): NetworkResultRow => ({
        schoolId: r.school_id!,
        year: r.year,
        tested: r.tested,
        met_or_above: r.met_or_above,
        pct_met_or_above: r.pct_met_or_above,
        suppressed: r.suppressed,
      }),
    ),
  };
}
