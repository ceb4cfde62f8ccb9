// The plan's revisions: keep the plan as it stands with a reason, list the revisions, and compare two versions.
import { Button, Card, Group, List, NativeSelect, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { LIMITS } from '../../../../src/domain/limits';
import { dateTime } from '../../format';
import { addRevision, planChanges, type PlanAnswer, type PlanChange } from '../../queries/plans';
import { ChangeList } from './ChangeList';

export function RevisionsSection(props: {
  schoolId: string;
  year: number;
  answer: PlanAnswer;
  editable: boolean;
  /** Unsaved edits: a revision keeps the saved plan, so it waits for the save. */
  dirty: boolean;
  busy: boolean;
  run: (work: () => Promise<PlanAnswer>) => Promise<void>;
}) {
  const { answer: p, editable, dirty, busy } = props;
  const [revisionReason, setRevisionReason] = useState('');
  const [compare, setCompare] = useState<{ from: string; to: string; changes: PlanChange[] | null }>({ from: '', to: 'current', changes: null });
  return (
    <section aria-labelledby="revisions-heading">
      <Title order={2} fz="h3" id="revisions-heading" mb="sm">
        Revisions
      </Title>
      {editable && (
        <Group align="flex-end" mb="sm" className="no-print" wrap="wrap">
          <TextInput
            label="Reason for this revision"
            placeholder="e.g. Quarter 1 review"
            value={revisionReason}
            maxLength={LIMITS.reason}
            onChange={(e) => setRevisionReason(e.currentTarget.value)}
            w={{ base: '100%', sm: 360 }}
          />
          <Button
            variant="default"
            loading={busy}
            disabled={!revisionReason.trim() || dirty}
            onClick={() =>
              props.run(async () => {
                const answer = await addRevision(props.schoolId, { year: props.year, reason: revisionReason.trim() });
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
                const answer = await planChanges(props.schoolId, props.year, compare.from, compare.to);
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
  );
}
