import { describe, expect, it } from 'vitest';
import { isCalendarDate } from './dates';
import { generateDemoNetwork } from './demo';
import { generateDemoPlanYear } from './demo-plans';
import { results, review } from './demo-plans.fixture';
import { generateDemoResults } from './demo-results';
import { generateDemoReviews } from './demo-reviews';
import { builtInFrameworks } from '../db/built-in-frameworks';
import { seededRandom } from './random';

/** Every string in a value that starts like a date (a date or a timestamp), with where it is. */
function datesIn(value: unknown, where = ''): { where: string; date: string }[] {
  if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}/.test(value) ? [{ where, date: value.slice(0, 10) }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => datesIn(v, `${where}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => datesIn(v, `${where}.${k}`));
  return [];
}
const impossible = (value: unknown) => datesIn(value).filter((d) => !isCalendarDate(d.date));

describe('the demo holds only real calendar dates', () => {
  it('in its plans: approvals, goals, actions, check-ins, revisions, for any seed and any day of the year', () => {
    let checked = 0;
    for (const schoolYear of [2025, 2026])
      for (const through of [`${schoolYear}-07-02`, `${schoolYear}-11-25`, `${schoolYear + 1}-02-28`, `${schoolYear + 1}-07-15`])
        for (let seed = 1; seed <= 40; seed++) {
          const year = generateDemoPlanYear({
            schoolYear,
            review,
            results,
            reflections: [],
            through,
            random: seededRandom(seed),
            key: `k${seed}`,
            ended: () => 'partly',
          });
          expect(year).not.toBeNull();
          expect(impossible(year)).toEqual([]);
          checked += datesIn(year).length;
        }
    expect(checked).toBeGreaterThan(1000);
  });

  it('in its network, reviews and results', () => {
    for (const asOf of [new Date('2026-11-24T12:00:00Z'), new Date('2027-07-15T12:00:00Z')]) {
      const network = generateDemoNetwork(asOf);
      const rubric = builtInFrameworks().find((f) => f.key === 'school-transformation')!;
      const reviews = generateDemoReviews(network, rubric, asOf);
      expect(datesIn(reviews).length).toBeGreaterThan(0);
      expect(impossible([network, reviews])).toEqual([]);
      const demoResults = generateDemoResults(network, asOf);
      expect(impossible(demoResults)).toEqual([]);
    }
  });
});
