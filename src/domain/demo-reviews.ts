// Demo reviews: two school years of transformation reviews per partner school, with self, external and consensus ratings.
import { allIndicators, type Framework } from './framework';
import { seededRandom } from './random';
import type { DemoNetwork } from './demo';
import { partnerSchools } from './demo';
import { schoolYearAt, schoolYearLabel } from './school-year';

export interface DemoReview {
  schoolKey: string;
  frameworkKey: string;
  type: 'transformation_fall' | 'transformation_spring' | 'support_review';
  title: string;
  schoolYear: number;
  startsOn: string;
  endsOn: string;
  finalized: boolean;
  focusIndicators: string[];
  participants: { name: string; role: string }[];
  /** Keys of the people named as reviewers: the school's coach, who gives the external and consensus ratings. */
  reviewerKeys: string[];
  ratings: {
    indicatorKey: string;
    source: 'self' | 'external' | 'consensus';
    level: number;
    evidence: { kind: 'interview' | 'focus_group' | 'classroom_observation' | 'survey' | 'document' | 'data'; note: string }[];
  }[];
}

const EVIDENCE_NOTES: [DemoReview['ratings'][number]['evidence'][number]['kind'], string][] = [
  ['classroom_observation', 'Observed in 6 of 8 classrooms visited during the review day.'],
  ['interview', 'Principal and two teacher leaders described the routine in the same terms.'],
  ['focus_group', 'Teachers in the focus group could name the practice but not how it is monitored.'],
  ['document', 'Meeting agendas and notes from the last quarter show the practice on most weeks.'],
  ['data', 'Benchmark results are posted and discussed in grade-level meetings.'],
  ['survey', 'About half of staff agree the practice is consistent across the school.'],
];

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
const isoDay = (year: number, month: number, day: number) => `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/**
 * Each school has a starting level around Emerging and grows a little each review; self ratings run a level
 * high about a third of the time, as they do in practice. Reviews dated after `asOf` are not generated.
 */
export function generateDemoReviews(network: DemoNetwork, transformation: Framework, asOf: Date = new Date(), seed = 7): DemoReview[] {
  const rnd = seededRandom(seed);
  const year = schoolYearAt(asOf);
  const today = asOf.toISOString().slice(0, 10);
  const indicators = allIndicators(transformation);
  const min = transformation.levels[0]!.value;
  const max = transformation.levels[transformation.levels.length - 1]!.value;
  const reviews: DemoReview[] = [];
  for (const school of partnerSchools(network)) {
    const base = new Map(indicators.map((i) => [i.key, clamp(min + rnd.int(0, 2), min, max)]));
    const principal = network.people.find((p) =>
      network.memberships.some((m) => m.personKey === p.key && m.role === 'school_leader' && m.scopeKey === school.key),
    );
    const coach = network.people.find((p) => network.memberships.some((m) => m.personKey === p.key && m.role === 'coach' && m.scopeKey === school.key));
    const participants = [principal && { name: principal.name, role: 'Principal' }, coach && { name: coach.name, role: 'Transformation coach' }].filter(
      Boolean,
    ) as { name: string; role: string }[];
    let focus: string[] = [];
    const schedule = [
      { schoolYear: year - 1, type: 'transformation_fall' as const, day: isoDay(year - 1, 10, 8 + rnd.int(0, 14)) },
      { schoolYear: year - 1, type: 'transformation_spring' as const, day: isoDay(year, 4, 6 + rnd.int(0, 14)) },
      { schoolYear: year, type: 'transformation_fall' as const, day: isoDay(year, 10, 8 + rnd.int(0, 14)) },
    ];
    schedule.forEach((s, step) => {
      if (s.day > today) return;
      const ratings: DemoReview['ratings'] = [];
      for (const i of indicators) {
        // Growth comes mostly where the school focused.
        const grew = step > 0 && (focus.includes(i.key) ? rnd.chance(0.7) : rnd.chance(0.2)) ? 1 : 0;
        const external = clamp(base.get(i.key)! + grew, min, max);
        base.set(i.key, external);
        const self = clamp(external + (rnd.chance(0.35) ? 1 : rnd.chance(0.1) ? -1 : 0), min, max);
        const consensus = rnd.chance(0.8) ? external : self;
        const evidence = rnd.chance(0.4)
          ? [
              (() => {
                const [kind, note] = rnd.pick(EVIDENCE_NOTES);
                return { kind, note };
              })(),
            ]
          : [];
        ratings.push(
          { indicatorKey: i.key, source: 'self', level: self, evidence: [] },
          { indicatorKey: i.key, source: 'external', level: external, evidence },
          { indicatorKey: i.key, source: 'consensus', level: consensus, evidence: [] },
        );
      }
      // Each fall baseline names the four lowest-rated indicators as the year's focus.
      if (s.type === 'transformation_fall')
        focus = [...indicators]
          .sort((a, b) => base.get(a.key)! - base.get(b.key)! || a.key.localeCompare(b.key))
          .slice(0, 4)
          .map((i) => i.key);
      const label = s.type === 'transformation_fall' ? 'Fall baseline' : 'Spring follow-up';
      reviews.push({
        schoolKey: school.key,
        frameworkKey: transformation.key,
        type: s.type,
        title: `${label} ${schoolYearLabel(s.schoolYear)}`,
        schoolYear: s.schoolYear,
        startsOn: s.day,
        endsOn: s.day,
        finalized: true,
        focusIndicators: focus,
        participants,
        reviewerKeys: coach ? [coach.key] : [],
        ratings,
      });
    });
  }
  return reviews;
}
