// The shapes of the results and imports answers (see docs/results-api.md).

import type { ImportRunAnswer } from '../../src/server/routes/imports';
import type { Wire } from '../../src/server/wire';

/** A figure as this viewer may see it: a number, '*' when suppressed, null when not reported. */
export type Shown = number | '*' | null;

export interface ResultRow {
  year: string;
  assessment: string;
  subject: string;
  grade: string;
  group: string;
  tested: Shown;
  metOrAbove: Shown;
  pctMetOrAbove: Shown;
  levelPercents: Shown[] | null;
  meanScaleScore: Shown;
  /** The % at or above standard is hidden (`*`). */
  suppressed: boolean;
  /** Levels (1-4) whose figures are hidden, even when the % at or above standard is shown. */
  hiddenLevels: number[];
  source: string;
  line: number;
  importRunId: string;
}

export interface GroupInfo {
  code: string;
  label: string;
}

export interface ResultSource {
  importRunId: string;
  format: string;
  files: string[];
  importedAt: string;
}

export interface EntityResults {
  entity: { kind: 'school' | 'district'; id: string; name: string; stateCode: string; district: { id: string; name: string } | null };
  years: string[];
  subjects: string[];
  grades: string[];
  groups: GroupInfo[];
  rows: ResultRow[];
  district: ResultRow[];
  state: ResultRow[];
  sources: ResultSource[];
  canSeeStudents: boolean;
  levelLabels: string[];
}

export interface NetworkResults {
  subject: string;
  grade: string;
  group: string;
  years: string[];
  grades: string[];
  groups: GroupInfo[];
  schools: {
    id: string;
    name: string;
    district: { id: string; name: string };
    supportLevel: 'intensive' | 'light_touch' | null;
    byYear: Record<string, { tested: Shown; pctMetOrAbove: Shown }>;
    growth: number | null;
    growthFrom: string | null;
    growthTo: string | null;
  }[];
  network: { year: string; tested: number; pctMetOrAbove: number | null; includedCount: number; leftOutCount: number }[];
  comparison: { year: string; partner: GroupMean; comparison: GroupMean; difference: number | null }[];
}

export interface GroupMean {
  mean: number | null;
  includedCount: number;
  leftOutCount: number;
}

export interface FocusStudents {
  year: string | null;
  subject: string;
  years: string[];
  levelLabels: string[];
  students: {
    id: string;
    localId: string;
    name: string;
    grade: number | null;
    assessment: string;
    scaleScore: number | null;
    performanceLevel: string | null;
    levelOrdinal: number | null;
  }[];
}

export type ImportFormat = 'edsight' | 'caaspp' | 'edfi-xml' | 'student-csv' | 'oneroster';

/** One import as the server answers it. */
export type ImportRun = Wire<ImportRunAnswer>;
