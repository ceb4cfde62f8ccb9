// The plan's check-ins: the form to record the team's reading of a goal or of the whole plan, and the list, newest first.
import { Button, Card, Group, NativeSelect, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { emptyCheckinProblem, type CheckinStatus } from '../../../../src/domain/checkins';
import { LIMITS } from '../../../../src/domain/limits';
import { STATUS_LABELS } from '../../plan-format';
import { addCheckin, type PlanAnswer, type PlanSnapshot } from '../../queries/plans';
import { StatusBadge } from '../StatusBadge';

export function CheckinsSection(props: {
  schoolId: string;
  year: number;
  answer: PlanAnswer;
  /** The saved plan: a check-in names a goal that is saved. */
  saved: PlanSnapshot;
  /** The plan being edited, for the names of goals. */
  edited: PlanSnapshot;
  editable: boolean;
  busy: boolean;
  run: (work: () => Promise<PlanAnswer>) => Promise<void>;
}) {
  const { answer: p, saved: base, editable, busy } = props;
  const [checkin, setCheckin] = useState({ goalId: '', status: 'on_track', evidence: '', notes: '' });
  const goalOf = (gid: string | null) => props.edited.goals.find((g) => g.id === gid)?.title ?? 'The plan as a whole';
  return (
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
            <TextInput
              label="Evidence"
              description="What you looked at: walkthrough notes, an assessment, student work…"
              value={checkin.evidence}
              maxLength={LIMITS.longText}
              onChange={(e) => setCheckin({ ...checkin, evidence: e.currentTarget.value })}
            />
            <Textarea
              label="Notes"
              autosize
              minRows={2}
              value={checkin.notes}
              maxLength={LIMITS.longText}
              onChange={(e) => setCheckin({ ...checkin, notes: e.currentTarget.value })}
            />
            <Group>
              <Button
                loading={busy}
                onClick={() =>
                  props.run(async () => {
                    const status = checkin.status as CheckinStatus;
                    // Said here before sending, in the same words the server would answer with.
                    const empty = emptyCheckinProblem({ ...checkin, status }, p.checkins.find((c) => c.goalId === (checkin.goalId || null))?.status ?? null);
                    if (empty) throw new Error(empty);
                    const answer = await addCheckin(props.schoolId, {
                      year: props.year,
                      goalId: checkin.goalId || null,
                      status,
                      evidence: checkin.evidence,
                      notes: checkin.notes,
                    });
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
  );
}
