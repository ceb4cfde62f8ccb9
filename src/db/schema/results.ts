// Tables of imports and results: import runs, result entities, aggregate results, students and their results.
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from './columns';

export type ImportFormat = 'edsight' | 'caaspp' | 'edfi-xml' | 'student-csv' | 'oneroster';
/** `interrupted`: the process running it stopped (killed, crashed) before it finished; nothing from it was kept. */
export type ImportStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

export interface ImportRunTable {
  id: Generated<string>;
  organization_id: string;
  /** `generated`: records made by code (the demo network), not read from a file. */
  format: ImportFormat | 'generated';
  options: ColumnType<Record<string, unknown>, string | undefined, string>;
  files: ColumnType<{ name: string; sha256: string; bytes: number }[], string | undefined, string>;
  status: ImportStatus;
  total_bytes: ColumnType<string, number | undefined, number>;
  rows_read: ColumnType<number, number | undefined, number>;
  rows_inserted: ColumnType<number, number | undefined, number>;
  rows_updated: ColumnType<number, number | undefined, number>;
  rows_unchanged: ColumnType<number, number | undefined, number>;
  error: ColumnType<{ message: string; details: { where: string; message: string }[] } | null, string | null | undefined, string | null>;
  started_by: string | null;
  started_via: 'cli' | 'web';
  started_at: Timestamp;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  /** The process running the import, and its host: a run whose process is gone is interrupted. */
  pid: ColumnType<number | null, number | null | undefined, number | null>;
  host: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ResultEntityTable {
  id: Generated<string>;
  organization_id: string;
  state: string;
  kind: 'state' | 'county' | 'district' | 'school';
  code: string;
  name: string | null;
  district_id: string | null;
  school_id: string | null;
}

export interface AggregateResultTable {
  organization_id: string;
  entity_id: string;
  district_id: string | null;
  source: string;
  year: string;
  assessment: string;
  subject: string;
  grade: string;
  student_group: string;
  tested: number | null;
  level_counts: (number | null)[] | null;
  level_percents: ColumnType<(string | null)[] | null, (number | null)[] | null, (number | null)[] | null>;
  met_or_above: number | null;
  met_derived: ColumnType<boolean, boolean | undefined, boolean>;
  pct_met_or_above: ColumnType<string | null, number | null, number | null>;
  mean_scale_score: ColumnType<string | null, number | null, number | null>;
  suppressed: boolean;
  source_line: number;
  import_run_id: string;
}

export interface StudentTable {
  id: Generated<string>;
  organization_id: string;
  district_id: string;
  school_id: string | null;
  local_id: string;
  first_name: string | null;
  last_name: string | null;
  birth_date: ColumnType<string | null, string | null | undefined, string | null>;
  grade: number | null;
  demographics: ColumnType<Record<string, unknown>, string | undefined, string>;
  import_run_id: string;
}

export interface StudentResultTable {
  id: Generated<string>;
  organization_id: string;
  district_id: string;
  student_id: string;
  assessment_id: string;
  assessment_title: string | null;
  subject: string | null;
  grade: number | null;
  school_year: string | null;
  administration_date: string;
  scale_score: ColumnType<string | null, number | null, number | null>;
  raw_score: ColumnType<string | null, number | null, number | null>;
  performance_level: string | null;
  level_ordinal: number | null;
  source_line: number;
  import_run_id: string;
}
