// How the web app names import formats and runs: a format's label, a run's status, an interrupted run, a size.
import type { ImportFormat, ImportRun } from './queries/imports';
import { dateTime } from './format';

export const FORMAT_LABELS: Record<ImportFormat, string> = {
  edsight: 'Connecticut EdSight export',
  caaspp: 'California CAASPP research file',
  'edfi-xml': 'Ed-Fi XML interchanges',
  'student-csv': 'Student results CSV (with a column map)',
  oneroster: 'OneRoster 1.1 CSV bundle',
};

/** A run's status as the server gives it: `interrupted` when the process running it stopped before it finished. */
export type RunStatus = ImportRun['status'];

const STATUS: Record<RunStatus, { label: string; color: string }> = {
  running: { label: 'Running', color: '#1f5a85' },
  succeeded: { label: 'Imported', color: '#1b6b2a' },
  failed: { label: 'Failed: nothing kept', color: '#a3261b' },
  interrupted: { label: 'Interrupted: nothing kept', color: '#8a5a00' },
};

export const statusOf = (run: ImportRun) => STATUS[run.status];

/** "Interrupted on Mar 3, 2026, 5:40 PM: the process running it stopped before it finished. Nothing from it was kept; run it again." */
export function interruptedSentence(run: ImportRun): string {
  const when = run.finishedAt ? ` on ${dateTime(run.finishedAt)}` : '';
  return `Interrupted${when}: the process running it stopped before it finished (the server or the command was stopped or crashed). Nothing from it was kept; run it again.`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
