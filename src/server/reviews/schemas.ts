// What the review routes take and answer: reviews of schools and districts, their reviewers, ratings and evidence.
import { z } from 'zod';
import { calendarDate, endNotBeforeStart } from '../../domain/dates';
import { ROLES } from '../../domain/vocabulary';
import { errorAnswer } from '../../domain/errors';
import { LIMITS } from '../../domain/limits';
import { SOURCES, type Source } from '../../domain/rating';
import { REVIEW_TYPES, type Role } from '../../domain/vocabulary';
import { frameworkDetail } from '../frameworks/schemas';

/** The id of the school, district or review a route is about. */
export const idParams = z.object({ id: z.uuid('is not a valid id') });
export const ratingParams = z.object({ id: z.uuid(), ratingId: z.uuid('is not a valid id') });
export const evidenceParams = z.object({ id: z.uuid(), evidenceId: z.uuid('is not a valid id') });

export const reviewType = z.enum(REVIEW_TYPES);
export const ratingSource = z.enum(SOURCES as [Source, ...Source[]]);
export const evidenceKind = z.enum(['interview', 'focus_group', 'classroom_observation', 'survey', 'document', 'data']);
const role = z.enum(ROLES);
const participant = z.object({ name: z.string().trim().min(1, 'is required').max(LIMITS.name), role: z.string().trim().max(LIMITS.participantRole) });

export const newReview = z
  .object({
    frameworkId: z.uuid('is not a valid id'),
    type: reviewType,
    title: z.string().trim().min(1, 'is required').max(LIMITS.name),
    schoolYear: z.number().int().min(2000).max(2100),
    startsOn: calendarDate,
    endsOn: calendarDate,
    participants: z.array(participant).max(100).default([]),
    focusIndicators: z.array(z.string().max(100)).max(100).default([]),
    reviewerIds: z.array(z.uuid('is not a valid id')).max(30).default([]),
  })
  .strict()
  .superRefine(endNotBeforeStart('startsOn', 'endsOn', 'start date'));

export const reviewersChange = z.object({ version: z.number().int().positive(), reviewerIds: z.array(z.uuid('is not a valid id')).max(30) }).strict();

export const ratingSave = z
  .object({
    indicatorKey: z.string().min(1).max(100),
    source: ratingSource,
    level: z.number().int().nullable(),
    dimensions: z.record(z.string(), z.number().int()).optional(),
    note: z.string().max(LIMITS.ratingNote).optional(),
    /** The version the writer read; null when they saw no rating yet. */
    version: z.number().int().positive().nullable(),
  })
  .strict();

export const evidenceAdd = z.object({ kind: evidenceKind, note: z.string().trim().min(1, 'is required').max(LIMITS.evidenceNote) }).strict();

// An incomplete review is finalized only on purpose: `partial: true` with the reason.
export const finalization = z
  .object({ version: z.number().int().positive(), partial: z.boolean().optional(), reason: z.string().trim().max(2000).optional() })
  .strict();

export const reopening = z.object({ reason: z.string().trim().min(5, 'must say why (at least 5 characters)').max(LIMITS.reason) }).strict();

/** A person named as a reviewer. */
export const reviewer = z.object({ id: z.string(), name: z.string() });

/** Someone who may be named as a reviewer, with the roles they hold anywhere. */
export const reviewerCandidate = z.object({ id: z.string(), name: z.string(), title: z.string().nullable(), roles: z.array(role) });

/** A review's reviewers once changed, with the version the change made. */
export const reviewersAnswer = z.object({ id: z.string(), version: z.number().int(), reviewers: z.array(reviewer) });
export const reviewersNow = reviewersAnswer.pick({ version: true, reviewers: true });

/** A change of reviewers refused as a conflict; one made over someone else's carries the version and reviewers as they are now. */
export const reviewersConflict = errorAnswer.extend({ current: reviewersNow.nullable().optional() });

/** One line of the list of a school's or district's reviews. */
export const reviewListItem = z.object({
  id: z.string(),
  title: z.string(),
  type: reviewType,
  schoolYear: z.number().int(),
  startsOn: z.string(),
  endsOn: z.string(),
  status: z.enum(['open', 'finalized']),
  partial: z.boolean(),
  schoolId: z.string().nullable(),
  districtId: z.string(),
  frameworkId: z.string(),
  frameworkName: z.string(),
  frameworkVersion: z.number().int(),
});

/** A review as created, finalized or reopened. */
export const reviewAnswer = z.object({
  id: z.string(),
  title: z.string(),
  type: reviewType,
  status: z.enum(['open', 'finalized']),
  /** Changes to the review (its reviewers, finalizing) name the version they read. */
  version: z.number().int(),
  schoolId: z.string().nullable(),
  districtId: z.string(),
  frameworkId: z.string(),
  schoolYear: z.number().int(),
  startsOn: z.string(),
  endsOn: z.string(),
  participants: z.array(z.object({ name: z.string(), role: z.string() })),
  focusIndicators: z.array(z.string()),
  finalizedAt: z.date().nullable(),
  /** Finalized with indicators unrated, on purpose, and why. */
  partial: z.boolean(),
  partialReason: z.string().nullable(),
});

export const evidenceAnswer = z.object({ id: z.string(), kind: evidenceKind, note: z.string() });

/** One rating as saved: each save names the version it read. */
export const ratingAnswer = z.object({
  id: z.string(),
  indicatorKey: z.string(),
  source: ratingSource,
  level: z.number().int().nullable(),
  dimensions: z.record(z.string(), z.number()),
  note: z.string(),
  version: z.number().int(),
  updatedAt: z.date(),
});

/** A stale or locked rating save; a stale one carries the rating as it now is (null when there is none). */
export const ratingConflict = errorAnswer.extend({ current: ratingAnswer.nullable().optional() });

/** `GET /api/reviews/:id`: the review with its framework, every rating with its evidence, and what this person may do. */
export const reviewDetail = reviewAnswer.extend({
  schoolName: z.string().nullable(),
  districtName: z.string(),
  /** The people named as reviewers: they give the external and consensus ratings. */
  reviewers: z.array(reviewer),
  ratings: z.array(ratingAnswer.extend({ evidence: z.array(evidenceAnswer) })),
  framework: frameworkDetail,
  /** The rating sources the signed-in person may give on this review. */
  mayRate: z.array(ratingSource),
  /** Whether the signed-in person may change the review: its reviewers, while it is open. */
  mayEdit: z.boolean(),
  completeness: z.object({ rated: z.number().int(), total: z.number().int(), complete: z.boolean() }),
});
