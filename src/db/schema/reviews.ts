// Tables of reviews: frameworks, reviews, their reviewers, ratings and evidence.
import type { ReviewType } from '../../domain/vocabulary';
export type { ReviewType };
import type { ColumnType, Generated } from 'kysely';
import type { Timestamp, Version } from './columns';

export interface FrameworkTable {
  id: Generated<string>;
  organization_id: string | null;
  key: string;
  version: number;
  name: string;
  kind: 'school' | 'district';
  status: 'draft' | 'published';
  document: ColumnType<unknown, string, string>;
  built_in: Generated<boolean>;
  revision: Version;
  created_by: string | null;
  created_at: Timestamp;
  published_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type RatingSource = 'self' | 'external' | 'consensus';
export type EvidenceKind = 'interview' | 'focus_group' | 'classroom_observation' | 'survey' | 'document' | 'data';

export interface ReviewTable {
  id: Generated<string>;
  organization_id: string;
  district_id: string;
  school_id: string | null;
  framework_id: string;
  type: ReviewType;
  title: string;
  school_year: number;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  participants: ColumnType<unknown, string | undefined, string>;
  focus_indicators: ColumnType<string[], string | undefined, string>;
  levels: ColumnType<Record<string, number>, string | undefined, string>;
  status: ColumnType<'open' | 'finalized', 'open' | 'finalized' | undefined, 'open' | 'finalized'>;
  finalized_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  finalized_by: string | null;
  /** Finalized with indicators unrated, on purpose: such a review never feeds next year's outcome proposals. */
  partial: Generated<boolean>;
  partial_reason: string | null;
  version: Version;
  created_by: string | null;
  created_at: Timestamp;
}

/** A person named as a reviewer of one review: they give its external and consensus ratings. */
export interface ReviewReviewerTable {
  review_id: string;
  person_id: string;
  organization_id: string;
}

export interface RatingTable {
  id: Generated<string>;
  review_id: string;
  district_id: string;
  indicator_key: string;
  source: RatingSource;
  level: number | null;
  dimensions: ColumnType<Record<string, number>, string | undefined, string>;
  note: ColumnType<string, string | undefined, string>;
  version: Version;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface EvidenceTable {
  id: Generated<string>;
  rating_id: string;
  district_id: string;
  kind: EvidenceKind;
  note: string;
  created_by: string | null;
  created_at: Timestamp;
}
