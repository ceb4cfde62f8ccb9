// The shapes of the framework and review answers, as the web app reads them.
import type { EvidenceKind, RatingSource, ReviewType } from '../../src/db/schema';
import type { Framework, FrameworkLevel } from '../../src/domain/framework';
import type { ReviewerCandidate, ReviewersAnswer, ReviewersNow } from '../../src/server/routes/reviews';

export type { EvidenceKind, Framework, FrameworkLevel, RatingSource, ReviewerCandidate, ReviewersAnswer, ReviewersNow, ReviewType };

export interface FrameworkRow {
  id: string;
  key: string;
  name: string;
  version: number;
  kind: 'school' | 'district';
  status: 'draft' | 'published';
  built_in: boolean;
  revision: number;
  published_at: string | null;
}

export interface FrameworkDetail extends FrameworkRow {
  document: Framework;
}

export interface ReviewRow {
  id: string;
  title: string;
  type: ReviewType;
  school_year: number;
  starts_on: string;
  ends_on: string;
  status: 'open' | 'finalized';
  partial: boolean;
  framework_name: string;
  framework_version: number;
  framework_id: string;
}

export interface Evidence {
  id: string;
  kind: EvidenceKind;
  note: string;
}

export interface RatingRow {
  id: string;
  indicator_key: string;
  source: RatingSource;
  level: number | null;
  dimensions: Record<string, number>;
  note: string;
  version: number;
  updated_at?: string;
  evidence: Evidence[];
}

export interface Participant {
  name: string;
  role: string;
}

export interface ReviewDetail {
  id: string;
  title: string;
  type: ReviewType;
  status: 'open' | 'finalized';
  version: number;
  school_id: string | null;
  school_name: string | null;
  district_id: string;
  district_name: string;
  school_year: number;
  starts_on: string;
  ends_on: string;
  finalized_at: string | null;
  /** Finalized with indicators unrated, on purpose, and why. */
  partial: boolean;
  partial_reason: string | null;
  participants: Participant[];
  /** The people named as reviewers: they give the external and consensus ratings. */
  reviewers: ReviewersAnswer['reviewers'];
  /** The rating sources the signed-in person may give on this review. */
  mayRate: RatingSource[];
  /** Whether the signed-in person may change the review: its reviewers, while it is open. */
  mayEdit: boolean;
  focus_indicators: string[];
  framework_id: string;
  ratings: RatingRow[];
  framework: FrameworkDetail;
}

export interface IndicatorLevel {
  indicatorKey: string;
  name: string;
  domainName: string;
  equity: boolean;
  level: number | null;
}

export interface Calibration {
  n: number;
  meanDifference: number | null;
  selfHigher: number | null;
  selfLower: number | null;
  equal: number | null;
}

export type Validation = null | { status: 'validated' } | { status: 'challenged'; direction: 'self_higher' | 'self_lower'; by: number };

export interface ReviewSummary {
  rated: number;
  total: number;
  domains: { key: string; name: string; mean: number | null; rated: number; total: number }[];
  strengths: IndicatorLevel[];
  growthAreas: IndicatorLevel[];
  equity: IndicatorLevel[];
  indicators: IndicatorLevel[];
  focusIndicators: string[];
  perIndicator: { indicatorKey: string; validation: Validation; suggestion: { level: number | null; wideGap: boolean; reason: string } }[];
  calibration: Calibration;
}

export interface Deltas {
  from: { id: string; title: string; starts_on: string };
  to: { id: string; title: string; starts_on: string };
  rows: { indicatorKey: string; name: string; domainName: string; from: number | null; to: number | null; change: number | null; focus: boolean }[];
}

export interface Heatmap {
  framework: { key: string; name: string; version: number; levels: FrameworkLevel[] };
  columns: { id: string; label: string; date: string }[];
  rows: { indicatorKey: string; name: string; domainName: string; equity: boolean; cells: (number | null)[] }[];
}

/** Schools × indicators, one school year at a time: each school's latest review of the year. */
export interface NetworkHeatmap {
  framework: { key: string; name: string; version: number; levels: FrameworkLevel[] };
  years: number[];
  indicators: { key: string; name: string; domainName: string; equity: boolean }[];
  schools: { id: string; name: string; district: string; years: { year: number; reviewId: string | null; levels: (number | null)[] | null }[] }[];
}

export interface NetworkCalibration {
  framework: { key: string; name: string; version: number };
  network: Calibration;
  byIndicator: (Calibration & { indicatorKey: string; name: string; domainName: string })[];
  bySchool: (Calibration & { schoolId: string; name: string; district: string; reviewId: string | null })[];
}
