// Runs one import: records the run, loads every file in one transaction through its format's loader, idempotently.
// Rows stream from the parsers into COPY (memory stays flat): aggregate results straight into their
// table where nothing is stored under their keys yet, otherwise (and student-level records always) into
// staging tables that set-based SQL checks, links to the network and merges, so a re-import of the same
// file changes nothing.
import type { Readable } from 'node:stream';
import type { TrellisDatabase } from '../db/database';
import type { ImportFormat } from '../db/schema';
import { AppError } from '../domain/errors';
import { meteredFile } from './aggregate-chunks';
import { loadCaaspp, loadEdsight } from './aggregate-load';
import { filesOf, hashFile, type FileUse } from './import-files';
import { holdRun, thisProcess } from './import-runs';
import { printable } from './issues';
import type { ImportRequest, ImportSummary, Loader, LoadContext } from './load-context';
import { loadEdfi, loadOneRoster, loadStudentCsv } from './student-load';

export type { ImportFile, ImportOptions, ImportProgress, ImportRequest, ImportSummary } from './load-context';

const LOADERS: Record<ImportFormat, Loader> = {
  edsight: loadEdsight,
  caaspp: loadCaaspp,
  'edfi-xml': loadEdfi,
  'student-csv': loadStudentCsv,
  oneroster: loadOneRoster,
};

const PROGRESS_EVERY_MS = 200;

/** Runs one import: records it, loads every file in one transaction, and records how it ended. */
export async function runImport(database: TrellisDatabase, request: ImportRequest): Promise<ImportSummary> {
  const files = await filesOf(request.format, request.files, [request.options?.entities, request.options?.subgroups, request.options?.tests]);
  const totalBytes = files.reduce((a, f) => a + f.bytes, 0);
  const options = { ...request.options };
  const run = await database.db
    .insertInto('import_run')
    .values({
      organization_id: request.organizationId,
      format: request.format,
      options: JSON.stringify({ ...options, map: options.map === undefined ? undefined : options.map }),
      files: JSON.stringify(files.map((f) => ({ name: f.name, bytes: f.bytes }))),
      status: 'running',
      total_bytes: totalBytes,
      started_by: request.actor.personId,
      started_via: request.actor.via,
      ...thisProcess(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const release = holdRun(run.id);
  request.onStart?.(run.id, totalBytes);

  let bytesRead = 0;
  let rowsRead = 0;
  let last = 0;
  const report = (force = false) => {
    const now = Date.now();
    if (!force && now - last < PROGRESS_EVERY_MS) return;
    last = now;
    request.onProgress?.({ runId: run.id, bytesRead, totalBytes, rowsRead });
  };
  const context: LoadContext = {
    organizationId: request.organizationId,
    runId: run.id,
    actorId: request.actor.personId,
    options,
    open(file: FileUse): Readable {
      return meteredFile(
        file.path,
        (n) => {
          bytesRead += n;
          report();
        },
        (sha256) => (file.sha256 = sha256),
      );
    },
    row() {
      rowsRead++;
      if ((rowsRead & 1023) === 0) report();
    },
    rows(n: number) {
      rowsRead += n;
      report();
    },
    readElsewhere(bytes: number, hashes?: { file: string; sha256: string }) {
      bytesRead += bytes;
      if (hashes) for (const f of files) if (f.name === hashes.file) f.sha256 = hashes.sha256;
      report();
    },
  };

  try {
    let summary!: ImportSummary;
    await database.bulk(async (session) => {
      const counts = await LOADERS[request.format](session, files, context);
      summary = {
        runId: run.id,
        format: request.format,
        files: files.map((f) => ({ name: f.name, sha256: f.sha256 || hashFile(f.path), bytes: f.bytes })),
        rowsRead,
        ...counts,
      };
      // Audited with the rows it wrote, in the same transaction, whether it came from the command line or the web.
      await session.query(`insert into audit_log (organization_id, actor_id, action, object_kind, object_id, after) values ($1, $2, $3, $4, $5, $6)`, [
        request.organizationId,
        request.actor.personId,
        'import.run',
        'import_run',
        run.id,
        JSON.stringify(auditRecord(summary, request.actor.via)),
      ]);
    });
    report(true);
    await database.db
      .updateTable('import_run')
      .set({
        status: 'succeeded',
        files: JSON.stringify(summary.files),
        rows_read: rowsRead,
        rows_inserted: summary.rowsInserted,
        rows_updated: summary.rowsUpdated,
        rows_unchanged: summary.rowsUnchanged,
        finished_at: new Date(),
      })
      .where('id', '=', run.id)
      .execute();
    return summary;
  } catch (error) {
    const failure =
      error instanceof AppError
        ? error
        : new AppError('import_failed', `The import failed: ${printable(String((error as Error)?.message ?? error), 300)}. Nothing from it was kept.`);
    await database.db
      .updateTable('import_run')
      .set({ status: 'failed', rows_read: rowsRead, error: JSON.stringify({ message: failure.message, details: failure.details }), finished_at: new Date() })
      .where('id', '=', run.id)
      .execute();
    throw failure;
  } finally {
    release();
  }
}

/** What the audit log keeps of an import: how it came, the files with their hashes, and what it changed. */
function auditRecord(summary: ImportSummary, via: 'cli' | 'web') {
  return {
    format: summary.format,
    via,
    files: summary.files,
    rowsRead: summary.rowsRead,
    rowsInserted: summary.rowsInserted,
    rowsUpdated: summary.rowsUpdated,
    rowsUnchanged: summary.rowsUnchanged,
    created: summary.created,
    ...(summary.matched ? { matched: summary.matched } : {}),
  };
}
