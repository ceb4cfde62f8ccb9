import { describe, expect, it } from 'vitest';
import { EMPTY_CHECKIN, emptyCheckinProblem } from './checkins';

describe('emptyCheckinProblem', () => {
  it('refuses the same status as last time with no evidence and no notes', () => {
    expect(emptyCheckinProblem({ status: 'on_track', evidence: '', notes: '  ' }, 'on_track')).toBe(EMPTY_CHECKIN);
  });
  it('keeps a changed status, a first status, or any evidence or notes', () => {
    expect(emptyCheckinProblem({ status: 'at_risk', evidence: '', notes: '' }, 'on_track')).toBeNull();
    expect(emptyCheckinProblem({ status: 'on_track', evidence: '', notes: '' }, null)).toBeNull();
    expect(emptyCheckinProblem({ status: 'on_track', evidence: 'Walkthrough notes', notes: '' }, 'on_track')).toBeNull();
    expect(emptyCheckinProblem({ status: 'on_track', evidence: '', notes: 'Groups running' }, 'on_track')).toBeNull();
  });
});
