// Synthetic student results for the demo network: students who move up a grade each year, their
// scores on the state tests, and the school, district and state rows added up from them. Synthetic.
import type { AggregateResult, Demographics, StudentRecord, StudentResult } from './records';
import type { DemoNetwork, DemoSchool } from './demo';
import { seededRandom, type Random } from './random';
import { schoolYearAt, schoolYearLabel } from './school-year';

export const DEMO_RESULT_YEARS = 4;
export const DEMO_STATE_NAME = 'Demo state figures (synthetic)';
const TESTED_GRADES = [3, 4, 5, 6, 7, 8, 11];
const SUBJECTS = ['ela', 'math'] as const;
const FIRST = [
  'Ava',
  'Mateo',
  'Zoe',
  'Isaiah',
  'Camila',
  'Elijah',
  'Maya',
  'Jayden',
  'Lily',
  'Adrian',
  'Nora',
  'Gabriel',
  'Aaliyah',
  'Julian',
  'Emma',
  'Kai',
  'Valeria',
  'Miles',
  'Sara',
  'Leo',
  'Amara',
  'Ezra',
  'Ximena',
  'Owen',
  'Hana',
  'Dante',
  'Ruby',
  'Santiago',
  'Iris',
  'Theo',
];
const LAST = [
  'Acosta',
  'Bui',
  'Campbell',
  'Delgado',
  'Evans',
  'Fuentes',
  'Gill',
  'Herrera',
  'Ito',
  'Johnson',
  'Kaur',
  'Lam',
  'Mendoza',
  'Nwosu',
  'Ochoa',
  'Park',
  'Ramos',
  'Silva',
  'Tran',
  'Valdez',
  'Walker',
  'Yates',
  'Zhou',
  'Reyes',
  'Cruz',
];
const RACES: [string, number][] = [
  ['hispanic', 0.55],
  ['black', 0.14],
  ['white', 0.13],
  ['asian', 0.1],
  ['filipino', 0.04],
  ['two_or_more', 0.03],
  ['pacific_islander', 0.01],
];
/** Scale-score cut points between levels 1|2, 2|3, 3|4, as offsets from a grade's middle score. */
const CUTS = [-45, 0, 60];

export interface DemoResults {
  years: string[];
  students: StudentRecord[];
  results: StudentResult[];
  aggregates: AggregateResult[];
}

function normal(rnd: Random): number {
  const u = Math.max(rnd.next(), 1e-9);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.next());
}

function pickRace(rnd: Random): string {
  let x = rnd.next();
  for (const [race, p] of RACES) if ((x -= p) < 0) return race;
  return 'hispanic';
}

interface Pupil {
  id: string;
  record: StudentRecord;
  ability: number;
  groups: string[];
}

function groupsOf(d: Demographics): string[] {
  const out = ['all', ...(d.race ?? [])];
  if (d.englishLearner) out.push('el');
  if (d.economicallyDisadvantaged) out.push('econ_disadv');
  if (d.disability) out.push('swd');
  if (d.gender === 'F') out.push('female');
  if (d.gender === 'M') out.push('male');
  return out;
}

/**
 * The demo's results: four school years before the current one, every tested grade each school serves.
 * Partner schools get student rows too; comparison schools only their school rows, as from a state file.
 */
export function generateDemoResults(network: DemoNetwork, asOf: Date = new Date(), seed = 2027): DemoResults {
  const rnd = seededRandom(seed);
  const last = schoolYearAt(asOf) - 1;
  const starts = Array.from({ length: DEMO_RESULT_YEARS }, (_, i) => last - DEMO_RESULT_YEARS + 1 + i);
  const years = starts.map(schoolYearLabel);
  const students: StudentRecord[] = [];
  const results: StudentResult[] = [];
  const aggregates: AggregateResult[] = [];
  let line = 1;
  let nextId = 100_000;
  const district = new Map(network.districts.map((d) => [d.key, d]));

  // Student outcomes per entity, to add up into rows: counts by level and the sum of scores, kept in the
  // order each row first appears. Rows are found through small nested maps rather than a composite string key:
  // this runs for every student, subject, entity and group.
  type Tally = { entity: AggregateResult['entity']; year: string; subject: string; grade: number | 'all'; group: string; counts: number[]; scoreSum: number };
  type GroupTallies = { grades: Map<number, Tally>; all: Tally | null };
  const tallies: Tally[] = [];
  const byEntity = new Map<string, Map<string, GroupTallies>>();
  const groupsFor = (entity: AggregateResult['entity'], year: string, subject: string) => {
    const key = `${entity.kind}|${entity.code}|${year}|${subject}`;
    let groups = byEntity.get(key);
    if (!groups) byEntity.set(key, (groups = new Map()));
    return groups;
  };
  const newTally = (entity: AggregateResult['entity'], year: string, subject: string, grade: number | 'all', group: string): Tally => {
    const t = { entity, year, subject, grade, group, counts: [0, 0, 0, 0], scoreSum: 0 };
    tallies.push(t);
    return t;
  };
  const tally = (
    groups: Map<string, GroupTallies>,
    entity: AggregateResult['entity'],
    year: string,
    subject: string,
    grade: number,
    group: string,
    level: number,
    score: number,
  ) => {
    let g = groups.get(group);
    if (!g) groups.set(group, (g = { grades: new Map(), all: null }));
    let t = g.grades.get(grade);
    if (!t) g.grades.set(grade, (t = newTally(entity, year, subject, grade, group)));
    t.counts[level - 1]!++;
    t.scoreSum += score;
    const all = (g.all ??= newTally(entity, year, subject, 'all', group));
    all.counts[level - 1]!++;
    all.scoreSum += score;
  };

  for (const school of network.schools) {
    const partnership = network.partnerships.find((p) => p.schoolKey === school.key);
    const base = -0.35 + (rnd.next() - 0.5) * 0.8;
    // Partner schools improve faster than the comparison schools beside them, intensive support most.
    const lift = !partnership ? 0.015 : partnership.supportLevel === 'intensive' ? 0.09 : 0.05;
    const grades = TESTED_GRADES.filter((g) => g >= school.gradeLow && g <= school.gradeHigh);
    const perGrade = Math.round(school.enrollment / (school.gradeHigh - school.gradeLow + 1));
    const d = district.get(school.districtKey)!;
    const entities = [
      { kind: 'school' as const, state: 'CA' as const, code: school.stateCode, name: school.name },
      { kind: 'district' as const, state: 'CA' as const, code: d.stateCode, name: d.name },
    ];
    // Cohorts: the students who are in grade g in the first year are in grade g+1 the next.
    const cohorts = new Map<number, Pupil[]>();
    const cohortOf = (entryYear: number): Pupil[] => {
      let c = cohorts.get(entryYear);
      if (!c) {
        c = [];
        const size = Math.max(12, Math.round(perGrade * (0.9 + rnd.next() * 0.2)));
        for (let i = 0; i < size; i++) c.push(pupil(rnd, school, nextId++, base));
        cohorts.set(entryYear, c);
      }
      return c;
    };
    starts.forEach((start, yi) => {
      const year = years[yi]!;
      const groupsOf = SUBJECTS.map((subject) => entities.map((entity) => groupsFor(entity, year, subject)));
      for (const grade of grades) {
        for (const p of cohortOf(start - grade)) {
          p.record.grade = grade;
          for (const [si, subject] of SUBJECTS.entries()) {
            const ability = p.ability + lift * yi + (subject === 'math' ? -0.1 : 0) + normal(rnd) * 0.45;
            const middle = 2380 + 28 * Math.min(grade, 9);
            const score = Math.round(middle + ability * 70);
            const level = 1 + CUTS.filter((c) => score >= middle + c).length;
            // Student rows are kept for the last year, the one focus lists are drawn from, and only for partner
            // schools: a comparison school is known from its school rows alone. Every year adds up.
            if (partnership && yi === starts.length - 1)
              results.push({
                kind: 'student-result',
                studentId: p.id,
                schoolId: school.stateCode,
                assessmentId: `demo-sb-${subject}-${grade}`,
                assessmentTitle: `Smarter Balanced ${subject === 'ela' ? 'ELA' : 'Math'} grade ${grade} (demo)`,
                subject,
                grade,
                administrationDate: `${start + 1}-04-15`,
                schoolYear: year,
                scaleScore: score,
                performanceLevel: ['Standard Not Met', 'Standard Nearly Met', 'Standard Met', 'Standard Exceeded'][level - 1]!,
                performanceLevelOrdinal: level,
                line: line++,
              });
            entities.forEach((entity, ei) => {
              const groups = groupsOf[si]![ei]!;
              for (const group of p.groups) tally(groups, entity, year, subject, grade, group, level, score);
            });
          }
        }
      }
    });
    // Students tested in the last year, as they were then.
    const lastYearCohorts = new Set(grades.map((g) => starts[starts.length - 1]! - g));
    if (partnership) for (const [entry, c] of cohorts) if (lastYearCohorts.has(entry)) for (const p of c) students.push(p.record);
  }

  for (const t of tallies) aggregates.push(row(t.entity, t.year, t.subject, t.grade, t.group, t.counts, t.scoreSum, line++));

  // A synthetic state line to compare against: large, steady, slowly rising.
  starts.forEach((_, yi) => {
    for (const subject of SUBJECTS) {
      const tested = 420_000 + yi * 1_500;
      const pcts = subject === 'ela' ? [26 - yi, 24, 27 + yi * 0.5, 23 + yi * 0.5] : [34 - yi, 27, 21 + yi * 0.5, 18 + yi * 0.5];
      const counts = apportionCounts(pcts, tested);
      aggregates.push({
        source: 'caaspp',
        entity: { kind: 'state', state: 'CA', code: 'CA', name: DEMO_STATE_NAME },
        year: years[yi]!,
        assessment: 'smarter-balanced',
        subject,
        grade: 'all',
        group: 'all',
        tested,
        levelCounts: counts,
        levelPercents: counts.map((c) => round1((100 * c) / tested)),
        metOrAbove: counts[2]! + counts[3]!,
        pctMetOrAbove: round1((100 * (counts[2]! + counts[3]!)) / tested),
        meanScaleScore: null,
        suppressed: false,
        line: line++,
      });
    }
  });
  return { years, students, results, aggregates };
}

function pupil(rnd: Random, school: DemoSchool, id: number, base: number): Pupil {
  const race = pickRace(rnd);
  const demographics: Demographics = {
    race: [race],
    hispanic: race === 'hispanic',
    englishLearner: rnd.chance(race === 'hispanic' ? 0.38 : 0.12),
    economicallyDisadvantaged: rnd.chance(0.78),
    disability: rnd.chance(0.12),
    gender: rnd.chance(0.5) ? 'F' : 'M',
  };
  const penalty = (demographics.englishLearner ? 0.35 : 0) + (demographics.disability ? 0.55 : 0) + (demographics.economicallyDisadvantaged ? 0.15 : 0);
  const record: StudentRecord = {
    kind: 'student',
    studentId: `D${id}`,
    firstName: rnd.pick(FIRST),
    lastName: rnd.pick(LAST),
    schoolId: school.stateCode,
    demographics,
    line: 0,
  };
  return { id: record.studentId, record, ability: base - penalty + normal(rnd) * 0.8, groups: groupsOf(demographics) };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function apportionCounts(pcts: number[], total: number): number[] {
  const sum = pcts.reduce((a, b) => a + b, 0);
  const counts = pcts.map((p) => Math.floor((p / sum) * total));
  counts[0]! += total - counts.reduce((a, b) => a + b, 0);
  return counts;
}

function row(
  entity: AggregateResult['entity'],
  year: string,
  subject: string,
  grade: number | 'all',
  group: string,
  counts: number[],
  scoreSum: number,
  line: number,
): AggregateResult {
  const tested = counts.reduce((a, b) => a + b, 0);
  const met = counts[2]! + counts[3]!;
  return {
    source: 'caaspp',
    entity,
    year,
    assessment: 'smarter-balanced',
    subject: subject as 'ela' | 'math',
    grade,
    group,
    tested,
    levelCounts: counts,
    levelPercents: counts.map((c) => round1((100 * c) / tested)),
    metOrAbove: met,
    pctMetOrAbove: round1((100 * met) / tested),
    meanScaleScore: round1(scoreSum / tested),
    suppressed: false,
    line,
  };
}
