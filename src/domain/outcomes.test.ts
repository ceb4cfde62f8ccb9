import { describe, expect, it } from 'vitest';
import {
  goalProgress,
  outcomeTitle,
  planStatus,
  proposeOutcomes,
  studentTargetFor,
  type ReviewEvidence,
  type ResultEvidence,
  type StudentTarget,
} from './outcomes';
import { diffPlans, type PlanSnapshot } from './plan-versions';

const levels = [
  { value: 1, label: 'Not Yet Begun' },
  { value: 2, label: 'Emerging' },
  { value: 3, label: 'Developing' },
  { value: 4, label: 'Full Implementation' },
];

const review: ReviewEvidence = {
  reviewId: 'r1',
  reviewTitle: 'Spring review 2025-26',
  frameworkId: 'f1',
  levels,
  indicators: [
    { key: 'data', name: 'Data & assessment', domainName: 'Systems', equity: false },
    { key: 'family', name: 'Family engagement', domainName: 'Systems', equity: true },
    { key: 'coaching', name: 'Coaching', domainName: 'Systems', equity: false },
    { key: 'culture', name: 'School culture', domainName: 'Systems', equity: false },
    { key: 'ops', name: 'Operations', domainName: 'Systems', equity: false },
  ],
  ratedLevels: { data: 3, family: 2, coaching: 2, culture: 4 },
  focusIndicators: ['data'],
};

const results: ResultEvidence = {
  year: '2025-26',
  rows: [
    { subject: 'ela', grade: 'all', group: 'all', groupLabel: 'All students', tested: 400, pctMetOrAbove: 39.2 },
    { subject: 'ela', grade: 'all', group: 'el', groupLabel: 'English learners', tested: 120, pctMetOrAbove: 18 },
    { subject: 'ela', grade: 'all', group: 'female', groupLabel: 'Female', tested: 200, pctMetOrAbove: 41 },
    { subject: 'ela', grade: 'all', group: 'swd', groupLabel: 'Students with disabilities', tested: '*', pctMetOrAbove: '*' },
    { subject: 'math', grade: 'all', group: 'all', groupLabel: 'All students', tested: 400, pctMetOrAbove: 30 },
    { subject: 'math', grade: 'all', group: 'black', groupLabel: 'Black or African American', tested: 60, pctMetOrAbove: 24 },
  ],
};

describe('proposeOutcomes', () => {
  it('proposes the lowest-rated indicators one level up, equity and focus first among equals, and skips the top level and unrated ones', () => {
    const c = proposeOutcomes({ review });
    expect(c.map((x) => x.title)).toEqual([
      'Family engagement: Emerging → Developing',
      'Coaching: Emerging → Developing',
      'Data & assessment: Developing → Full Implementation',
    ]);
    expect(c[0]!.reason).toBe('Rated Emerging (2 of 4) in Spring review 2025-26; tagged equity');
    expect(c[2]!.reason).toContain('a focus indicator of that review');
  });

  it('proposes the groups with wide gaps or low results with a target that closes a third of the gap, never from a hidden figure', () => {
    const c = proposeOutcomes({ results });
    expect(c.map((x) => x.title)).toEqual([
      'English learners, ELA, % at or above standard 18% → 25.1%',
      'Black or African American, math, % at or above standard 24% → 27%',
    ]);
    expect(c[0]!.reason).toBe('18% at or above standard in ELA in 2025-26 (120 students); 21.2 points below all students (39.2%); one of the lowest groups');
    expect(c.some((x) => x.target.kind === 'student' && x.target.group === 'swd')).toBe(false);
  });

  it('merges a goal not met last year with the same proposal from results, keeping both reasons', () => {
    const target = proposeOutcomes({ results })[0]!.target;
    const c = proposeOutcomes({ results, reflections: [{ goalTitle: 'EL reading', target, result: 'not_met', learned: 'Small groups started too late' }] });
    expect(c.filter((x) => x.key === 'result:ela:all:el')).toHaveLength(1);
    expect(c[0]!.reason).toMatch(/21\.2 points below all students.*Last year's goal "EL reading" was not met; the team learned: Small groups started too late/);
    // A goal met last year proposes nothing by itself.
    expect(proposeOutcomes({ reflections: [{ goalTitle: 'x', target, result: 'met', learned: '' }] })).toEqual([]);
  });

  it('keeps within the limit, best first', () => {
    expect(proposeOutcomes({ review, results }, 2)).toHaveLength(2);
  });
});

describe('studentTargetFor', () => {
  it('closes a third of the gap, at least 3 points, at most 100', () => {
    expect([studentTargetFor(18, 39), studentTargetFor(38, 39), studentTargetFor(98.5, 99), studentTargetFor(50, null)]).toEqual([25, 41, 100, 53]);
  });
});

describe('goalProgress', () => {
  const el: StudentTarget = {
    kind: 'student',
    subject: 'ela',
    grade: 'all',
    group: 'el',
    groupLabel: 'English learners',
    metric: 'pct_met_or_above',
    baseline: 18,
    baselineYear: '2025-26',
    target: 26,
  };

  it('says no data until a result after the baseline year exists, and for a hidden figure', () => {
    expect(goalProgress(el, { results: [{ year: '2025-26', pctMetOrAbove: 18 }] })).toMatchObject({ status: 'no_data', note: 'No results after 2025-26 yet' });
    expect(goalProgress(el, { results: [{ year: '2026-27', pctMetOrAbove: '*' }] })).toMatchObject({ status: 'no_data', asOf: '2026-27' });
  });

  it('computes met, on track, at risk and off track from the share of the way to the target', () => {
    const at = (v: number) => goalProgress(el, { results: [{ year: '2026-27', pctMetOrAbove: v }] });
    expect([at(26.5).status, at(23).status, at(19).status, at(17).status]).toEqual(['met', 'on_track', 'at_risk', 'off_track']);
    expect(at(22)).toMatchObject({ current: 22, asOf: '2026-27', fraction: 0.5, note: '22% in 2026-27 (baseline 18%, target 26%)' });
  });

  it('reads an implementation goal from the latest review after the baseline', () => {
    const t = proposeOutcomes({ review })[0]!.target;
    const ratings = [
      { label: 'Spring review 2025-26', date: '2026-04-10', level: 2 },
      { label: 'Fall review 2026-27', date: '2026-10-20', level: 3 },
    ];
    expect(goalProgress(t, { ratings, baselineDate: '2026-04-10' })).toMatchObject({ status: 'met', current: 3, asOf: 'Fall review 2026-27' });
    expect(goalProgress(t, { ratings: ratings.slice(0, 1), baselineDate: '2026-04-10' }).status).toBe('no_data');
    expect(goalProgress(t, { ratings: [{ label: 'Fall', date: '2026-10-20', level: 1 }], baselineDate: '2026-04-10' }).status).toBe('off_track');
    // A review after the plan's year belongs to the next year's plan.
    expect(goalProgress(t, { ratings, baselineDate: '2025-07-01', until: '2026-07-01' })).toMatchObject({ status: 'at_risk', asOf: 'Spring review 2025-26' });
    expect(goalProgress(el, { results: [{ year: '2027-28', pctMetOrAbove: 30 }], lastYear: '2026-27' }).status).toBe('no_data');
  });
});

describe('planStatus', () => {
  it('is the worst goal with data, and no data only when none has any', () => {
    expect(planStatus(['met', 'no_data', 'at_risk'])).toBe('at_risk');
    expect(planStatus(['met', 'no_data'])).toBe('on_track');
    expect(planStatus(['no_data', 'no_data'])).toBe('no_data');
    expect(planStatus([])).toBe('no_data');
  });
});

describe('diffPlans', () => {
  const before: PlanSnapshot = {
    goals: [
      {
        id: 'g1',
        title: 'EL reading',
        outcomeId: 'o1',
        target: null,
        targetDate: '2027-06-15',
        strategies: [
          {
            id: 's1',
            title: 'Small-group instruction',
            actions: [{ id: 'a1', title: 'Schedule groups', owner: 'Ms. Lee', startOn: null, dueOn: '2026-09-30', status: 'not_started' }],
          },
        ],
      },
      { id: 'g2', title: 'Math talk', outcomeId: null, target: null, targetDate: null, strategies: [] },
    ],
  };

  it('lists what was added, removed and changed, with fields before and after and where each sits', () => {
    const after: PlanSnapshot = {
      goals: [
        {
          ...before.goals[0]!,
          strategies: [
            {
              id: 's1',
              title: 'Small-group instruction',
              actions: [
                { id: 'a1', title: 'Schedule groups', owner: 'Mr. Diaz', startOn: null, dueOn: '2026-10-15', status: 'in_progress' },
                { id: 'a2', title: 'Train aides', owner: 'Ms. Lee', startOn: null, dueOn: null, status: 'not_started' },
              ],
            },
          ],
        },
        { id: 'g3', title: 'Attendance', outcomeId: null, target: null, targetDate: null, strategies: [] },
      ],
    };
    expect(diffPlans(before, after)).toEqual([
      {
        level: 'action',
        change: 'changed',
        id: 'a1',
        title: 'Schedule groups',
        where: 'Goal 1 › Strategy 1 › Action 1',
        fields: [
          { field: 'owner', before: 'Ms. Lee', after: 'Mr. Diaz' },
          { field: 'dueOn', before: '2026-09-30', after: '2026-10-15' },
          { field: 'status', before: 'not_started', after: 'in_progress' },
        ],
      },
      { level: 'action', change: 'added', id: 'a2', title: 'Train aides', where: 'Goal 1 › Strategy 1 › Action 2', fields: [] },
      { level: 'goal', change: 'added', id: 'g3', title: 'Attendance', where: 'Goal 2', fields: [] },
      { level: 'goal', change: 'removed', id: 'g2', title: 'Math talk', where: 'Goal 2', fields: [] },
    ]);
    expect(diffPlans(before, before)).toEqual([]);
  });

  it('notes a goal that moved', () => {
    const swapped = { goals: [before.goals[1]!, before.goals[0]!] };
    expect(diffPlans(before, swapped).map((c) => [c.id, c.fields])).toEqual([
      ['g2', [{ field: 'position', before: '2', after: '1' }]],
      ['g1', [{ field: 'position', before: '1', after: '2' }]],
    ]);
  });
});

describe('outcomeTitle', () => {
  it('reads a grade and a not-yet-rated baseline in words', () => {
    expect(
      outcomeTitle({
        kind: 'student',
        subject: 'math',
        grade: '3',
        group: 'all',
        groupLabel: 'All students',
        metric: 'pct_met_or_above',
        baseline: 30,
        baselineYear: '2025-26',
        target: 35.5,
      }),
    ).toBe('All students, math, grade 3, % at or above standard 30% → 35.5%');
    expect(
      outcomeTitle({
        kind: 'implementation',
        frameworkId: 'f',
        indicatorKey: 'k',
        indicatorName: 'Talent',
        domainName: 'd',
        baselineLevel: null,
        targetLevel: 2,
        levelLabels: { '2': 'Emerging' },
      }),
    ).toBe('Talent: not rated → Emerging');
  });
});
