// The normalized records every importer yields, whatever the source format: plain data that loaders and the demo share.
export type Subject = 'ela' | 'math';
/** 0 is kindergarten; 'all' is every grade combined. */
export type Grade = 'all' | number;

export interface AggregateEntity {
  kind: 'state' | 'county' | 'district' | 'school';
  state: 'CT' | 'CA';
  /**
   * CT: the 7-digit district code. CA: county 2 digits, county+district 7 digits, full 14-digit CDS
   * for schools. A state row carries the state's abbreviation.
   */
  code: string;
  name?: string;
}

/** One row of a published school-, district- or state-level results file. */
export interface AggregateResult {
  source: 'edsight' | 'caaspp';
  entity: AggregateEntity;
  /** School year, written '2017-18'. */
  year: string;
  /** Which test family: Smarter Balanced, or California's alternate assessment (CAA). */
  assessment: 'smarter-balanced' | 'caa';
  subject: Subject;
  grade: Grade;
  /** Student-group code (see student-groups.ts); 'all' for all students. */
  group: string;
  /** Students with scores: the denominator of every percentage in the row. */
  tested: number | null;
  /** Levels 1..4 (not met, nearly met, met, exceeded); null entries were suppressed or missing. */
  levelCounts: (number | null)[] | null;
  levelPercents: (number | null)[] | null;
  metOrAbove: number | null;
  /**
   * True when the source gives only a percentage and metOrAbove was computed from it and `tested`
   * (CAASPP); such counts are exact below 10,000 students and close above.
   */
  metOrAboveDerived?: boolean;
  pctMetOrAbove: number | null;
  meanScaleScore: number | null;
  /** True when any figure in the row was `*` at the source; suppressed figures are null, never 0. */
  suppressed: boolean;
  /** Line in the source file, so every number can be traced to its row. */
  line: number;
}

export interface Demographics {
  /** Race/ethnicity codes (see student-groups.ts), e.g. ['hispanic'] or ['black', 'white']. */
  race?: string[];
  hispanic?: boolean;
  englishLearner?: boolean;
  economicallyDisadvantaged?: boolean;
  disability?: boolean;
  gender?: string;
}

export interface StudentRecord {
  kind: 'student';
  /** The file of a bundle the record came from, when one import reads several (OneRoster). */
  file?: string;
  studentId: string;
  firstName?: string;
  lastName?: string;
  birthDate?: string;
  schoolId?: string;
  grade?: number;
  demographics: Demographics;
  line: number;
}

export interface OrganizationRecord {
  kind: 'organization';
  file?: string;
  orgType: 'state' | 'service-center' | 'district' | 'school' | 'other';
  id: string;
  name: string;
  parentId?: string;
  /** Grades served, 0 = K. */
  grades?: number[];
  line: number;
}

export interface EnrollmentRecord {
  kind: 'enrollment';
  file?: string;
  studentId: string;
  schoolId: string;
  classId?: string;
  role?: string;
  grade?: number;
  entryDate?: string;
  exitDate?: string;
  line: number;
}

export interface PerformanceLevelDefinition {
  label: string;
  /** 1 = lowest. Ordered by the level's minimum score. */
  ordinal: number;
  minScore?: number;
  maxScore?: number;
}

export interface AssessmentRecord {
  kind: 'assessment';
  assessmentId: string;
  title: string;
  subject?: string;
  grade?: number;
  category?: string;
  performanceLevels: PerformanceLevelDefinition[];
  /** The lowest and highest score of each reporting method, where the source gives them. */
  scoreRanges?: { method: string; min?: number; max?: number }[];
  line: number;
}

/** One student's result on one test administration. */
export interface StudentResult {
  kind: 'student-result';
  studentId: string;
  schoolId: string | null;
  assessmentId: string;
  assessmentTitle?: string;
  /** 'ela', 'math', or the source's own subject word when it is neither. */
  subject: string | null;
  grade: number | null;
  administrationDate: string | null;
  schoolYear: string | null;
  scaleScore: number | null;
  /** The raw (number-correct) score, where the source gives one. */
  rawScore?: number | null;
  performanceLevel: string | null;
  /** 1 = lowest, when the level scale is known. */
  performanceLevelOrdinal: number | null;
  demographics?: Demographics;
  line: number;
}
