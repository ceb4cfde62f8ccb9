// Turns the schema's complaints about a request into sentences in people's words, naming each field as the
// screen does and numbering goals, strategies and actions from 1 ("Goal 2 › Strategy 1 › Action 3: the due
// date is not a real date"), while `where` keeps the machine path (`body.goals.1.strategies.0.actions.2.dueOn`).
import type { ErrorDetail } from '../domain/errors';

/** One complaint as the schema validator reports it: a zod issue code, its path, message and parameters. */
export interface InputIssue {
  path: (string | number)[];
  code: string;
  message: string;
  params?: Record<string, unknown>;
}

/** Field names as the screens show them; anything else is its key split into words. */
const LABELS: Record<string, string> = {
  name: 'name',
  organizationName: 'organization name',
  email: 'email address',
  title: 'title',
  city: 'city',
  enrollment: 'enrollment',
  grade_low: 'lowest grade',
  grade_high: 'highest grade',
  gradeLow: 'lowest grade',
  gradeHigh: 'highest grade',
  frameworkId: 'framework',
  schoolYear: 'school year',
  year: 'school year',
  startsOn: 'start date',
  endsOn: 'end date',
  startOn: 'start date',
  dueOn: 'due date',
  targetDate: 'target date',
  checkedOn: 'check-in date',
  goalId: 'goal',
  outcomeId: 'outcome',
  indicatorKey: 'indicator',
  indicatorName: 'indicator name',
  groupLabel: 'student group',
  group: 'student group',
  baselineYear: 'baseline year',
  baselineLevel: 'baseline level',
  targetLevel: 'target level',
  body: 'comment',
  learned: 'what we learned',
  currentPassword: 'current password',
  newPassword: 'new password',
  scopeId: 'scope',
  scopeKind: 'kind of scope',
  id: 'ID',
  q: 'search',
  from: 'from date',
  to: 'to date',
};

/** What one item of a list is called on screen, by the list's key. */
const ITEMS: Record<string, string> = {
  goals: 'Goal',
  strategies: 'Strategy',
  actions: 'Action',
  outcomes: 'Outcome',
  participants: 'Participant',
  focusIndicators: 'Focus indicator',
};

/** Labels read as "some evidence", never "an evidence". */
const UNCOUNTED = new Set(['evidence', 'notes', 'what we learned', 'search']);
const PLURAL = new Set(['notes']);

/** A key as words: `dueOn` → "due on", `grade_low` → "grade low". */
export function labelOf(key: string): string {
  return (
    LABELS[key] ??
    key
      .replace(/_/g, ' ')
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .toLowerCase()
  );
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const spoken = (value: unknown) => (typeof value === 'string' ? value.replace(/_/g, ' ') : String(value));

/** The list items a path passes through ("Goal 2 › Strategy 1") and the field it ends on, if any. */
function placeOf(path: (string | number)[]): { items: string[]; field: string | null } {
  const items: string[] = [];
  let field: string | null = null;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    const next = path[i + 1];
    if (typeof segment === 'string' && (typeof next === 'number' || /^\d+$/.test(String(next ?? '')))) {
      items.push(`${ITEMS[segment] ?? capital(labelOf(segment))} ${Number(next) + 1}`);
      i++;
      field = null;
    } else {
      field = String(segment);
    }
  }
  return { items, field };
}

/**
 * What is wrong, as a predicate for the field's name: "is required", "is too long; use at most 200 characters".
 * A message the schema wrote itself starts in lower case and already is such a predicate ("is not a real date");
 * zod's own messages start in upper case and are replaced by words from the issue's code.
 */
function predicateOf(issue: InputIssue, label: string): string {
  const p = issue.params ?? {};
  const own = /^[a-z]/.test(issue.message) ? issue.message : null;
  const received = /received (\w+)/.exec(issue.message)?.[1];
  switch (issue.code) {
    case 'invalid_type':
      if (received === 'undefined' || received === 'null') return 'is required';
      if (own) return own;
      if (p.expected === 'number' || p.expected === 'int') return 'must be a number';
      if (p.expected === 'boolean') return 'must be yes or no';
      if (p.expected === 'array') return 'must be a list';
      if (p.expected === 'string') return 'must be text';
      return 'is not valid';
    case 'too_small':
      if (own) return own;
      if (p.origin === 'string') return Number(p.minimum) <= 1 ? 'is required' : `is too short; use at least ${plural(Number(p.minimum), 'character')}`;
      if (p.origin === 'array' || p.origin === 'set') return `needs at least ${p.minimum} ${label}`;
      return `must be at least ${p.minimum}`;
    case 'too_big':
      if (p.origin === 'string') return `is too long; use at most ${plural(Number(p.maximum), 'character')}`;
      if (own) return own;
      if (p.origin === 'array' || p.origin === 'set') return `has too many; use at most ${p.maximum}`;
      return `must be at most ${p.maximum}`;
    case 'invalid_value': {
      if (own) return own;
      const values = Array.isArray(p.values) ? p.values.map(spoken) : [];
      return values.length === 1 ? `must be ${values[0]}` : `must be one of: ${values.join(', ')}`;
    }
    case 'invalid_format':
      if (own) return own;
      if (p.format === 'email') return 'is not an email address';
      if (p.format === 'uuid' || p.format === 'guid') return 'is not a valid identifier';
      return 'is not written the way Trellis expects';
    case 'not_multiple_of':
      return own ?? `must be a multiple of ${p.divisor}`;
    default:
      return own ?? 'is not valid';
  }
}

/** One complaint as a sentence (without the full stop) a person can act on. */
export function describeIssue(issue: InputIssue): string {
  const { items, field } = placeOf(issue.path);
  const context = items.join(' › ');
  if (issue.code === 'unrecognized_keys') {
    const keys = Array.isArray(issue.params?.keys) ? (issue.params.keys as string[]) : [];
    const sentence = `Trellis does not take ${keys.length === 1 ? 'a field named' : 'the fields'} ${keys.join(', ')}`;
    return context ? `${context}: ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}` : sentence;
  }
  if (!field) {
    // The item itself is wrong (a focus indicator that is too long), or the whole request.
    const subject = items.pop() ?? 'The request';
    const rest = items.join(' › ');
    return `${rest ? `${rest}: ` : ''}${subject} ${predicateOf(issue, subject.toLowerCase())}`;
  }
  const label = labelOf(field);
  let predicate = predicateOf(issue, label);
  if (PLURAL.has(label)) predicate = predicate.replace(/^is /, 'are ').replace(/^has /, 'have ');
  if (issue.code === 'too_big' && (issue.params?.origin === 'array' || issue.params?.origin === 'set')) {
    const sentence = `use at most ${issue.params?.maximum} ${label}`;
    return context ? `${context}: ${sentence}` : capital(sentence);
  }
  if (!context) return `${capital(label)} ${predicate}`;
  const article = predicate !== 'is required' ? 'the' : UNCOUNTED.has(label) ? '' : /^[aeiou]/i.test(label) ? 'an' : 'a';
  return `${context}: ${article ? `${article} ` : ''}${label} ${predicate}`;
}

/** The details of a refused request: the machine path in `where`, the sentence in `message`. */
export function inputErrorDetails(part: string, issues: InputIssue[]): ErrorDetail[] {
  return issues.map((issue) => ({ where: [part, ...issue.path.map(String)].join('.'), message: describeIssue(issue) }));
}

/** The answer's message: every distinct problem as a sentence, the first few in full. */
export function inputErrorMessage(details: ErrorDetail[]): string {
  const sentences = [...new Set(details.map((d) => d.message))];
  if (sentences.length === 0) return 'The request is not valid.';
  const shown = sentences.slice(0, 3).map((s) => `${s}.`);
  const more = sentences.length - shown.length;
  return [...shown, ...(more > 0 ? [`And ${plural(more, 'more problem')}.`] : [])].join(' ');
}
