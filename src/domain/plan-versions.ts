// Plan versions as documents, and what changed between two of them, field by field, in people's words.
import { outcomeTitle, type OutcomeTarget } from './outcomes';

export interface PlanAction {
  id: string;
  title: string;
  owner: string;
  startOn: string | null;
  dueOn: string | null;
  status: string;
}
export interface PlanStrategy {
  id: string;
  title: string;
  actions: PlanAction[];
}
export interface PlanGoal {
  id: string;
  title: string;
  outcomeId: string | null;
  target: OutcomeTarget | null;
  targetDate: string | null;
  strategies: PlanStrategy[];
}
export interface PlanSnapshot {
  goals: PlanGoal[];
}

export interface PlanChange {
  level: 'goal' | 'strategy' | 'action';
  change: 'added' | 'removed' | 'changed';
  id: string;
  title: string;
  /** Where it sits: "Goal 2 › Strategy 1". */
  where: string;
  fields: { field: string; before: string; after: string }[];
}

const show = (v: unknown): string => (v === null || v === undefined || v === '' ? '—' : typeof v === 'object' ? outcomeTitle(v as OutcomeTarget) : String(v));

function fieldChanges<T extends object>(before: T, after: T, fields: (keyof T & string)[]): PlanChange['fields'] {
  return fields
    .filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null))
    .map((f) => ({ field: f, before: show(before[f]), after: show(after[f]) }));
}

function diffList<T extends { id: string; title: string }>(
  before: readonly T[],
  after: readonly T[],
  level: PlanChange['level'],
  where: (index: number) => string,
  fields: (keyof T & string)[],
  inner: (b: T, a: T, at: string) => PlanChange[],
): PlanChange[] {
  const out: PlanChange[] = [];
  const old = new Map(before.map((x, i) => [x.id, { x, i }]));
  after.forEach((a, i) => {
    const b = old.get(a.id);
    if (!b) out.push({ level, change: 'added', id: a.id, title: a.title, where: where(i), fields: [] });
    else {
      const changed = fieldChanges(b.x, a, fields);
      if (b.i !== i) changed.push({ field: 'position', before: String(b.i + 1), after: String(i + 1) });
      if (changed.length) out.push({ level, change: 'changed', id: a.id, title: a.title, where: where(i), fields: changed });
      out.push(...inner(b.x, a, where(i)));
    }
  });
  const kept = new Set(after.map((a) => a.id));
  before.forEach((b, i) => {
    if (!kept.has(b.id)) out.push({ level, change: 'removed', id: b.id, title: b.title, where: where(i), fields: [] });
  });
  return out;
}

/** Every goal, strategy and action added, removed or changed (with its fields before and after) from one plan version to another. */
export function diffPlans(before: PlanSnapshot, after: PlanSnapshot): PlanChange[] {
  return diffList(
    before.goals,
    after.goals,
    'goal',
    (i) => `Goal ${i + 1}`,
    ['title', 'target', 'targetDate', 'outcomeId'],
    (bg, ag, g) =>
      diffList(
        bg.strategies,
        ag.strategies,
        'strategy',
        (i) => `${g} › Strategy ${i + 1}`,
        ['title'],
        (bs, as, s) =>
          diffList(
            bs.actions,
            as.actions,
            'action',
            (i) => `${s} › Action ${i + 1}`,
            ['title', 'owner', 'startOn', 'dueOn', 'status'],
            () => [],
          ),
      ),
  );
}
