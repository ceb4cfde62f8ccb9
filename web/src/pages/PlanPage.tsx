// A school's living plan for a year: goals (from the annual outcomes) with progress computed from data,
// strategies and actions with owners, dates and status, check-ins, dated revisions with what changed, and
// the end-of-year reflection per goal. A stale save is refused and shows what the other person changed.
import { Alert, Anchor, Button, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { diffPlans } from '../../../src/domain/plan-versions';
import { ApiError } from '../api';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, Loading, LoadFailure } from '../components/PageState';
import { ChangeList } from '../components/plan/ChangeList';
import { CheckinsSection } from '../components/plan/CheckinsSection';
import { GoalCard } from '../components/plan/GoalCard';
import { RevisionsSection } from '../components/plan/RevisionsSection';
import { StatusBadge } from '../components/StatusBadge';
import { dateTime } from '../format';
import { currentSchoolYear } from '../../../src/domain/school-year';
import { localDate, newId, yearLabel } from '../plan-format';
import { planQuery, savePlan, saveReflection, type PlanAnswer, type PlanNow, type PlanSnapshot } from '../queries/plans';
import { useDraft, type Draft } from '../unsaved';

/** The plan as the person is editing it: their document, the saved one it started from, and that one's version. */
function draftOf(answer: PlanAnswer): Draft<PlanSnapshot> {
  const saved = answer.plan?.document ?? { goals: [] };
  return { year: answer.schoolYear, version: answer.plan?.version ?? null, saved, edited: structuredClone(saved) };
}
const planKey = (doc: PlanSnapshot) => JSON.stringify(doc);

export default function PlanPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const thisYear = currentSchoolYear();
  const year = Number(params.get('year')) || thisYear;
  const client = useQueryClient();
  const planRead = planQuery(id, year);
  const plan = useQuery(planRead);
  // Unsaved edits outlive a check-in, a reflection or a refetch; saving them over someone else's save gets the
  // stale-save answer below.
  const { draft, dirty, edit, afterSave, reset } = useDraft(plan.data, draftOf, planKey);
  // Taken once, so every action on the page is judged against the same day.
  const [today] = useState(() => localDate(new Date()));
  const [problem, setProblem] = useState<ApiError | Error | null>(null);
  const [theirs, setTheirs] = useState<PlanNow | null>(null);
  const [busy, setBusy] = useState(false);

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
      client.setQueryData(planRead.queryKey, await work());
    } catch (error) {
      if (error instanceof ApiError && error.code === 'stale_version') {
        const current = (error.body as { current?: PlanNow | null } | undefined)?.current;
        if (current) setTheirs(current);
      }
      setProblem(error instanceof Error ? error : new Error('That did not work.'));
    } finally {
      setBusy(false);
    }
  }
  const save = () =>
    run(async () => {
      const answer = await savePlan(id, { year, version: draft.version, goals: doc.goals });
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
                onClick={() =>
                  update((d) =>
                    d.goals.push({ id: newId(), title: 'New goal', outcomeId: null, target: null, targetDate: `${year + 1}-06-15`, strategies: [] }),
                  )
                }
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
              onReflect={(result, learned) => run(() => saveReflection(id, { year, goalId: g.id, result, learned }))}
              saved={base.goals.some((b) => b.id === g.id)}
            />
          ))}
        </Stack>
      </section>

      {p.plan && <CheckinsSection schoolId={id} year={year} answer={p} saved={base} edited={doc} editable={editable} busy={busy} run={run} />}

      {p.plan && <RevisionsSection schoolId={id} year={year} answer={p} editable={editable} dirty={dirty} busy={busy} run={run} />}
    </Stack>
  );
}
