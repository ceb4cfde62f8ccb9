// Ratings of a review and the evidence behind them: saved one at a time under version checks while the review is open.
import type { Kysely } from 'kysely';
import { AppError, notFound } from '../../domain/errors';
import type { Framework } from '../../domain/framework';
import { atomic } from '../atomic';
import type { Database, EvidenceKind, RatingSource } from '../schema';
import { recordAudit } from './audit';
import { getFramework } from './frameworks';
import { refreshReviewLevels } from './review-levels';
import { indicatorKeys, openReview } from './reviews';

const levelValues = (f: Framework) => new Set(f.levels.map((l) => l.value));

export interface RatingInput {
  indicatorKey: string;
  source: RatingSource;
  level: number | null;
  dimensions?: Record<string, number>;
  note?: string;
  /** The version the writer read; null when the writer saw no rating yet. */
  version: number | null;
}

/** Saves one rating. A writer who read an older version (or saw none when one now exists) gets 409 and the current rating. */
export async function saveRating(db: Kysely<Database>, organizationId: string, reviewId: string, input: RatingInput, actorId: string | null) {
  return atomic(db, async (trx) => {
    const review = await openReview(trx, reviewId);
    const framework = (await getFramework(trx, organizationId, review.framework_id)).document;
    if (!indicatorKeys(framework).has(input.indicatorKey))
      throw new AppError('invalid_input', `There is no indicator ${input.indicatorKey} in ${framework.name}.`, [
        { where: 'indicatorKey', message: 'unknown indicator' },
      ]);
    if (input.level !== null && !levelValues(framework).has(input.level))
      throw new AppError(
        'invalid_input',
        `Level ${input.level} is not on the scale of ${framework.name} (${framework.levels.map((l) => `${l.value} ${l.label}`).join(', ')}).`,
        [{ where: 'level', message: 'not on the scale' }],
      );
    const dims = new Set((framework.dimensions ?? []).map((d) => d.key));
    for (const [k, v] of Object.entries(input.dimensions ?? {})) {
      if (!dims.has(k))
        throw new AppError('invalid_input', `${framework.name} has no rating dimension ${k}.`, [{ where: `dimensions.${k}`, message: 'unknown dimension' }]);
      if (!levelValues(framework).has(v))
        throw new AppError('invalid_input', `Level ${v} for ${k} is not on the scale.`, [{ where: `dimensions.${k}`, message: 'not on the scale' }]);
    }
    const current = await trx
      .selectFrom('rating')
      .selectAll()
      .where('review_id', '=', reviewId)
      .where('indicator_key', '=', input.indicatorKey)
      .where('source', '=', input.source)
      .forUpdate()
      .executeTakeFirst();
    if ((current?.version ?? null) !== input.version) {
      throw new AppError(
        'stale_version',
        `Someone else changed this ${input.source} rating while you were working (it is now ${current?.level ?? 'not rated'}). Their change is shown; make yours again if it still applies.`,
        [{ where: 'version', message: `current version is ${current?.version ?? 'none'}` }],
        { current },
      );
    }
    const values = {
      level: input.level,
      dimensions: JSON.stringify(input.dimensions ?? {}),
      note: input.note ?? '',
      updated_by: actorId,
      updated_at: new Date(),
    };
    const saved = current
      ? await trx
          .updateTable('rating')
          .set({ ...values, version: current.version + 1 })
          .where('id', '=', current.id)
          .returningAll()
          .executeTakeFirstOrThrow()
      : await trx
          .insertInto('rating')
          .values({ ...values, review_id: reviewId, district_id: review.district_id, indicator_key: input.indicatorKey, source: input.source })
          .returningAll()
          .executeTakeFirstOrThrow();
    await refreshReviewLevels(trx, { reviewId });
    await recordAudit(trx, { organizationId, actorId, action: 'rating.save', objectKind: 'review', objectId: reviewId, before: current ?? null, after: saved });
    return saved;
  });
}

export async function addEvidence(
  db: Kysely<Database>,
  organizationId: string,
  reviewId: string,
  ratingId: string,
  e: { kind: EvidenceKind; note: string },
  actorId: string | null,
) {
  return atomic(db, async (trx) => {
    await openReview(trx, reviewId);
    const rating = await trx.selectFrom('rating').select(['id', 'district_id']).where('id', '=', ratingId).where('review_id', '=', reviewId).executeTakeFirst();
    if (!rating) throw notFound('The rating');
    const row = await trx
      .insertInto('evidence')
      .values({ rating_id: ratingId, district_id: rating.district_id, kind: e.kind, note: e.note, created_by: actorId })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { organizationId, actorId, action: 'evidence.add', objectKind: 'review', objectId: reviewId, after: row });
    return row;
  });
}

export async function removeEvidence(db: Kysely<Database>, organizationId: string, reviewId: string, evidenceId: string, actorId: string | null) {
  return atomic(db, async (trx) => {
    await openReview(trx, reviewId);
    const row = await trx
      .deleteFrom('evidence')
      .where('id', '=', evidenceId)
      .where('rating_id', 'in', trx.selectFrom('rating').select('id').where('review_id', '=', reviewId))
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound('The evidence');
    await recordAudit(trx, { organizationId, actorId, action: 'evidence.remove', objectKind: 'review', objectId: reviewId, before: row });
    return row;
  });
}
