// A school's living plan for a year: goals (from the annual outcomes) with progress computed from data,
// strategies and actions with owners, dates and status, check-ins, dated revisions with what changed, and
// the end-of-year reflection per goal. A stale save is refused and shows what the other person changed.
import { Alert, Anchor, Badge, Button, Card, Group, List, NativeSelect, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { emptyCheckinProblem, type CheckinStatus } from '../../../src/domain/checkins';
import { LIMITS } from '../../../src/domain/limits';
import { diffPlans } from '../../../src/domain/outcomes';
import { api, ApiError, get } from '../api';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, Loading, LoadFailure } from '../components/PageState';
import { StatusBadge } from '../components/StatusBadge';
import { dateTime, plural } from '../format';
import { isOverdue, localDate, overdueCount } from '../plan-format';
import { schoolYearOf, STATUS_LABELS, yearLabel, type PlanAnswer, type PlanChange, type PlanGoal, type PlanSnapshot } from '../plan-types';
import { useDraft, type Draft } from '../unsaved';

const ACTION_STATUS = { not_started: 'Not started', in_progress: 'In progress', done: 'Done', blocked: 'Blocked' } as const;
const REFLECTION = { met: 'Met', partly: 'Partly met', not_met: 'Not met' } as const;
type Reflection = keyof typeof REFLECTION;
const newId = () => crypto.randomUUID().slice(0, 8);

/** The plan as the person is editing it: their document, the saved one it started from, and that one's version. */
function draftOf(answer: PlanAnswer): Draft<PlanSnapshot> {
  const saved = answer.plan?.document ?? { goals: [] };
  return { year: answer.schoolYear, version: answer.plan?.version ?? null, saved, edited: structuredClone(saved) };
}
const planKey = (doc: PlanSnapshot) => JSON.stringify(doc);

function ChangeList({ changes }: { changes: PlanChange[] }) {
  if (changes.length === 0) return <Text size="sm">No differences.</Text>;
  return (
    <List size="sm" spacing={4} data-testid="plan-changes">
      {changes.map((c) => (
        <List.Item key={`${c.level}-${c.id}-${c.change}`}>
          <strong>{c.where}</strong> ({c.level}) {c.change}: {c.title}
          {c.fields.length > 0 && <> — {c.fields.map((f) => `${f.field}: ${f.before} → ${f.after}`).join('; ')}</>}
        </List.Item>
      ))}
    </List>
  );
}

export default function PlanPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const thisYear = schoolYearOf(new Date());
  const year = Number(params.get('year')) || thisYear;
  const client = useQueryClient();
  const plan = useQuery({ queryKey: ['plan', id, year], queryFn: () => get<PlanAnswer>(`/api/schools/${id}/plan?year=${year}`) });
  // Unsaved edits outlive a check-in, a reflection or a refetch; saving them over someone else's save gets the
  // stale-save answer below.
  const { draft, dirty, edit, afterSave, reset } = useDraft(plan.data, draftOf, planKey);
  // Taken once, so every action on the page is judged against the same day.
  const [today] = useState(() => localDate(new Date()));
  const [problem, setProblem] = useState<ApiError | Error | null>(null);
  const [theirs, setTheirs] = useState<{ version: number; document: PlanSnapshot } | null>(null);
  const [busy, setBusy] = useState(false);
  const [checkin, setCheckin] = useState({ goalId: '', status: 'on_track', evidence: '', notes: '' });
  const [revisionReason, setRevisionReason] = useState('');
  const [compare, setCompare] = useState<{ from: string; to: string; changes: PlanChange[] | null }>({ from: '', to: 'current', changes: null });

  if (plan.isError) return <LoadFailure error={plan.error} what="School" />;
  if (plan.isPending || !draft) return <Loading what="the plan" />;
  const p = plan.data;
  const { edited: doc, saved: base } = draft;
  const editable = p.can.edit;
  const movedUnder = dirty && draft.version !== (p.plan?.version ?? null);

  async function run(work: () => Promise<PlanAnswer>) {
    setProblem(null);
    setBusy(true);
    try {
      client.setQueryData(['plan', id, year], await work());
    } catch (error) {
      if (error instanceof ApiError && error.code === 'stale_version') {
        const current = (error.body as { current?: { version: number; document: PlanSnapshot } } | undefined)?.current;
        if (current) setTheirs(current);
      }
      setProblem(error instanceof Error ? error : new Error('That did not work.'));
    } finally {
      setBusy(false);
    }
  }
  const save = () =>
    run(async () => {
      const answer = await api<PlanAnswer>('PUT', `/api/schools/${id}/plan`, { year, version: draft.version, goals: doc.goals });
      afterSave(answer, doc);
      return answer;
    });
  const loadTheirs = async () => {
    const fresh = await plan.refetch();
    if (!fresh.data) return;
    reset(fresh.data);
    setTheirs(null);
    setProblem(null);
  };
  const update = (change: (d: PlanSnapshot) => void) => {
    const next = structuredClone(doc);
    change(next);
    edit(next);
  };
  const goalOf = (gid: string | null) => doc.goals.find((g) => g.id === gid)?.title ?? 'The plan as a whole';

  return (
    <Stack gap="xl">
      <div>
        <Anchor component={Link} to={`/schools/${id}`} size="sm" className="no-print">
          ← {p.school.name}
        </Anchor>
        <Group justify="space-between" align="flex-end" mt={4} wrap="wrap">
          <PageHeading>{`Plan ${p.yearLabel}`}</PageHeading>
          <Group gap="sm" className="no-print">
            <NativeSelect
              aria-label="School year"
              value={String(year)}
              // Unsaved edits belong to this year: the unsaved warning asks before the switch drops them.
              onChange={(e) => setParams({ year: e.currentTarget.value }, { replace: true })}
              data={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: String(y), label: yearLabel(y) }))}
            />
            <Anchor component={Link} to={`/schools/${id}/outcomes?year=${year}`}>
              Annual outcomes {p.yearLabel}
            </Anchor>
          </Group>
        </Group>
        <Group gap="sm" mt={4}>
          <Text c="dimmed">
            {p.school.name} · {p.school.districtName}
            {p.plan?.updatedBy ? ` · last changed by ${p.plan.updatedBy}, ${dateTime(p.plan.updatedAt)}` : ''}
          </Text>
          {p.plan && <StatusBadge status={p.status} />}
        </Group>
      </div>

      {problem && (
        <Alert color="red" variant="light" role="alert" title={theirs ? 'Not saved: someone else changed the plan' : 'Not saved'}>
          <Text size="sm">{problem.message}</Text>
          {theirs && (
            <>
              <Text size="sm" mt="xs" fw={600}>
                What they changed:
              </Text>
              <ChangeList changes={diffPlans(base, theirs.document)} />
              <Button size="xs" mt="xs" variant="default" onClick={() => void loadTheirs()}>
                Load their version (your unsaved changes are dropped)
              </Button>
            </>
          )}
        </Alert>
      )}

      {movedUnder && !theirs && (
        <Alert color="orange" variant="light" title="Someone else saved the plan while you were editing" data-testid="moved-under">
          <Text size="sm">Your changes are kept here. When you save, you see what they changed before anything is overwritten.</Text>
        </Alert>
      )}

      {!p.plan && doc.goals.length === 0 ? (
        <EmptyState title="No plan yet">
          {p.outcomesStatus === 'approved'
            ? 'Add goals below to start the plan.'
            : 'Approving the annual outcomes starts the plan with a goal for each outcome; you can also add goals now.'}
        </EmptyState>
      ) : null}

      <section aria-labelledby="goals-heading">
        <Group justify="space-between" mb="sm" wrap="wrap">
          <Title order={2} fz="h3" id="goals-heading">
            Goals
          </Title>
          {editable && (
            <Group gap="xs" className="no-print">
              <Button
                variant="default"
                onClick={() => update((d) => d.goals.push({ id: newId(), title: 'New goal', outcomeId: null, target: null, targetDate: `${year + 1}-06-15`, strategies: [] }))}
              >
                Add a goal
              </Button>
              <Button onClick={save} loading={busy} disabled={!dirty}>
                {dirty ? 'Save plan' : 'Saved'}
              </Button>
            </Group>
          )}
        </Group>
        <Stack gap="md">
          {doc.goals.map((g, gi) => (
            <GoalCard
              key={g.id}
              goal={g}
              index={gi}
              today={today}
              editable={editable}
              progress={p.progress[g.id] ?? null}
              reflection={p.reflections[g.id] ?? null}
              onChange={(next) => update((d) => (d.goals[gi] = next))}
              onRemove={() => update((d) => d.goals.splice(gi, 1))}
              onReflect={(result, learned) => run(() => api<PlanAnswer>('PUT', `/api/schools/${id}/plan/reflections`, { year, goalId: g.id, result, learned }))}
              saved={base.goals.some((b) => b.id === g.id)}
            />
          ))}
        </Stack>
      </section>

      {p.plan && (
        <section aria-labelledby="checkins-heading">
          <Title order={2} fz="h3" id="checkins-heading" mb="sm">
            Check-ins
          </Title>
          {editable && (
            <Card withBorder padding="md" mb="sm" className="no-print">
              <Stack gap="xs">
                <Group grow align="flex-start" wrap="wrap">
                  <NativeSelect
                    label="Goal"
                    value={checkin.goalId}
                    onChange={(e) => setCheckin({ ...checkin, goalId: e.currentTarget.value })}
                    data={[{ value: '', label: 'The plan as a whole' }, ...base.goals.map((g, i) => ({ value: g.id, label: `${i + 1}. ${g.title}` }))]}
                  />
                  <NativeSelect
                    label="Status"
                    value={checkin.status}
                    onChange={(e) => setCheckin({ ...checkin, status: e.currentTarget.value })}
                    data={(['on_track', 'at_risk', 'off_track'] as const).map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
                  />
                </Group>
                <TextInput label="Evidence" description="What you looked at: walkthrough notes, an assessment, student work…" value={checkin.evidence} maxLength={LIMITS.longText} onChange={(e) => setCheckin({ ...checkin, evidence: e.currentTarget.value })} />
                <Textarea label="Notes" autosize minRows={2} value={checkin.notes} maxLength={LIMITS.longText} onChange={(e) => setCheckin({ ...checkin, notes: e.currentTarget.value })} />
                <Group>
                  <Button
                    loading={busy}
                    onClick={() =>
                      run(async () => {
                        // Said here before sending, in the same words the server would answer with.
                        const empty = emptyCheckinProblem({ ...checkin, status: checkin.status as CheckinStatus }, p.checkins.find((c) => c.goalId === (checkin.goalId || null))?.status ?? null);
                        if (empty) throw new Error(empty);
                        const answer = await api<PlanAnswer>('POST', `/api/schools/${id}/plan/checkins`, { year, goalId: checkin.goalId || null, status: checkin.status, evidence: checkin.evidence, notes: checkin.notes });
                        setCheckin({ goalId: checkin.goalId, status: 'on_track', evidence: '', notes: '' });
                        return answer;
                      })
                    }
                  >
                    Record check-in
                  </Button>
                </Group>
              </Stack>
            </Card>
          )}
          {p.checkins.length === 0 ? (
            <Text c="dimmed">No check-ins yet.</Text>
          ) : (
            <Table.ScrollContainer minWidth={640} type="native">
              <Table striped className="data-table" data-testid="checkins">
                <caption className="visually-hidden">Check-ins, newest first</caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Date</Table.Th>
                    <Table.Th scope="col">Goal</Table.Th>
                    <Table.Th scope="col">Status</Table.Th>
                    <Table.Th scope="col">Evidence and notes</Table.Th>
                    <Table.Th scope="col">By</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {p.checkins.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td className="nowrap">{c.checkedOn}</Table.Td>
                      <Table.Td>{goalOf(c.goalId)}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={c.status} size="sm" />
                      </Table.Td>
                      <Table.Td>
                        {c.evidence && <Text size="sm">Evidence: {c.evidence}</Text>}
                        {c.notes && <Text size="sm">{c.notes}</Text>}
                      </Table.Td>
                      <Table.Td>{c.by ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
          <Text size="xs" c="dimmed" mt={4}>
            A check-in is the team&apos;s own reading; the goal status above is computed from results and review ratings.
          </Text>
        </section>
      )}

      {p.plan && (
        <section aria-labelledby="revisions-heading">
          <Title order={2} fz="h3" id="revisions-heading" mb="sm">
            Revisions
          </Title>
          {editable && (
            <Group align="flex-end" mb="sm" className="no-print" wrap="wrap">
              <TextInput label="Reason for this revision" placeholder="e.g. Quarter 1 review" value={revisionReason} maxLength={LIMITS.reason} onChange={(e) => setRevisionReason(e.currentTarget.value)} w={{ base: '100%', sm: 360 }} />
              <Button
                variant="default"
                loading={busy}
                disabled={!revisionReason.trim() || dirty}
                onClick={() =>
                  run(async () => {
                    const answer = await api<PlanAnswer>('POST', `/api/schools/${id}/plan/revisions`, { year, reason: revisionReason.trim() });
                    setRevisionReason('');
                    return answer;
                  })
                }
              >
                Keep this version as a revision
              </Button>
              {dirty && <Text size="xs">Save the plan first.</Text>}
            </Group>
          )}
          {p.revisions.length === 0 ? (
            <Text c="dimmed">No revisions yet. Each quarter, keep the plan as it stands with the reason for the change.</Text>
          ) : (
            <>
              <List size="sm" mb="sm">
                {p.revisions.map((r) => (
                  <List.Item key={r.number}>
                    Revision {r.number}, {dateTime(r.createdAt)}
                    {r.by ? ` by ${r.by}` : ''}: {r.reason}
                  </List.Item>
                ))}
              </List>
              <Group align="flex-end" wrap="wrap" className="no-print">
                <NativeSelect
                  label="Compare"
                  value={compare.from}
                  onChange={(e) => setCompare({ ...compare, from: e.currentTarget.value, changes: null })}
                  data={[{ value: '', label: 'Choose a revision' }, ...p.revisions.map((r) => ({ value: String(r.number), label: `Revision ${r.number}` }))]}
                />
                <NativeSelect
                  label="with"
                  value={compare.to}
                  onChange={(e) => setCompare({ ...compare, to: e.currentTarget.value, changes: null })}
                  data={[{ value: 'current', label: 'The plan now' }, ...p.revisions.map((r) => ({ value: String(r.number), label: `Revision ${r.number}` }))]}
                />
                <Button
                  variant="default"
                  disabled={!compare.from}
                  onClick={async () => {
                    const answer = await get<{ changes: PlanChange[] }>(`/api/schools/${id}/plan/changes?year=${year}&from=${compare.from}&to=${compare.to}`);
                    setCompare({ ...compare, changes: answer.changes });
                  }}
                >
                  Show what changed
                </Button>
              </Group>
              {compare.changes && (
                <Card withBorder mt="sm" padding="sm">
                  <ChangeList changes={compare.changes} />
                </Card>
              )}
            </>
          )}
        </section>
      )}
    </Stack>
  );
}

const OVERDUE_COLOR = '#a3261b';

function OverdueFlag() {
  return (
    <Badge variant="outline" color={OVERDUE_COLOR} tt="none" size="sm" mt={4} data-testid="overdue">
      Overdue
    </Badge>
  );
}

function GoalCard(props: {
  goal: PlanGoal;
  index: number;
  today: string;
  editable: boolean;
  saved: boolean;
  progress: PlanAnswer['progress'][string] | null;
  reflection: PlanAnswer['reflections'][string] | null;
  onChange: (g: PlanGoal) => void;
  onRemove: () => void;
  onReflect: (result: Reflection, learned: string) => void;
}) {
  const { goal: g, index, editable, today } = props;
  // No result is assumed: the team says whether the goal was met.
  const [reflect, setReflect] = useState<{ result: Reflection | ''; learned: string }>({ result: props.reflection?.result ?? '', learned: props.reflection?.learned ?? '' });
  const [reflectError, setReflectError] = useState<string | null>(null);
  const overdue = overdueCount(g, today);
  const set = (change: (g: PlanGoal) => void) => {
    const next = structuredClone(g);
    change(next);
    props.onChange(next);
  };
  return (
    <Card withBorder padding="md" component="article" aria-label={`Goal ${index + 1}: ${g.title}`} data-testid="goal">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div style={{ flex: 1, minWidth: 260 }}>
          {editable ? (
            <Textarea autosize minRows={1} label={`Goal ${index + 1}`} value={g.title} maxLength={LIMITS.planTitle} onChange={(e) => set((x) => (x.title = e.currentTarget.value))} />
          ) : (
            <Title order={3} fz="h4">
              {index + 1}. {g.title}
            </Title>
          )}
          <Group gap="xs" mt={4}>
            <Text size="sm" c="dimmed">
              {g.outcomeId ? 'From an annual outcome' : 'A goal of the plan'}
              {g.targetDate ? ` · by ${g.targetDate}` : ''}
            </Text>
            {overdue > 0 && (
              <Text size="sm" fw={700} c={OVERDUE_COLOR} data-testid="overdue-count">
                {plural(overdue, 'action')} overdue
              </Text>
            )}
          </Group>
        </div>
        <div>
          {props.progress ? (
            <>
              <StatusBadge status={props.progress.status} />
              <Text size="xs" mt={4} maw={280} data-testid="progress-note">
                {props.progress.note}
              </Text>
            </>
          ) : (
            <Text size="sm" c="dimmed">
              No measure linked
            </Text>
          )}
        </div>
      </Group>

      <Stack gap="sm" mt="md">
        {g.strategies.map((s, si) => (
          <div key={s.id} className="strategy">
            <Group justify="space-between" wrap="nowrap">
              {editable ? (
                <Textarea autosize minRows={1} label={`Strategy ${si + 1}`} value={s.title} maxLength={LIMITS.planTitle} onChange={(e) => set((x) => (x.strategies[si]!.title = e.currentTarget.value))} style={{ flex: 1 }} />
              ) : (
                <Text fw={600}>
                  Strategy {si + 1}: {s.title}
                </Text>
              )}
              {editable && (
                <Button size="compact-xs" variant="subtle" color="#a3261b" className="no-print" onClick={() => set((x) => x.strategies.splice(si, 1))} aria-label={`Remove strategy ${si + 1} of goal ${index + 1}`}>
                  Remove
                </Button>
              )}
            </Group>
            {/* Wide columns for the words at desktop width; on a phone each action becomes a stack of labelled fields. */}
            <Table className="data-table plan-actions" mt={4} data-testid="actions">
              <caption className="visually-hidden">Actions of strategy {si + 1}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" className="col-action">
                    Action
                  </Table.Th>
                  <Table.Th scope="col" className="col-owner">
                    Owner
                  </Table.Th>
                  <Table.Th scope="col" className="col-date">
                    Start
                  </Table.Th>
                  <Table.Th scope="col" className="col-date">
                    Due
                  </Table.Th>
                  <Table.Th scope="col" className="col-status">
                    Status
                  </Table.Th>
                  {editable && (
                    <Table.Th scope="col">
                      <span className="visually-hidden">Remove</span>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.actions.map((a, ai) => {
                  const at = (change: (a: PlanGoal['strategies'][number]['actions'][number]) => void) => set((x) => change(x.strategies[si]!.actions[ai]!));
                  const n = `action ${ai + 1} of strategy ${si + 1}`;
                  const late = isOverdue(a, today) && <OverdueFlag />;
                  return editable ? (
                    <Table.Tr key={a.id} data-overdue={isOverdue(a, today) || undefined}>
                      <Table.Td data-label="Action">
                        <Textarea autosize minRows={1} aria-label={`Title of ${n}`} value={a.title} maxLength={LIMITS.planTitle} onChange={(e) => at((x) => (x.title = e.currentTarget.value))} />
                      </Table.Td>
                      <Table.Td data-label="Owner">
                        <TextInput aria-label={`Owner of ${n}`} value={a.owner} maxLength={LIMITS.actionOwner} onChange={(e) => at((x) => (x.owner = e.currentTarget.value))} />
                      </Table.Td>
                      <Table.Td data-label="Start">
                        <TextInput type="date" aria-label={`Start of ${n}`} value={a.startOn ?? ''} onChange={(e) => at((x) => (x.startOn = e.currentTarget.value || null))} />
                      </Table.Td>
                      <Table.Td data-label="Due">
                        <TextInput type="date" aria-label={`Due date of ${n}`} value={a.dueOn ?? ''} onChange={(e) => at((x) => (x.dueOn = e.currentTarget.value || null))} />
                        {late}
                      </Table.Td>
                      <Table.Td data-label="Status">
                        <NativeSelect
                          aria-label={`Status of ${n}`}
                          value={a.status}
                          onChange={(e) => at((x) => (x.status = e.currentTarget.value))}
                          data={Object.entries(ACTION_STATUS).map(([value, label]) => ({ value, label }))}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Button size="compact-xs" variant="subtle" color="#a3261b" onClick={() => set((x) => x.strategies[si]!.actions.splice(ai, 1))} aria-label={`Remove ${n}`}>
                          Remove
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ) : (
                    <Table.Tr key={a.id} data-overdue={isOverdue(a, today) || undefined}>
                      <Table.Td data-label="Action">{a.title}</Table.Td>
                      <Table.Td data-label="Owner">{a.owner || '—'}</Table.Td>
                      <Table.Td data-label="Start" className="nowrap">
                        {a.startOn ?? '—'}
                      </Table.Td>
                      <Table.Td data-label="Due">
                        <span className="nowrap">{a.dueOn ?? '—'}</span> {late}
                      </Table.Td>
                      <Table.Td data-label="Status">{ACTION_STATUS[a.status as keyof typeof ACTION_STATUS] ?? a.status}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
            {editable && (
              <Button
                size="xs"
                variant="subtle"
                className="no-print"
                onClick={() => set((x) => x.strategies[si]!.actions.push({ id: `a-${newId()}`, title: 'New action', owner: '', startOn: null, dueOn: null, status: 'not_started' }))}
              >
                Add an action to strategy {si + 1}
              </Button>
            )}
          </div>
        ))}
        {editable && (
          <Group gap="xs" className="no-print">
            <Button size="xs" variant="light" onClick={() => set((x) => x.strategies.push({ id: `s-${newId()}`, title: 'New strategy', actions: [] }))}>
              Add a strategy to goal {index + 1}
            </Button>
            <Button size="xs" variant="subtle" color="#a3261b" onClick={props.onRemove}>
              Remove goal {index + 1}
            </Button>
          </Group>
        )}
      </Stack>

      {(props.reflection || (editable && props.saved)) && (
        <Card withBorder padding="sm" mt="md" bg="#fafbfb">
          <Text fw={600} size="sm">
            End-of-year reflection
          </Text>
          {props.reflection && !editable && (
            <Text size="sm">
              {REFLECTION[props.reflection.result]}
              {props.reflection.learned ? `: ${props.reflection.learned}` : ''}
            </Text>
          )}
          {editable && (
            <Group align="flex-start" wrap="wrap" mt={4}>
              <NativeSelect
                label="Result"
                w={220}
                value={reflect.result}
                error={reflectError}
                errorProps={{ role: 'alert' }}
                // The theme's error red is too light for text on white; this one meets WCAG AA.
                withErrorStyles={false}
                styles={reflectError ? { input: { borderColor: OVERDUE_COLOR, borderWidth: 2 }, error: { color: OVERDUE_COLOR } } : undefined}
                onChange={(e) => {
                  setReflect({ ...reflect, result: e.currentTarget.value as Reflection | '' });
                  setReflectError(null);
                }}
                data={[{ value: '', label: 'Choose…' }, ...Object.entries(REFLECTION).map(([value, label]) => ({ value, label }))]}
              />
              <TextInput label="What we learned" value={reflect.learned} maxLength={LIMITS.longText} onChange={(e) => setReflect({ ...reflect, learned: e.currentTarget.value })} style={{ flex: 1, minWidth: 240 }} />
              <Stack gap={0}>
                {/* Stands in for a label, so the button lines up with the fields beside it. */}
                <Text size="sm" aria-hidden>
                  &nbsp;
                </Text>
                <Button
                  variant="default"
                  onClick={() => {
                    if (reflect.result === '') setReflectError(`Choose whether goal ${index + 1} was met, partly met or not met.`);
                    else props.onReflect(reflect.result, reflect.learned);
                  }}
                >
                  Save reflection
                </Button>
              </Stack>
            </Group>
          )}
          {props.reflection && editable && (
            <Text size="xs" c="dimmed" mt={4}>
              Saved: {REFLECTION[props.reflection.result]}. Goals not fully met are proposed again for next year.
            </Text>
          )}
        </Card>
      )}
    </Card>
  );
}
