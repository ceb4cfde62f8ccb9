import { describe, expect, it } from 'vitest';
import { generateDemoPlanYear } from './demo-plans';
import { results, review } from './demo-plans.fixture';
import { seededRandom } from './random';

describe('generateDemoPlanYear', () => {
  const year = (through: string, seed = 7) =>
    generateDemoPlanYear({ schoolYear: 2026, review, results, reflections: [], through, random: seededRandom(seed), key: 'k', ended: () => 'met' })!;

  it('chooses 3 to 5 outcomes with a student and an implementation outcome, and a goal for each', () => {
    const y = year('2026-11-25');
    expect(y.outcomes.length).toBeGreaterThanOrEqual(3);
    expect(y.outcomes.length).toBeLessThanOrEqual(5);
    expect(new Set(y.outcomes.map((o) => o.target.kind))).toEqual(new Set(['student', 'implementation']));
    expect(y.current.goals.map((g) => g.title)).toEqual(y.outcomes.map((o) => o.title));
  });

  it('puts check-ins and the revision only on days that have been, and reflections only on a finished year', () => {
    const now = year('2026-11-25');
    expect(now.checkins.length).toBeGreaterThan(0);
    expect(now.checkins.every((c) => c.on <= '2026-11-25')).toBe(true);
    expect(now.revision.on <= '2026-11-25').toBe(true);
    expect(now.reflections).toEqual([]);
    // The first days of the year still have the plan's launch.
    expect(year('2026-07-02').checkins).toHaveLength(1);
    const done = year('2027-07-15');
    expect(done.reflections.map((r) => r.result)).toEqual(done.current.goals.map(() => 'met'));
    expect(done.revision.reason).toBe('Mid-year review with the partner coach');
  });

  it('is the same for the same seed', () => {
    expect(year('2026-11-25', 3)).toEqual(year('2026-11-25', 3));
  });
});
