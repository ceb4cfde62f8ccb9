// What one import is asked, what it answers, and what each format's loader is given: the run's ids, options and meters.
import type { Readable } from 'node:stream';
import type { BulkSession } from '../db/database';
import type { ImportFormat } from '../db/schema';
import type { EntityMatches } from '../domain/import-formats';
import type { FileUse } from './import-files';

export interface ImportOptions {
  /** student-csv: the column map (parsed JSON). */
  map?: unknown;
  /** edsight: the school year when the file name does not carry it. */
  year?: string;
  /** caaspp: the entities file (names of schools and districts) and the lookups. */
  entities?: string;
  subgroups?: string;
  tests?: string;
  /** Student-level formats: add schools and districts that are not yet in the network. */
  createSchools?: boolean;
  /** With createSchools: the state of the districts created (two letters). */
  state?: string;
  /** Student-level formats: the network district (state code) for students whose school is unknown. */
  district?: string;
  /** How many bad rows to report before stopping (default 20); the file is rejected either way. */
  maxErrors?: number;
}

export interface ImportFile {
  path: string;
  /** Name shown in messages; defaults to the file's base name. */
  name?: string;
}

export interface ImportRequest {
  organizationId: string;
  format: ImportFormat;
  files: ImportFile[];
  options?: ImportOptions;
  actor: { personId: string | null; via: 'cli' | 'web' };
  onProgress?: (progress: ImportProgress) => void;
  /** Called once the run is recorded, before any row is read. */
  onStart?: (runId: string, totalBytes: number) => void;
}

export interface ImportProgress {
  runId: string;
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
}

export interface ImportSummary {
  runId: string;
  format: ImportFormat;
  files: { name: string; sha256: string; bytes: number }[];
  rowsRead: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  /** Schools and districts added with createSchools. */
  created: { districts: number; schools: number };
  /** Aggregate imports: reported schools and districts that matched the network (the two kinds of `matched` together). */
  matchedEntities?: number;
  /** Aggregate imports: the schools and districts reported, and how many of each are in the network. */
  matched?: EntityMatches;
}

/** What a loader is given: the run, its options, and the meters that follow what it reads. */
export interface LoadContext {
  organizationId: string;
  runId: string;
  actorId: string | null;
  options: ImportOptions;
  open(file: FileUse): Readable;
  row(): void;
  /** Several rows read at once. */
  rows(n: number): void;
  /** Bytes read by a worker thread, and a file's hash once the worker has read it all. */
  readElsewhere(bytes: number, hash?: { file: string; sha256: string }): void;
}

/** What a loader wrote. */
export type Counts = Pick<ImportSummary, 'rowsInserted' | 'rowsUpdated' | 'rowsUnchanged' | 'created' | 'matchedEntities' | 'matched'>;
export type Loader = (session: BulkSession, files: FileUse[], context: LoadContext) => Promise<Counts>;
