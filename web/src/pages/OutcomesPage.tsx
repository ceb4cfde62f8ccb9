// A school's annual outcomes for a year: candidates proposed from the latest review and results (each with its
// reason), the draft the team shapes and comments on, approval that locks it and starts the plan, and a one-page print.
import { Alert, Anchor, Button, Group, List, Modal, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { LIMITS } from '../../../src/domain/limits';
import { ApiError } from '../api';
import { Comments, type DraftOutcome, OutcomeCard } from '../components/outcomes/OutcomeCard';
import { OutcomeProposals } from '../components/outcomes/OutcomeProposals';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, Loading, LoadFailure } from '../components/PageState';
import { dateTime, plural } from '../format';
import { currentSchoolYear } from '../../../src/domain/school-year';
import { yearLabel } from '../plan-format';
import {
  approveOutcomes,
  commentOnOutcomes,
  outcomesQuery,
  outcomesReportUrl,
  reopenOutcomes,
  saveOutcomes,
  type OutcomesAnswer,
  type OutcomeTarget,
} from '../queries/plans';
import { MAX_OUTCOMES, MIN_OUTCOMES } from '../../../src/domain/outcomes';
import { useDraft, type Draft } from '../unsaved';

/** The outcomes as the person is shaping them, the saved ones they started from, and that set's version. */
function shapingOf(answer: OutcomesAnswer): Draft<DraftOutcome[]> {
  const items = answer.outcomes.map((o) => ({ id: o.id, target: o.target, reason: o.reason, source: o.source }));
  return { year: answer.schoolYear, version: answer.set?.version ?? null, saved: items, edited: items };
}
/** What a save keeps of the outcomes: which, in what order, and why. */
const shapingKey = (items: DraftOutcome[]) => JSON.stringify(items.map((x) => [x.id, x.target, x.reason]));

export default function OutcomesPage() {
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const thisYear = currentSchoolYear();
  const year = Number(params.get('year')) || thisYear;
  const client = useQueryClient();
  const outcomesRead = outcomesQuery(id, year);
  const outcomes = useQuery(outcomesRead);
  // Unsaved edits outlive a comment or a refetch; saving them over someone else's save gets the stale-save answer.
  const { draft: shaping, dirty, edit: setDraft, afterSave, reset } = useDraft(outcomes.data, shapingOf, shapingKey);
  const [confirming, setConfirming] = useState(false);
  const [problem, setProblem] = useState<ApiError | Error | null>(null);
  const [saving, setSaving] = useState(false);
  const [comment, setComment] = useState<{ outcomeId: string | null; body: string }>({ outcomeId: null, body: '' });

  if (outcomes.isPending || !shaping) return outcomes.isError ? <LoadFailure error={outcomes.error} what="School" /> : <Loading what="the outcomes" />;
  if (outcomes.isError) return <LoadFailure error={outcomes.error} what="School" />;
  const o = outcomes.data;
  const draft = shaping.edited;
  const locked = o.set?.status === 'approved';
  const editing = o.can.edit && !locked;
  const saved = !dirty;
  const movedUnder = dirty && shaping.version !== (o.set?.version ?? null);
  // About the outcomes as a whole, or about an outcome no longer in the set: shown under the outcomes.
  const generalComments = o.comments.filter((c) => c.outcomeId === null || !o.outcomes.some((x) => x.id === c.outcomeId));

  async function run(work: () => Promise<OutcomesAnswer>) {
    setProblem(null);
    setSaving(true);
    try {
      const answer = await work();
      client.setQueryData(outcomesRead.queryKey, answer);
    } catch (error) {
      setProblem(error instanceof Error ? error : new Error('That did not work.'));
    } finally {
      setSaving(false);
    }
  }
  const save = () =>
    run(async () => {
      const answer = await saveOutcomes(id, { year, version: shaping.version, outcomes: draft });
      afterSave(answer, draft);
      return answer;
    });
  const approve = () => {
    setConfirming(false);
    void run(() => approveOutcomes(id, { year, version: o.set!.version }));
  };
  const loadLatest = async () => {
    const fresh = await outcomes.refetch();
    if (!fresh.data) return;
    reset(fresh.data);
    setProblem(null);
  };
  const reopen = () => {
    const reason = window.prompt('Why reopen the approved outcomes? (kept in the history)');
    if (reason?.trim()) void run(() => reopenOutcomes(id, { year, reason: reason.trim() }));
  };
  const addComment = () =>
    run(async () => {
      const answer = await commentOnOutcomes(id, { year, outcomeId: comment.outcomeId, body: comment.body });
      setComment({ outcomeId: comment.outcomeId, body: '' });
      return answer;
    });
  const move = (i: number, by: number) => {
    const next = [...draft];
    const [x] = next.splice(i, 1);
    next.splice(i + by, 0, x!);
    setDraft(next);
  };
  const setTarget = (i: number, target: OutcomeTarget) => setDraft(draft.map((d, j) => (j === i ? { ...d, target } : d)));

  return (
    <Stack gap="xl">
      <div>
        <Anchor component={Link} to={`/schools/${id}`} size="sm" className="no-print">
          ← {o.school.name}
        </Anchor>
        <Group justify="space-between" align="flex-end" mt={4} wrap="wrap">
          <PageHeading>{`Annual outcomes ${o.yearLabel}`}</PageHeading>
          <Group gap="sm" className="no-print">
            <NativeSelect
              aria-label="School year"
              value={String(year)}
              // Unsaved edits belong to this year: the unsaved warning asks before the switch drops them.
              onChange={(e) => setParams({ year: e.currentTarget.value }, { replace: true })}
              data={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: String(y), label: yearLabel(y) }))}
            />
            <Anchor component={Link} to={`/schools/${id}/plan?year=${year}`}>
              Plan {o.yearLabel}
            </Anchor>
            <Anchor href={outcomesReportUrl(id, year, true)}>One-page PDF</Anchor>
            <Button variant="default" size="xs" onClick={() => window.open(outcomesReportUrl(id, year), '_blank')}>
              Print
            </Button>
          </Group>
        </Group>
        <Text c="dimmed">
          {o.school.name} · {o.school.districtName} ·{' '}
          {o.set === null
            ? 'Not started'
            : locked
              ? `Approved${o.set.approvedBy ? ` by ${o.set.approvedBy}` : ''}${o.set.approvedAt ? `, ${dateTime(o.set.approvedAt)}` : ''}: locked for the year`
              : 'Draft: collecting input'}
        </Text>
      </div>

      {problem && (
        <Alert color="red" variant="light" role="alert" title={problem instanceof ApiError && problem.status === 409 ? 'Not saved' : 'Something is not right'}>
          <Text size="sm">{problem.message}</Text>
          {problem instanceof ApiError && problem.code === 'stale_version' && (
            <Button size="xs" mt="xs" variant="default" onClick={() => void loadLatest()}>
              Load the latest version (your unsaved changes are dropped)
            </Button>
          )}
        </Alert>
      )}

      {movedUnder && !problem && (
        <Alert color="orange" variant="light" title="Someone else changed the outcomes while you were editing" data-testid="moved-under">
          <Text size="sm">Your changes are kept here. Saving them tells you their draft changed before anything is overwritten.</Text>
        </Alert>
      )}

      <section aria-labelledby="chosen-outcomes">
        <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap">
          <Title order={2} fz="h3" id="chosen-outcomes">
            Outcomes for {o.yearLabel}{' '}
            <Text span c="dimmed" fz="md">
              ({draft.length} of {MIN_OUTCOMES}–{MAX_OUTCOMES})
            </Text>
          </Title>
          {editing && (
            <Group gap="xs" className="no-print">
              <Button onClick={save} loading={saving} disabled={saved}>
                {saved ? 'Saved' : 'Save draft'}
              </Button>
              <Button
                color="green.9"
                onClick={() => setConfirming(true)}
                loading={saving}
                disabled={!saved || !o.set || draft.length < MIN_OUTCOMES || draft.length > MAX_OUTCOMES}
              >
                Approve and lock
              </Button>
            </Group>
          )}
          <Modal opened={confirming} onClose={() => setConfirming(false)} title={`Approve and lock the outcomes for ${o.yearLabel}?`} centered>
            <List size="sm" spacing={4}>
              <List.Item>The {plural(draft.length, 'outcome')} can no longer be changed, and comments close.</List.Item>
              <List.Item>If there is no plan for {o.yearLabel} yet, it starts with a goal for each outcome.</List.Item>
              <List.Item>Only an organization admin can reopen them.</List.Item>
            </List>
            <Group justify="flex-end" mt="md">
              <Button variant="default" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
              <Button color="green.9" onClick={approve}>
                Approve and lock
              </Button>
            </Group>
          </Modal>
          {locked && o.can.admin && (
            <Button variant="default" onClick={reopen} className="no-print">
              Reopen
            </Button>
          )}
        </Group>
        {draft.length === 0 ? (
          <EmptyState title="No outcomes yet">
            {editing ? 'Add outcomes from the proposals below.' : 'The school has not drafted its outcomes for this year yet.'}
          </EmptyState>
        ) : (
          <Stack gap="sm">
            {draft.map((d, i) => {
              const saved = d.id ? o.outcomes.find((x) => x.id === d.id) : undefined;
              const comments = o.comments.filter((c) => d.id && c.outcomeId === d.id);
              return (
                <OutcomeCard
                  key={d.id ?? `new-${i}`}
                  outcome={d}
                  index={i}
                  count={draft.length}
                  saved={Boolean(saved)}
                  comments={comments}
                  editing={editing}
                  onMove={(by) => move(i, by)}
                  onRemove={() => setDraft(draft.filter((_, j) => j !== i))}
                  onTarget={(target) => setTarget(i, target)}
                />
              );
            })}
          </Stack>
        )}
      </section>

      {o.set && ((!locked && o.can.comment) || generalComments.length > 0) && (
        <section aria-labelledby="add-comment">
          <Title order={2} fz="h4" id="add-comment" mb="xs">
            {locked ? 'Comments' : 'Add your input'}
          </Title>
          {locked ? (
            <Text size="sm" c="dimmed">
              Comments closed when the outcomes were approved; those made on the draft are kept here and with each outcome.
            </Text>
          ) : (
            o.can.comment && (
              <Stack gap="xs" maw={640} className="no-print">
                <NativeSelect
                  label="About"
                  value={comment.outcomeId ?? ''}
                  onChange={(e) => setComment({ ...comment, outcomeId: e.currentTarget.value || null })}
                  data={[{ value: '', label: 'The outcomes as a whole' }, ...o.outcomes.map((x, i) => ({ value: x.id, label: `${i + 1}. ${x.title}` }))]}
                />
                <Textarea
                  label="Comment"
                  autosize
                  minRows={2}
                  value={comment.body}
                  maxLength={LIMITS.longText}
                  onChange={(e) => setComment({ ...comment, body: e.currentTarget.value })}
                />
                <Group>
                  <Button onClick={addComment} disabled={!comment.body.trim()} loading={saving}>
                    Add comment
                  </Button>
                </Group>
              </Stack>
            )
          )}
          <Comments comments={generalComments} />
        </section>
      )}

      {editing && <OutcomeProposals schoolId={id} answer={o} draft={draft} onAdd={(item) => setDraft([...draft, item])} />}
    </Stack>
  );
}
