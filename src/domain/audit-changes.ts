// The audit log in a person's words: what an entry's object is called, what was done to it, and each field
// it changed, before → after, named as the screens name them.
import { ROLE_LABELS } from './access';
import { schoolYearLabel } from './school-year';
import { diffPlans, type PlanChange, type PlanSnapshot } from './plan-versions';

/** An entry as stored: the action, the object it was done to, and the object before and after (secrets already kept out). */
export interface StoredEntry {
  action: string;
  objectKind: string;
  objectId: string;
  before: unknown;
  after: unknown;
}

/** What the database knows about the object, looked up for a page of entries at once. */
export interface ObjectFacts {
  /** The object's own name: a person's or school's name, a review's title, a framework's name. */
  name?: string | null;
  schoolId?: string | null;
  schoolName?: string | null;
  districtName?: string | null;
  /** The school year of a plan or of annual outcomes, by its first calendar year. */
  year?: number | null;
  version?: number | null;
  /** The number of files of an import. */
  files?: number | null;
}

/** What a rating entry needs from its framework to read in words. */
export interface FrameworkWords {
  indicators: Record<string, string>;
  levels: Record<string, string>;
}

export interface DescribeContext {
  /** Names of things an entry points to by id: people, schools, districts, teams, collaborations, imports. */
  names?: Record<string, string>;
  framework?: FrameworkWords | null;
  /** The goals of the entry's plan as it is now, to number a check-in's or reflection's goal as the screen does. */
  goals?: { id: string }[] | null;
}

/** One line of "what changed": "Goal 2 › Strategy 1 › Action 3: due date 2026-10-01 → 2026-10-15". */
export interface ChangeLine {
  /** Where in the object, for nested documents; null for the object itself. */
  where: string | null;
  field: string;
  /** null when the field was set for the first time (a new object) or the line says what was added. */
  before: string | null;
  after: string | null;
  text: string;
}

export interface DescribedEntry {
  object: { kind: string; label: string; link: string | null };
  /** The action in words: "changed", "created", "reopened with reason “…”". */
  action: string;
  changes: ChangeLine[];
}

const EMPTY = '—';

export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return EMPTY;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.length === 0 ? EMPTY : v.map(showValue).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function line(where: string | null, field: string, before: string | null, after: string | null): ChangeLine {
  const value = before === null ? (after ?? EMPTY) : `${before} → ${after ?? EMPTY}`;
  const text = where ? `${where}: ${field} ${value}` : `${capitalize(field)}: ${value}`;
  return { where, field, before, after, text };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/**
 * The named fields that differ, in the order given; for a new object (no before) the fields it was made
 * with. Fields not named (ids, versions, timestamps) are never shown.
 */
function fieldLines(
  before: unknown,
  after: unknown,
  labels: Record<string, string>,
  show: (field: string, v: unknown) => string = (_f, v) => showValue(v),
): ChangeLine[] {
  const b = record(before);
  const a = record(after);
  const fresh = before === null || before === undefined;
  return Object.entries(labels)
    .filter(([k]) => (fresh ? showValue(a[k]) !== EMPTY : (k in a || k in b) && JSON.stringify(b[k] ?? null) !== JSON.stringify(a[k] ?? null)))
    .map(([k, label]) => line(null, label, fresh ? null : show(k, b[k]), show(k, a[k])));
}

// Field names as the screens name them.
const SCHOOL_FIELDS = {
  name: 'school name',
  city: 'city',
  enrollment: 'enrollment',
  grade_low: 'lowest grade',
  grade_high: 'highest grade',
  state_code: 'state code',
};
const DISTRICT_FIELDS = { name: 'district name', state_code: 'state code' };
const PERSON_FIELDS = { name: 'name', email: 'email', title: 'title', is_active: 'active' };
const TEAM_FIELDS = { name: 'team name', kind: 'kind' };
const REVIEW_FIELDS = { title: 'title', school_year: 'school year', starts_on: 'starts on', ends_on: 'ends on', status: 'status' };
const RATING_FIELDS = { level: 'level', note: 'note', dimensions: 'dimensions' };
const PLAN_FIELDS: Record<string, string> = {
  title: 'title',
  target: 'target',
  targetDate: 'target date',
  outcomeId: 'annual outcome',
  owner: 'owner',
  startOn: 'start',
  dueOn: 'due date',
  status: 'status',
  position: 'position',
};
const ACTION_STATUS: Record<string, string> = { not_started: 'not started', in_progress: 'in progress', done: 'done', blocked: 'blocked' };
const CHECKIN_STATUS: Record<string, string> = { on_track: 'on track', at_risk: 'at risk', off_track: 'off track' };
const RESULT: Record<string, string> = { met: 'met', partly: 'partly met', not_met: 'not met' };

/** A plan's goals, strategies and actions added, removed or changed, numbered from 1 as on the plan page. */
export function planChangeLines(before: PlanSnapshot | null, after: PlanSnapshot): ChangeLine[] {
  // What an added goal or strategy holds was added with it.
  const inside = (c: PlanChange): ChangeLine[] => {
    if (c.change !== 'added') return [];
    const goal = c.level === 'goal' ? after.goals.find((g) => g.id === c.id) : null;
    if (goal)
      return goal.strategies.flatMap((s, si) => [
        line(`${c.where} › Strategy ${si + 1}`, 'added', null, `“${s.title}”`),
        ...s.actions.map((a, ai) => line(`${c.where} › Strategy ${si + 1} › Action ${ai + 1}`, 'added', null, `“${a.title}”`)),
      ]);
    const strategy = c.level === 'strategy' ? after.goals.flatMap((g) => g.strategies).find((s) => s.id === c.id) : null;
    return (strategy?.actions ?? []).map((a, ai) => line(`${c.where} › Action ${ai + 1}`, 'added', null, `“${a.title}”`));
  };
  return diffPlans(before ?? { goals: [] }, after).flatMap((c): ChangeLine[] => {
    if (c.change !== 'changed') return [line(c.where, c.change, null, `“${c.title}”`), ...inside(c)];
    return c.fields.map((f) => {
      const value = (v: string) => (f.field === 'status' ? (ACTION_STATUS[v] ?? v) : f.field === 'outcomeId' ? (v === EMPTY ? 'none' : 'linked') : v);
      return line(c.where, PLAN_FIELDS[f.field] ?? f.field, value(f.before), value(f.after));
    });
  });
}

function isPlan(v: unknown): v is PlanSnapshot {
  return Array.isArray(record(v).goals);
}

function outcomeLines(before: unknown, after: unknown): ChangeLine[] {
  const b = (record(before).outcomes as string[] | undefined) ?? [];
  const a = (record(after).outcomes as string[] | undefined) ?? [];
  return [
    ...a.filter((t) => !b.includes(t)).map((t) => line(null, 'outcome added', null, `“${t}”`)),
    ...b.filter((t) => !a.includes(t)).map((t) => line(null, 'outcome removed', null, `“${t}”`)),
  ];
}

function goalWhere(goalId: unknown, context: DescribeContext): string {
  const i = (context.goals ?? []).findIndex((g) => g.id === goalId);
  return goalId ? (i >= 0 ? `Goal ${i + 1}` : 'a goal since removed') : 'the whole plan';
}

function scopeName(m: Record<string, unknown>, context: DescribeContext): string {
  return context.names?.[String(m.scope_id)] ?? `a ${String(m.scope_kind ?? 'scope')}`;
}

/** The action in words, from the stored action ("review.reopen") and what it recorded. */
export function actionWords(action: string, after: unknown): string {
  const a = record(after);
  const reason = typeof a.reason === 'string' && a.reason.trim() ? ` with reason “${a.reason.trim()}”` : '';
  const verb = action.slice(action.indexOf('.') + 1);
  switch (action) {
    case 'session.sign_in':
      return 'signed in';
    case 'person.set_password':
      return 'set a password';
    case 'membership.grant':
      return 'granted a role';
    case 'membership.revoke':
      return 'revoked a role';
    case 'rating.save':
      return 'rated';
    case 'evidence.add':
      return 'added evidence';
    case 'evidence.remove':
      return 'removed evidence';
    case 'outcomes.comment':
      return 'commented';
    case 'plan.checkin':
      return 'recorded a check-in';
    case 'plan.revision':
      return 'kept a revision';
    case 'plan.reflection':
      return 'reflected on a goal';
    case 'organization.setup':
      return 'set up';
    case 'review.reviewers':
      return 'changed the reviewers';
    case 'import.run':
      return `imported${a.via === 'cli' ? ' from the command line' : a.via === 'web' ? ' on the web' : ''}`;
    case 'review.finalize':
      return a.partial
        ? `finalized with ${showValue(a.rated)} of ${showValue(a.total)} indicators rated${reason ? `;${reason.replace(' with reason', ' reason')}` : ''}`
        : 'finalized';
  }
  const words: Record<string, string> = {
    create: 'created',
    update: 'changed',
    finalize: 'finalized',
    reopen: 'reopened',
    approve: 'approved',
    publish: 'published',
    delete: 'deleted',
  };
  return `${words[verb] ?? verb.replace(/_/g, ' ')}${verb === 'reopen' ? reason : ''}`;
}

/** The object as a person knows it, and the page it lives on. */
export function objectWords(entry: StoredEntry, facts: ObjectFacts, context: DescribeContext = {}): DescribedEntry['object'] {
  const { objectKind: kind, objectId: id } = entry;
  const at = facts.schoolName ?? facts.districtName;
  const where = at ? `, ${at}` : '';
  const schoolPage = facts.schoolId ? `/schools/${facts.schoolId}` : null;
  switch (kind) {
    case 'school':
      return { kind, label: `School: ${facts.name ?? 'a school since removed'}`, link: facts.name ? `/schools/${id}` : null };
    case 'district':
      return { kind, label: `District: ${facts.name ?? 'a district since removed'}`, link: facts.name ? `/districts/${id}` : null };
    case 'team':
      return { kind, label: `Team: ${facts.name ?? 'a team since removed'}${where}`, link: schoolPage };
    case 'person':
      return { kind, label: `Person: ${facts.name ?? 'someone since removed'}`, link: null };
    case 'organization':
      return { kind, label: `Organization: ${facts.name ?? 'the organization'}`, link: null };
    case 'framework':
      return { kind, label: `Framework: ${facts.name ?? 'a framework'}${facts.version ? `, version ${facts.version}` : ''}`, link: `/frameworks/${id}` };
    case 'plan':
      return {
        kind,
        label: `Plan${facts.year ? ` ${schoolYearLabel(facts.year)}` : ''}${where}`,
        link: schoolPage && facts.year ? `${schoolPage}/plan?year=${facts.year}` : schoolPage,
      };
    case 'outcome_set':
      return {
        kind,
        label: `Annual outcomes${facts.year ? ` ${schoolYearLabel(facts.year)}` : ''}${where}`,
        link: schoolPage && facts.year ? `${schoolPage}/outcomes?year=${facts.year}` : schoolPage,
      };
    case 'import_run':
    case 'import':
      return { kind, label: facts.files ? `Import of ${facts.files} ${facts.files === 1 ? 'file' : 'files'}` : 'Import', link: '/imports' };
    case 'review': {
      const review = `${facts.name ?? 'a review since removed'}${where}`;
      if (entry.action === 'rating.save') {
        const r = { ...record(entry.before), ...record(entry.after) };
        const key = String(r.indicator_key ?? '');
        const indicator = context.framework?.indicators[key] ?? key;
        return {
          kind: 'rating',
          label: `Rating: ${indicator} (${String(r.source ?? 'unknown source')}), ${review}`,
          link: facts.name ? `/reviews/${id}` : null,
        };
      }
      return { kind, label: `Review: ${review}`, link: facts.name ? `/reviews/${id}` : null };
    }
    default:
      return { kind, label: capitalize(kind.replace(/_/g, ' ')), link: null };
  }
}

/** Each field the entry changed, before → after, in the words of the screens. */
export function changeLines(entry: StoredEntry, context: DescribeContext = {}): ChangeLine[] {
  const { action, before, after } = entry;
  const a = record(after);
  const b = record(before);
  const fromImport = typeof a.import_run_id === 'string' ? [line(null, 'added by', null, context.names?.[a.import_run_id] ?? 'an import')] : [];
  switch (action) {
    case 'school.update':
    case 'school.create':
      return [...fieldLines(before, after, SCHOOL_FIELDS), ...fromImport];
    case 'district.create':
    case 'district.update':
      return [...fieldLines(before, after, DISTRICT_FIELDS), ...fromImport];
    case 'person.create':
    case 'person.update':
      return fieldLines(before, after, PERSON_FIELDS);
    case 'team.create':
    case 'team.update':
      return fieldLines(before, after, TEAM_FIELDS);
    case 'membership.grant':
    case 'membership.revoke': {
      const m = action === 'membership.grant' ? a : b;
      const role = ROLE_LABELS[m.role as keyof typeof ROLE_LABELS] ?? String(m.role);
      return [line(null, 'role', null, `${role} at ${scopeName(m, context)}`)];
    }
    case 'review.create':
      return fieldLines(null, after, REVIEW_FIELDS);
    case 'review.reviewers': {
      const people = (ids: unknown) =>
        Array.isArray(ids) && ids.length ? ids.map((id) => context.names?.[String(id)] ?? 'someone since removed').join(', ') : EMPTY;
      return [line(null, 'reviewers', people(b.reviewerIds), people(a.reviewerIds))];
    }
    case 'import.run': {
      const files = Array.isArray(a.files) ? (a.files as { name?: string }[]).map((f) => f.name ?? '?').join(', ') : null;
      const count = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('en-US') : showValue(v));
      return [
        ...(files ? [line(null, 'files', null, files)] : []),
        ...fieldLines(
          null,
          a,
          { format: 'format', rowsRead: 'rows read', rowsInserted: 'rows added', rowsUpdated: 'rows updated', rowsUnchanged: 'rows unchanged' },
          (f, v) => (f === 'format' ? showValue(v) : count(v)),
        ),
      ];
    }
    case 'review.finalize':
    case 'review.reopen':
    case 'outcomes.reopen':
    case 'outcomes.approve':
      return [line(null, 'status', showValue(b.status), showValue(a.status))];
    case 'rating.save': {
      const levels = context.framework?.levels ?? {};
      const level = (v: unknown) => (v === null || v === undefined ? 'not rated' : `${String(v)} ${levels[String(v)] ?? ''}`.trim());
      const dimensions = (v: unknown) =>
        Object.entries(record(v))
          .map(([k, n]) => `${k} ${level(n)}`)
          .join(', ') || EMPTY;
      return fieldLines(before ?? null, after, RATING_FIELDS, (f, v) => (f === 'level' ? level(v) : f === 'dimensions' ? dimensions(v) : showValue(v)));
    }
    case 'evidence.add':
    case 'evidence.remove': {
      const e = action === 'evidence.add' ? a : b;
      return [line(null, 'evidence', null, `${capitalize(String(e.kind ?? '').replace(/_/g, ' '))}: ${showValue(e.note)}`)];
    }
    case 'outcomes.create':
    case 'outcomes.update':
      return outcomeLines(before, after);
    case 'outcomes.comment':
      return [line(null, 'comment', null, `“${showValue(a.body)}”`)];
    case 'plan.create':
    case 'plan.update':
      return isPlan(after) ? planChangeLines(isPlan(before) ? before : null, after) : [];
    case 'plan.checkin':
      return [
        line(
          goalWhere(a.goalId, context),
          'check-in',
          null,
          `${CHECKIN_STATUS[String(a.status)] ?? showValue(a.status)} on ${showValue(a.checkedOn)}${a.evidence ? `, evidence: ${String(a.evidence)}` : ''}${a.notes ? `, notes: ${String(a.notes)}` : ''}`,
        ),
      ];
    case 'plan.revision':
      return [line(null, 'revision', null, `${showValue(a.number)}: ${showValue(a.reason)}`)];
    case 'plan.reflection': {
      const show = (f: string, v: unknown) => (f === 'result' ? (RESULT[String(v)] ?? showValue(v)) : showValue(v));
      return fieldLines(before ?? null, after, { result: 'result', learned: 'what we learned' }, show).map((l) =>
        line(goalWhere(a.goalId, context), l.field, l.before, l.after),
      );
    }
    case 'framework.create':
    case 'framework.publish':
      return fieldLines(null, after, { version: 'version', status: 'status' });
    case 'framework.update':
      return fieldLines(before, after, { name: 'name', description: 'description', levels: 'levels', domains: 'domains and indicators' }, (f, v) =>
        f === 'levels'
          ? showValue((v as { label: string }[] | undefined)?.map((l) => l.label))
          : f === 'domains'
            ? `${(v as unknown[] | undefined)?.length ?? 0} domains`
            : showValue(v),
      );
    case 'organization.setup':
      return fieldLines(null, after, { name: 'name', admin: 'first admin' });
    default:
      return [];
  }
}

/** The whole entry in words. */
export function describeEntry(entry: StoredEntry, facts: ObjectFacts, context: DescribeContext = {}): DescribedEntry {
  return { object: objectWords(entry, facts, context), action: actionWords(entry.action, entry.after), changes: changeLines(entry, context) };
}
