// What makes a plan check-in worth keeping: a reading that adds something to the ones before it.

export type CheckinStatus = 'on_track' | 'at_risk' | 'off_track';

export const EMPTY_CHECKIN = 'This check-in adds nothing yet: change the status from the last check-in, or write the evidence or notes.';

/**
 * Why a check-in would be refused, or null when it may be kept. One that repeats the last status of the same
 * goal (or of the plan as a whole) with no evidence and no notes records nothing; the first status is news.
 */
export function emptyCheckinProblem(checkin: { status: CheckinStatus; evidence: string; notes: string }, lastStatus: CheckinStatus | null): string | null {
  if (checkin.evidence.trim() || checkin.notes.trim()) return null;
  return lastStatus !== null && checkin.status === lastStatus ? EMPTY_CHECKIN : null;
}
