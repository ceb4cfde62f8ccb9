// Reading a school's students with their results in one subject and year: the students to focus on.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema';

const num = (v: string | number | null) => (v === null ? null : Number(v));

/** Students of a school with their results in one subject and year, lowest level (then score) first. */
export async function focusStudents(db: Kysely<Database>, schoolId: string, subject: string, year: string | null) {
  const years = (
    await db
      .selectFrom('student_result as r')
      .innerJoin('student as s', 's.id', 'r.student_id')
      .select('r.school_year')
      .distinct()
      .where('s.school_id', '=', schoolId)
      .where('r.subject', '=', subject)
      .where('r.school_year', 'is not', null)
      .execute()
  )
    .map((r) => r.school_year!)
    .sort();
  const chosen = year ?? years[years.length - 1] ?? null;
  const students = chosen
    ? await db
        .selectFrom('student_result as r')
        .innerJoin('student as s', 's.id', 'r.student_id')
        .select([
          's.id',
          's.local_id',
          's.first_name',
          's.last_name',
          'r.grade',
          's.grade as student_grade',
          'r.assessment_title',
          'r.assessment_id',
          'r.scale_score',
          'r.performance_level',
          'r.level_ordinal',
        ])
        .where('s.school_id', '=', schoolId)
        .where('r.subject', '=', subject)
        .where('r.school_year', '=', chosen)
        .orderBy(sql`r.level_ordinal asc nulls last`)
        .orderBy(sql`r.scale_score asc nulls last`)
        .orderBy('s.last_name')
        .execute()
    : [];
  return {
    year: chosen,
    subject,
    years,
    students: students.map((s) => ({
      id: s.id,
      localId: s.local_id,
      name: [s.first_name, s.last_name].filter(Boolean).join(' ') || s.local_id,
      grade: s.grade ?? s.student_grade,
      assessment: s.assessment_title ?? s.assessment_id,
      scaleScore: num(s.scale_score),
      performanceLevel: s.performance_level,
      levelOrdinal: s.level_ordinal,
    })),
  };
}
