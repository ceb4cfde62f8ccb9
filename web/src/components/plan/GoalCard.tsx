// One goal of the plan: its title, progress from the data, strategies with their actions, and its reflection.
import { Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { LIMITS } from '../../../../src/domain/limits';
import { plural } from '../../format';
import { newId, OVERDUE_COLOR, overdueCount } from '../../plan-format';
import type { PlanAnswer, PlanGoal } from '../../queries/plans';
import { StatusBadge } from '../StatusBadge';
import { GoalReflection, type Reflection } from './GoalReflection';
import { StrategyActions } from './StrategyActions';

export function GoalCard(props: {
  goal: PlanGoal;
  index: number;
  today: string;
  editable: boolean;
  /** Whether the goal is in the saved plan: only a saved goal takes a reflection. */
  saved: boolean;
  progress: PlanAnswer['progress'][string] | null;
  reflection: PlanAnswer['reflections'][string] | null;
  onChange: (g: PlanGoal) => void;
  onRemove: () => void;
  onReflect: (result: Reflection, learned: string) => void;
}) {
  const { goal: g, index, editable, today } = props;
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
            <Textarea
              autosize
              minRows={1}
              label={`Goal ${index + 1}`}
              value={g.title}
              maxLength={LIMITS.planTitle}
              onChange={(e) => set((x) => (x.title = e.currentTarget.value))}
            />
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
                <Textarea
                  autosize
                  minRows={1}
                  label={`Strategy ${si + 1}`}
                  value={s.title}
                  maxLength={LIMITS.planTitle}
                  onChange={(e) => set((x) => (x.strategies[si]!.title = e.currentTarget.value))}
                  style={{ flex: 1 }}
                />
              ) : (
                <Text fw={600}>
                  Strategy {si + 1}: {s.title}
                </Text>
              )}
              {editable && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color={OVERDUE_COLOR}
                  className="no-print"
                  onClick={() => set((x) => x.strategies.splice(si, 1))}
                  aria-label={`Remove strategy ${si + 1} of goal ${index + 1}`}
                >
                  Remove
                </Button>
              )}
            </Group>
            <StrategyActions
              strategy={s}
              index={si}
              today={today}
              editable={editable}
              onChange={(ai, change) => set((x) => change(x.strategies[si]!.actions[ai]!))}
              onRemove={(ai) => set((x) => x.strategies[si]!.actions.splice(ai, 1))}
            />
            {editable && (
              <Button
                size="xs"
                variant="subtle"
                className="no-print"
                onClick={() =>
                  set((x) =>
                    x.strategies[si]!.actions.push({ id: `a-${newId()}`, title: 'New action', owner: '', startOn: null, dueOn: null, status: 'not_started' }),
                  )
                }
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
            <Button size="xs" variant="subtle" color={OVERDUE_COLOR} onClick={props.onRemove}>
              Remove goal {index + 1}
            </Button>
          </Group>
        )}
      </Stack>

      {(props.reflection || (editable && props.saved)) && (
        <GoalReflection index={index} editable={editable} reflection={props.reflection} onReflect={props.onReflect} />
      )}
    </Card>
  );
}
