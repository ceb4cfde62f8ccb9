// Checks a student-level import makes on its staged rows before it merges them: every record read reached
// its staging table, and (Ed-Fi) every student a file refers to is rostered, in a Student interchange of the
// import or already in the network, so no result makes up a nameless student.
import type { BulkSession } from '../db/database';
import { ImportError } from './issues';

/** The staging tables and the rows written to each: a row lost on the way would be lost without a word. */
export async function assertStaged(session: BulkSession, written: Record<string, number>): Promise<void> {
  for (const [table, rows] of Object.entries(written)) {
    const [found] = await session.query<{ n: string }>(`select count(*) as n from ${table}`);
    if (Number(found!.n) !== rows)
      throw new ImportError([
        {
          file: 'the import',
          line: 0,
          message: `${rows.toLocaleString('en-US')} rows were read for ${table.replace('stage_', '')} records but ${Number(found!.n).toLocaleString('en-US')} were staged`,
        },
      ]);
  }
}

/**
 * Ed-Fi: the students that results, enrollments and demographics refer to must be in a Student interchange
 * of this import (`studentFiles`) or already in the network; otherwise the result would make up a student
 * with no name, and the reference is more likely a typo than a new student.
 */
export async function assertRosteredStudents(session: BulkSession, organizationId: string, studentFiles: string[]): Promise<void> {
  const unknown = await session.query<{ local_id: string; file: string; source_line: number }>(
    `with refs as (
       select local_id, file, source_line from stage_result
       union all select local_id, file, source_line from stage_enrollment
       union all select local_id, file, source_line from stage_student where not (file = any($2::text[])))
     select distinct on (r.local_id) r.local_id, r.file, r.source_line from refs r
     where not exists (select 1 from stage_student s where s.local_id = r.local_id and s.file = any($2::text[]))
       and not exists (select 1 from student st where st.organization_id = $1 and st.local_id = r.local_id)
     order by r.local_id, r.file, r.source_line limit 20`,
    [organizationId, studentFiles],
  );
  if (!unknown.length) return;
  const issues = unknown
    .map((r) => ({
      file: r.file,
      line: Number(r.source_line),
      column: 'StudentUniqueId',
      message: `student ${r.local_id} is in no Student file of this import and not in the network; import the Student interchange with it`,
    }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  throw new ImportError(issues);
}
