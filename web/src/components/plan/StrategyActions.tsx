// The actions of one strategy: a table to edit (title, owner, dates, status) or to read, with overdue ones flagged.
import { Badge, Button, NativeSelect, Table, Textarea, TextInput } from '@mantine/core';
import { LIMITS } from '../../../../src/domain/limits';
import { isOverdue, OVERDUE_COLOR } from '../../plan-format';
import type { PlanAction, PlanGoal } from '../../queries/plans';

export const ACTION_STATUS = { not_started: 'Not started', in_progress: 'In progress', done: 'Done', blocked: 'Blocked' } as const;

function OverdueFlag() {
  return (
    <Badge variant="outline" color={OVERDUE_COLOR} tt="none" size="sm" mt={4} data-testid="overdue">
      Overdue
    </Badge>
  );
}

export function StrategyActions(props: {
  strategy: PlanGoal['strategies'][number];
  index: number;
  today: string;
  editable: boolean;
  onChange: (ai: number, change: (a: PlanAction) => void) => void;
  onRemove: (ai: number) => void;
}) {
  const { strategy: s, index: si, today, editable } = props;
  return (
    // Wide columns for the words at desktop width; on a phone each action becomes a stack of labelled fields.
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
          const at = (change: (a: PlanAction) => void) => props.onChange(ai, change);
          const n = `action ${ai + 1} of strategy ${si + 1}`;
          const late = isOverdue(a, today) && <OverdueFlag />;
          return editable ? (
            <Table.Tr key={a.id} data-overdue={isOverdue(a, today) || undefined}>
              <Table.Td data-label="Action">
                <Textarea
                  autosize
                  minRows={1}
                  aria-label={`Title of ${n}`}
                  value={a.title}
                  maxLength={LIMITS.planTitle}
                  onChange={(e) => at((x) => (x.title = e.currentTarget.value))}
                />
              </Table.Td>
              <Table.Td data-label="Owner">
                <TextInput
                  aria-label={`Owner of ${n}`}
                  value={a.owner}
                  maxLength={LIMITS.actionOwner}
                  onChange={(e) => at((x) => (x.owner = e.currentTarget.value))}
                />
              </Table.Td>
              <Table.Td data-label="Start">
                <TextInput
                  type="date"
                  aria-label={`Start of ${n}`}
                  value={a.startOn ?? ''}
                  onChange={(e) => at((x) => (x.startOn = e.currentTarget.value || null))}
                />
              </Table.Td>
              <Table.Td data-label="Due">
                <TextInput
                  type="date"
                  aria-label={`Due date of ${n}`}
                  value={a.dueOn ?? ''}
                  onChange={(e) => at((x) => (x.dueOn = e.currentTarget.value || null))}
                />
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
                <Button size="compact-xs" variant="subtle" color={OVERDUE_COLOR} onClick={() => props.onRemove(ai)} aria-label={`Remove ${n}`}>
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
  );
}
