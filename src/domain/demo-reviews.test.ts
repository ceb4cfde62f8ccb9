import { describe, expect, it } from 'vitest';
import { generateDemoNetwork, partnerSchools } from './demo';
import { generateDemoReviews } from './demo-reviews';
import { allIndicators } from './framework';
import { builtInFrameworks } from '../db/built-in-frameworks';
import { completeness } from './rating';

describe('demo reviews', () => {
  const asOf = new Date('2026-11-24T12:00:00Z');
  const network = generateDemoNetwork(asOf);
  const rubric = builtInFrameworks().find((f) => f.key === 'school-transformation')!;
  const reviews = generateDemoReviews(network, rubric, asOf);

  it('covers two school years for every partner school and none for comparison schools, never dated after today', () => {
    const partners = partnerSchools(network);
    expect(partners.length).toBeGreaterThan(0);
    expect(new Set(reviews.map((r) => r.schoolKey))).toEqual(new Set(partners.map((s) => s.key)));
    for (const s of partners) {
      const mine = reviews.filter((r) => r.schoolKey === s.key);
      expect(mine.map((r) => `${r.type} ${r.schoolYear}`)).toEqual(['transformation_fall 2025', 'transformation_spring 2025', 'transformation_fall 2026']);
    }
    expect(reviews.every((r) => r.startsOn <= '2026-11-24')).toBe(true);
    // Before this year's fall reviews, only last year's two exist.
    expect(generateDemoReviews(network, rubric, new Date('2026-09-01T00:00:00Z')).filter((r) => r.schoolKey === 's1')).toHaveLength(2);
  });

  it('rates every indicator by self, external and consensus on the scale', () => {
    const keys = allIndicators(rubric).map((i) => i.key);
    for (const r of reviews) {
      expect(r.ratings).toHaveLength(keys.length * 3);
      expect(r.ratings.every((x) => x.level >= 1 && x.level <= 4)).toBe(true);
    }
  });

  it('is complete, so every finalized demo review may feed outcome proposals, and names the school’s coach as its reviewer', () => {
    for (const r of reviews) {
      expect(completeness(rubric, r.ratings, r.type).complete).toBe(true);
      expect(r.reviewerKeys).toHaveLength(1);
      expect(network.memberships.some((m) => m.personKey === r.reviewerKeys[0] && m.role === 'coach' && m.scopeKey === r.schoolKey)).toBe(true);
    }
  });

  it('focuses on the lowest-rated indicators and shows self ratings running high more often than low', () => {
    const spring = reviews.filter((r) => r.type === 'transformation_spring');
    expect(spring.every((r) => r.focusIndicators.length === 4)).toBe(true);
    const pairs = reviews.flatMap((r) =>
      r.ratings
        .filter((x) => x.source === 'self')
        .map((x) => [x.level, r.ratings.find((y) => y.indicatorKey === x.indicatorKey && y.source === 'external')!.level]),
    );
    const higher = pairs.filter(([s, e]) => s! > e!).length;
    const lower = pairs.filter(([s, e]) => s! < e!).length;
    expect(higher).toBeGreaterThan(lower);
    expect(generateDemoReviews(network, rubric, asOf)).toEqual(reviews);
  });
});
