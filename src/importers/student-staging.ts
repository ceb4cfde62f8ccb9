// Stages student-level records (Ed-Fi XML, student CSV, OneRoster) for the merge: each kind of record is COPYed
// into a staging table of its own, one pass over the files feeding four COPY streams in turn.
import type { BulkSession } from '../db/database';
import { schoolYearLabel, schoolYearOfDate } from '../domain/school-year';
import { csvLine } from './copy-lines';
import type { EdfiRecord } from './edfi-xml';
import { assertStaged } from './load-checks';
import type { LoadContext } from './load-context';
import type { Demographics } from './records';

/** A record of any student-level format (they share Ed-Fi's shapes). */
export type StudentLevelRecord = EdfiRecord;

const ORG_COLUMNS = ['org_type', 'code', 'name', 'parent_code', 'grade_low', 'grade_high', 'source_line', 'file'];
const STUDENT_COLUMNS = ['local_id', 'first_name', 'last_name', 'birth_date', 'grade', 'school_code', 'demographics', 'source_line', 'file'];
const ENROLLMENT_COLUMNS = ['local_id', 'school_code', 'grade', 'source_line', 'file'];
const RESULT_COLUMNS = [
  'local_id',
  'school_code',
  'assessment_id',
  'assessment_title',
  'subject',
  'grade',
  'school_year',
  'administration_date',
  'scale_score',
  'raw_score',
  'performance_level',
  'level_ordinal',
  'source_line',
  'file',
];

const demographicsJson = (d: Demographics | undefined) => (d && Object.keys(d).length ? JSON.stringify(d) : '{}');

/** The school year of a test date, "2017-18"; null without a date. */
function schoolYearLabelOf(date: string | null): string | null {
  const year = date ? schoolYearOfDate(date) : null;
  return year === null ? null : schoolYearLabel(year);
}

/** Each record goes to its own staging table; one pass over the files feeds four COPY streams in turn. */
export async function stageStudentRecords(session: BulkSession, records: AsyncIterable<{ record: StudentLevelRecord; file: string }>, context: LoadContext) {
  await session.query(
    `create temp table stage_org (org_type text, code text, name text, parent_code text, grade_low smallint, grade_high smallint, source_line integer, file text) on commit drop`,
  );
  await session.query(
    `create temp table stage_student (local_id text, first_name text, last_name text, birth_date date, grade smallint, school_code text, demographics jsonb, source_line integer, file text) on commit drop`,
  );
  await session.query(`create temp table stage_enrollment (local_id text, school_code text, grade smallint, source_line integer, file text) on commit drop`);
  await session.query(`create temp table stage_result (local_id text, school_code text, assessment_id text, assessment_title text, subject text, grade smallint,
    school_year text, administration_date text, scale_score numeric, raw_score numeric, performance_level text, level_ordinal smallint, source_line integer, file text) on commit drop`);

  // Rows are buffered per table and flushed in blocks, so memory stays bounded whatever the file size.
  const buffers: Record<string, string[]> = { stage_org: [], stage_student: [], stage_enrollment: [], stage_result: [] };
  const columns: Record<string, string[]> = {
    stage_org: ORG_COLUMNS,
    stage_student: STUDENT_COLUMNS,
    stage_enrollment: ENROLLMENT_COLUMNS,
    stage_result: RESULT_COLUMNS,
  };
  const flush = async (table: string) => {
    const lines = buffers[table]!;
    if (!lines.length) return;
    buffers[table] = [];
    await session.copyCsv(
      table,
      columns[table]!,
      (async function* () {
        yield* lines;
      })(),
    );
  };
  const written: Record<string, number> = { stage_org: 0, stage_student: 0, stage_enrollment: 0, stage_result: 0 };
  const push = async (table: string, line: string) => {
    written[table]!++;
    const buffer = buffers[table]!;
    buffer.push(line);
    if (buffer.length >= 20_000) await flush(table);
  };
  for await (const { record: r, file } of records) {
    context.row();
    switch (r.kind) {
      case 'organization': {
        const grades = r.grades?.length ? r.grades : null;
        await push(
          'stage_org',
          csvLine([r.orgType, r.id, r.name, r.parentId ?? null, grades ? Math.min(...grades) : null, grades ? Math.max(...grades) : null, r.line, file]),
        );
        break;
      }
      case 'student':
        await push(
          'stage_student',
          csvLine([
            r.studentId,
            r.firstName ?? null,
            r.lastName ?? null,
            r.birthDate ?? null,
            r.grade ?? null,
            r.schoolId ?? null,
            demographicsJson(r.demographics),
            r.line,
            file,
          ]),
        );
        break;
      case 'enrollment':
        if (!r.role || r.role === 'student') await push('stage_enrollment', csvLine([r.studentId, r.schoolId, r.grade ?? null, r.line, file]));
        break;
      case 'student-result':
        if (r.demographics && Object.keys(r.demographics).length)
          await push('stage_student', csvLine([r.studentId, null, null, null, r.grade, r.schoolId, demographicsJson(r.demographics), r.line, file]));
        await push(
          'stage_result',
          csvLine([
            r.studentId,
            r.schoolId,
            r.assessmentId,
            r.assessmentTitle ?? null,
            r.subject,
            r.grade,
            r.schoolYear ?? schoolYearLabelOf(r.administrationDate),
            r.administrationDate ?? '',
            r.scaleScore,
            r.rawScore ?? null,
            r.performanceLevel,
            r.performanceLevelOrdinal,
            r.line,
            file,
          ]),
        );
        break;
      case 'assessment':
        break;
    }
  }
  for (const table of Object.keys(buffers)) await flush(table);
  await assertStaged(session, written);
}
