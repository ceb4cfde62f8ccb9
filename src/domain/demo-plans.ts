// Synthetic annual outcomes and plans for the demo network: for last year and this year, outcomes chosen
// from the proposals Trellis makes, a plan with strategies and actions, check-ins through the year so far,
// one revision, and (for last year) a reflection on each goal. Deterministic for a given seed.
import { calendarDay } from './dates';
import { outcomeTitle, proposeOutcomes, type Candidate, type ReflectionSeed, type ResultEvidence, type ReviewEvidence } from './outcomes';
import type { PlanGoal, PlanSnapshot } from './plan-versions';
import type { Random } from './random';

export interface DemoPlanYear {
  schoolYear: number;
  approvedOn: string;
  outcomes: { title: string; target: Candidate['target']; reason: string; source: Candidate['source'] }[];
  /** The plan as first written, then as it stands after the revision. */
  firstVersion: PlanSnapshot;
  current: PlanSnapshot;
  revision: { on: string; reason: string };
  checkins: { goalIndex: number | null; on: string; status: 'on_track' | 'at_risk' | 'off_track'; evidence: string; notes: string }[];
  reflections: { goalIndex: number; result: 'met' | 'partly' | 'not_met'; learned: string }[];
}

const STUDENT_STRATEGIES: Record<string, string[]> = {
  ela: ['Daily small-group reading with the focus students', 'Shared close-reading routines across grade levels', 'Academic vocabulary in every content block'],
  math: ['Number talks three times a week', 'Re-engagement lessons after each unit check', 'Math intervention block with the focus students'],
};
const IMPLEMENTATION_STRATEGIES = [
  'Set norms and a calendar for the team',
  'Coach-supported cycles of inquiry each quarter',
  'Monthly walkthroughs with shared look-fors',
];
const ACTIONS = [
  ['Name the focus students and share the list with teachers', 'Assistant principal'],
  ['Schedule the weekly block in the master schedule', 'Principal'],
  ['Train teachers on the routine (two sessions)', 'Instructional coach'],
  ['Run the first walkthrough and share what we saw', 'ILT'],
  ['Review interim results with grade-level teams', 'Data lead'],
  ['Share progress with families at the winter night', 'Family liaison'],
] as const;

const EVIDENCE = ['Walkthrough notes', 'Interim assessment results', 'Team meeting minutes', 'Student work samples', 'Coach observation log'];
const NOTES = {
  on_track: ['Routines in place in most classrooms', 'Focus students moving up on the interim', 'Teams using the protocol without prompting'],
  at_risk: ['Started later than planned', 'Two classrooms not yet running the block', 'Substitute coverage cut into coaching time'],
  off_track: ['Block dropped during testing weeks', 'Team has not met for a month'],
} as const;
const LESSONS = [
  'Start the groups in August, not October',
  'Protect the block from assemblies',
  'Teachers needed the model lesson before the training',
  'Share the data with students, not only teachers',
];

// Months past December roll into the next year, so an action due in month 13 is due in January.
const iso = calendarDay;

/** Three to five outcomes: the best proposals, with at least one student-results outcome and one implementation outcome when there are both. */
export function chooseOutcomes(candidates: Candidate[], random: Random): Candidate[] {
  const want = random.int(3, 5);
  const student = candidates.filter((c) => c.target.kind === 'student');
  const implementation = candidates.filter((c) => c.target.kind === 'implementation');
  const chosen = [...student.slice(0, 1), ...implementation.slice(0, 1)];
  for (const c of candidates) if (chosen.length < want && !chosen.includes(c)) chosen.push(c);
  return candidates.filter((c) => chosen.includes(c));
}

function planFor(outcomes: DemoPlanYear['outcomes'], year: number, random: Random, prefix: string): PlanSnapshot {
  const goals: PlanGoal[] = outcomes.map((o, gi) => {
    const pool = o.target.kind === 'student' ? (STUDENT_STRATEGIES[o.target.subject] ?? IMPLEMENTATION_STRATEGIES) : IMPLEMENTATION_STRATEGIES;
    const strategies = pool.slice(0, random.int(1, 2)).map((title, si) => ({
      id: `${prefix}-g${gi + 1}-s${si + 1}`,
      title,
      actions: Array.from({ length: random.int(2, 3) }, (_, ai) => {
        const [t, owner] = ACTIONS[(gi + si + ai) % ACTIONS.length]!;
        const start = iso(year, 8 + ai, 15);
        return { id: `${prefix}-g${gi + 1}-s${si + 1}-a${ai + 1}`, title: t, owner, startOn: start, dueOn: iso(year, 9 + ai * 2, 30), status: 'not_started' };
      }),
    }));
    return { id: `${prefix}-g${gi + 1}`, title: o.title, outcomeId: null, target: o.target, targetDate: iso(year + 1, 6, 15), strategies };
  });
  return { goals };
}

/**
 * One school year of demo outcomes and plan. `through` is the last day the year has reached (a past year is
 * complete; this year runs to today), so check-ins, the revision and reflections fall only on days that have been.
 */
export function generateDemoPlanYear(input: {
  schoolYear: number;
  review: ReviewEvidence | null;
  results: ResultEvidence | null;
  reflections: ReflectionSeed[];
  through: string;
  random: Random;
  key: string;
  /** How each goal ended, read from the data, for the reflections of a finished year. */
  ended?: (goal: PlanGoal) => 'met' | 'partly' | 'not_met';
}): DemoPlanYear | null {
  const { schoolYear: y, random } = input;
  const candidates = proposeOutcomes({ review: input.review, results: input.results, reflections: input.reflections });
  if (candidates.length < 3) return null;
  const outcomes = chooseOutcomes(candidates, random).map((c) => ({ title: outcomeTitle(c.target), target: c.target, reason: c.reason, source: c.source }));
  const first = planFor(outcomes, y, random, input.key);
  const current: PlanSnapshot = structuredClone(first);
  // The plan as it stands: most actions due by now are done, one is handed to someone else, and a strategy is added where the first check-ins worried the team.
  const months = [9, 10, 11, 12, 1, 2, 3, 4, 5].map((m) => iso(m >= 7 ? y : y + 1, m, 12 + random.int(0, 10))).filter((d) => d <= input.through);
  const revisionOn = months.length >= 5 ? months[4]! : (months[months.length - 1] ?? iso(y, 9, 30));
  for (const g of current.goals)
    for (const s of g.strategies)
      for (const [i, a] of s.actions.entries())
        a.status = a.dueOn && a.dueOn < input.through ? (random.chance(0.8) ? 'done' : 'in_progress') : i === 0 ? 'in_progress' : a.status;
  const troubled = current.goals[random.int(0, current.goals.length - 1)]!;
  troubled.strategies.push({
    id: `${input.key}-late-s`,
    title: 'Weekly check on the focus students with the coach',
    actions: [
      {
        id: `${input.key}-late-a`,
        title: 'Add the check to the team agenda',
        owner: 'Instructional coach',
        startOn: revisionOn,
        dueOn: null,
        status: 'in_progress',
      },
    ],
  });
  if (troubled.strategies[0]?.actions[0]) troubled.strategies[0].actions[0].owner = 'Grade-level lead';
  const checkins: DemoPlanYear['checkins'] = months.flatMap((on) =>
    current.goals
      .filter(() => random.chance(0.5))
      .map((g) => {
        const status = random.chance(0.6) ? 'on_track' : random.chance(0.75) ? 'at_risk' : 'off_track';
        return {
          goalIndex: current.goals.indexOf(g),
          on,
          status: status as 'on_track' | 'at_risk' | 'off_track',
          evidence: random.pick(EVIDENCE),
          notes: random.pick(NOTES[status]),
        };
      }),
  );
  // Early in the year there is at least the launch with the staff.
  if (checkins.length === 0) {
    const launch = iso(y, 8, 20);
    checkins.push({
      goalIndex: 0,
      on: launch <= input.through ? launch : input.through,
      status: 'on_track',
      evidence: 'Staff meeting agenda',
      notes: 'Plan launched with the staff',
    });
  }
  const complete = input.through >= iso(y + 1, 6, 1);
  return {
    schoolYear: y,
    approvedOn: iso(y, 5, 10 + random.int(0, 15)),
    outcomes,
    firstVersion: first,
    current,
    revision: { on: revisionOn, reason: months.length >= 5 ? 'Mid-year review with the partner coach' : 'First-quarter review with the partner coach' },
    checkins,
    reflections: complete ? current.goals.map((g, gi) => ({ goalIndex: gi, result: input.ended?.(g) ?? 'partly', learned: random.pick(LESSONS) })) : [],
  };
}
