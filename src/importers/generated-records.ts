// Loads records made by code (the demo network's synthetic results) through the same staging and merge as a file import.
import type { TrellisDatabase } from '../db/database';
import { mergeAggregates } from './aggregate-load';
import { holdRun, thisProcess } from './import-runs';
import { printable } from './issues';
import type { Counts, LoadContext } from './load-context';
import type { AggregateResult } from './records';
import { mergeStudents } from './student-merge';
import { stageStudentRecords, type StudentLevelRecord } from './student-staging';

/**
 * Loads records made by code (the demo network's synthetic results) through the same staging and
 * merge as a file import, recorded as an import run of its own.
 */
export async function loadGeneratedRecords(
  database: TrellisDatabase,
  organizationId: string,
  label: string,
  records: { aggregates: Iterable<AggregateResult>; studentLevel: Iterable<StudentLevelRecord> },
): Promise<Counts> {
  const run = await database.db
    .insertInto('import_run')
    .values({
      organization_id: organizationId,
      format: 'generated',
      files: JSON.stringify([{ name: label, bytes: 0 }]),
      status: 'running',
      started_by: null,
      started_via: 'cli',
      ...thisProcess(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const release = holdRun(run.id);
  let rows = 0;
  const context: LoadContext = {
    organizationId,
    runId: run.id,
    actorId: null,
    options: {},
    open: () => {
      throw new Error('generated records have no file');
    },
    row: () => rows++,
    rows: (n) => (rows += n),
    readElsewhere: () => {},
  };
  const counts = await database
    .bulk(async (session) => {
      const a = await mergeAggregates(session, context, { label, records: records.aggregates });
      await stageStudentRecords(
        session,
        (async function* () {
          for (const record of records.studentLevel) yield { record, file: label };
        })(),
        context,
      );
      const s = await mergeStudents(session, context);
      return {
        rowsInserted: a.rowsInserted + s.rowsInserted,
        rowsUpdated: a.rowsUpdated + s.rowsUpdated,
        rowsUnchanged: a.rowsUnchanged + s.rowsUnchanged,
        created: s.created,
      };
    })
    .catch(async (error: unknown) => {
      const message = `The import failed: ${printable(String((error as Error)?.message ?? error), 300)}. Nothing from it was kept.`;
      await database.db
        .updateTable('import_run')
        .set({ status: 'failed', error: JSON.stringify({ message, details: [] }), finished_at: new Date() })
        .where('id', '=', run.id)
        .execute();
      throw error;
    })
    .finally(release);
  await database.db
    .updateTable('import_run')
    .set({
      status: 'succeeded',
      rows_read: rows,
      rows_inserted: counts.rowsInserted,
      rows_updated: counts.rowsUpdated,
      rows_unchanged: counts.rowsUnchanged,
      finished_at: new Date(),
    })
    .where('id', '=', run.id)
    .execute();
  return counts;
}
