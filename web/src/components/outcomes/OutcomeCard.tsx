// One outcome of the draft: its title, kind, source and reason, its target to adjust, moving and removing it, and
// the comments made on it.
import { Badge, Button, Card, Group, NativeSelect, NumberInput, Stack, Text } from '@mantine/core';
import { outcomeTitle } from '../../../../src/domain/outcomes';
import { dateTime } from '../../format';
import type { Outcome, OutcomesAnswer, OutcomeTarget } from '../../queries/plans';

/** An outcome as the team shapes it: saved ones keep their id. */
export interface DraftOutcome {
  id?: string;
  target: OutcomeTarget;
  reason: string;
  source: Outcome['source'];
}

const SOURCE_LABELS: Record<Outcome['source'], string> = {
  review: 'From the review',
  results: 'From results',
  reflection: "From last year's reflection",
  team: "The team's own",
};

export function OutcomeCard(props: {
  outcome: DraftOutcome;
  index: number;
  /** How many outcomes the draft has, so the last one cannot move down. */
  count: number;
  saved: boolean;
  comments: OutcomesAnswer['comments'];
  editing: boolean;
  onMove: (by: number) => void;
  onRemove: () => void;
  onTarget: (target: OutcomeTarget) => void;
}) {
  const { outcome: d, index: i, saved } = props;
  return (
    <Card withBorder padding="md" component="article" aria-label={`Outcome ${i + 1}`} data-testid="outcome">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Text fw={700}>
            {i + 1}. {outcomeTitle(d.target)}
          </Text>
          <Group gap={6} mt={4}>
            <Badge variant="outline" color="gray.8" tt="none" size="sm">
              {d.target.kind === 'student' ? 'Student results' : 'Implementation'}
            </Badge>
            <Text size="xs" c="dimmed">
              {SOURCE_LABELS[d.source]}
              {!saved && d.id === undefined ? ' · not saved yet' : ''}
            </Text>
          </Group>
          {d.reason && (
            <Text size="sm" mt={4}>
              Why: {d.reason}
            </Text>
          )}
        </div>
        {props.editing && (
          <Group gap={4} wrap="nowrap" className="no-print">
            <Button size="compact-xs" variant="subtle" disabled={i === 0} onClick={() => props.onMove(-1)} aria-label={`Move outcome ${i + 1} up`}>
              ↑
            </Button>
            <Button
              size="compact-xs"
              variant="subtle"
              disabled={i === props.count - 1}
              onClick={() => props.onMove(1)}
              aria-label={`Move outcome ${i + 1} down`}
            >
              ↓
            </Button>
            <Button size="compact-xs" variant="subtle" color="#a3261b" onClick={props.onRemove} aria-label={`Remove outcome ${i + 1}`}>
              Remove
            </Button>
          </Group>
        )}
      </Group>
      {props.editing && d.target.kind === 'student' && (
        <NumberInput
          mt="xs"
          w={220}
          label="Target, % at or above standard"
          description={`Baseline ${d.target.baseline}% in ${d.target.baselineYear}`}
          min={0}
          max={100}
          step={0.5}
          decimalScale={1}
          value={d.target.target}
          onChange={(v) => typeof v === 'number' && props.onTarget({ ...d.target, target: v } as OutcomeTarget)}
        />
      )}
      {props.editing && d.target.kind === 'implementation' && (
        <NativeSelect
          mt="xs"
          w={280}
          label="Target level"
          value={String(d.target.targetLevel)}
          onChange={(e) => props.onTarget({ ...d.target, targetLevel: Number(e.currentTarget.value) } as OutcomeTarget)}
          data={Object.entries(d.target.levelLabels)
            .filter(([v]) => d.target.kind === 'implementation' && Number(v) > (d.target.baselineLevel ?? 0))
            .map(([v, label]) => ({ value: v, label: `${v} ${label}` }))}
        />
      )}
      <Comments comments={props.comments} />
    </Card>
  );
}

export function Comments({ comments }: { comments: OutcomesAnswer['comments'] }) {
  if (comments.length === 0) return null;
  return (
    <Stack gap={4} mt="sm" className="outcome-comments">
      {comments.map((c) => (
        <Text size="sm" key={c.id}>
          <strong>{c.by}</strong>: {c.body}{' '}
          <Text span size="xs" c="dimmed">
            {dateTime(c.createdAt)}
          </Text>
        </Text>
      ))}
    </Stack>
  );
}
