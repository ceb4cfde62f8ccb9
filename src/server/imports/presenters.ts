// Turns an import run as stored, with the progress of one running here, into the answer the imports routes declare.
import type { z } from 'zod';
import type { listImports } from '../../db/repositories/imports';
import type { ImportProgress } from '../../importers/load';
import type { importRunAnswer } from './schemas';

type Row = Awaited<ReturnType<typeof listImports>>[number];

export function presentImportRun(row: Row, live?: ImportProgress): z.input<typeof importRunAnswer> {
  const files = row.files as { name: string; sha256?: string; bytes: number }[];
  return {
    id: row.id,
    format: row.format,
    status: row.status,
    files: files.map((f) => ({ name: f.name, sha256: f.sha256 ?? '', bytes: f.bytes })),
    // How far an interrupted run got is not known: its progress lived in the process that stopped.
    bytesRead: live?.bytesRead ?? (row.status === 'running' || row.status === 'interrupted' ? 0 : Number(row.total_bytes)),
    totalBytes: Number(row.total_bytes),
    rowsRead: live?.rowsRead ?? row.rows_read,
    rowsInserted: row.rows_inserted,
    rowsUpdated: row.rows_updated,
    rowsUnchanged: row.rows_unchanged,
    matched: row.matched ?? null,
    error: row.error,
    startedBy: row.started_by_name ?? (row.started_via === 'cli' ? 'command line' : null),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
