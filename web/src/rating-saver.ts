// Autosaving ratings: one save at a time per rating, each naming the version it read; a stale save shows the other person's rating.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useRef, useState } from 'react';
import { ApiError } from './api';
import { reviewKey, saveRating, type RatingRow, type RatingSource, type ReviewDetail, type SavedRating } from './queries/reviews';

export interface RatingValues {
  level: number | null;
  dimensions: Record<string, number>;
  note: string;
}

export type SaveStatus = { state: 'idle' } | { state: 'saving' } | { state: 'saved' } | { state: 'error'; message: string };

export interface RatingConflict {
  indicatorKey: string;
  source: RatingSource;
  message: string;
  current: SavedRating | null;
}

const keyOf = (indicatorKey: string, source: RatingSource) => `${indicatorKey}|${source}`;

export function useRatingSaver(reviewId: string) {
  const client = useQueryClient();
  const queryKey = useMemo(() => reviewKey(reviewId), [reviewId]);
  const [status, setStatus] = useState<SaveStatus>({ state: 'idle' });
  const [conflict, setConflict] = useState<RatingConflict | null>(null);
  // Bumped on a conflict, so the rating on screen is drawn again from what the server holds.
  const [resets, setResets] = useState(0);
  const latest = useRef(new Map<string, RatingValues>());
  const chains = useRef(new Map<string, Promise<unknown>>());
  const inFlight = useRef(0);

  const ratingOf = useCallback(
    (indicatorKey: string, source: RatingSource) =>
      client.getQueryData<ReviewDetail>(queryKey)?.ratings.find((r) => r.indicatorKey === indicatorKey && r.source === source),
    [client, queryKey],
  );

  /** Puts the server's rating in the cached review, keeping the evidence the cache already holds for it. */
  const store = useCallback(
    (row: SavedRating & { evidence?: RatingRow['evidence'] }) => {
      client.setQueryData<ReviewDetail>(queryKey, (review) => {
        if (!review) return review;
        const old = review.ratings.find((r) => r.id === row.id || (r.indicatorKey === row.indicatorKey && r.source === row.source));
        const next: RatingRow = { ...row, evidence: row.evidence ?? old?.evidence ?? [] };
        const ratings = old ? review.ratings.map((r) => (r === old ? next : r)) : [...review.ratings, next];
        return { ...review, ratings };
      });
    },
    [client, queryKey],
  );

  /**
   * Saves the latest values of one rating. Saves of the same rating wait for the one before, so each names the
   * version the last one produced; values picked while a save is under way are sent together once it is done.
   */
  const save = useCallback(
    (indicatorKey: string, source: RatingSource, values: RatingValues): Promise<RatingRow | null> => {
      const key = keyOf(indicatorKey, source);
      latest.current.set(key, values);
      const previous = chains.current.get(key) ?? Promise.resolve();
      const next = previous.then(async (): Promise<RatingRow | null> => {
        const wanted = latest.current.get(key);
        if (!wanted) return ratingOf(indicatorKey, source) ?? null;
        latest.current.delete(key);
        inFlight.current++;
        setStatus({ state: 'saving' });
        try {
          const version = ratingOf(indicatorKey, source)?.version ?? null;
          const saved = await saveRating(reviewId, { indicatorKey, source, ...wanted, version });
          store(saved);
          if (--inFlight.current === 0) setStatus({ state: 'saved' });
          return ratingOf(indicatorKey, source) ?? null;
        } catch (error) {
          inFlight.current--;
          if (error instanceof ApiError && error.code === 'stale_version') {
            // Never overwrite silently: show what the other person saved and drop what was waiting to be sent.
            latest.current.delete(key);
            const current = (error.body as { current?: SavedRating | null } | undefined)?.current ?? null;
            if (current) store(current);
            setConflict({ indicatorKey, source, message: error.message, current });
            setResets((n) => n + 1);
            setStatus({ state: 'error', message: 'Not saved: someone else changed this rating.' });
            void client.invalidateQueries({ queryKey });
            return null;
          }
          setStatus({ state: 'error', message: `Not saved: ${error instanceof Error ? error.message : 'the server did not answer.'}` });
          if (error instanceof ApiError && error.code === 'conflict') void client.invalidateQueries({ queryKey });
          return null;
        }
      });
      chains.current.set(
        key,
        next.catch(() => null),
      );
      return next;
    },
    [client, queryKey, ratingOf, reviewId, store],
  );

  /** Replaces the evidence of one rating in the cached review. */
  const setEvidence = useCallback(
    (indicatorKey: string, source: RatingSource, evidence: RatingRow['evidence']) => {
      client.setQueryData<ReviewDetail>(
        queryKey,
        (review) =>
          review && { ...review, ratings: review.ratings.map((r) => (r.indicatorKey === indicatorKey && r.source === source ? { ...r, evidence } : r)) },
      );
    },
    [client, queryKey],
  );

  return { save, store, setEvidence, status, setStatus, conflict, dismissConflict: () => setConflict(null), resets };
}

export type RatingSaver = ReturnType<typeof useRatingSaver>;
