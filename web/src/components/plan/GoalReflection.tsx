// The end-of-year reflection on a goal: whether it was met and what the team learned, shown or edited.
import { Button, Card, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { LIMITS } from '../../../../src/domain/limits';
import { OVERDUE_COLOR } from '../../plan-format';
import type { PlanAnswer } from '../../queries/plans';

export const REFLECTION = { met: 'Met', partly: 'Partly met', not_met: 'Not met' } as const;
export type Reflection = keyof typeof REFLECTION;

export function GoalReflection(props: {
  index: number;
  editable: boolean;
  reflection: PlanAnswer['reflections'][string] | null;
  onReflect: (result: Reflection, learned: string) => void;
}) {
  const { index, editable, reflection } = props;
  // No result is assumed: the team says whether the goal was met.
  const [reflect, setReflect] = useState<{ result: Reflection | ''; learned: string }>({
    result: reflection?.result ?? '',
    learned: reflection?.learned ?? '',
  });
  const [reflectError, setReflectError] = useState<string | null>(null);
  return (
    <Card withBorder padding="sm" mt="md" bg="#fafbfb">
      <Text fw={600} size="sm">
        End-of-year reflection
      </Text>
      {reflection && !editable && (
        <Text size="sm">
          {REFLECTION[reflection.result]}
          {reflection.learned ? `: ${reflection.learned}` : ''}
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
          <TextInput
            label="What we learned"
            value={reflect.learned}
            maxLength={LIMITS.longText}
            onChange={(e) => setReflect({ ...reflect, learned: e.currentTarget.value })}
            style={{ flex: 1, minWidth: 240 }}
          />
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
      {reflection && editable && (
        <Text size="xs" c="dimmed" mt={4}>
          Saved: {REFLECTION[reflection.result]}. Goals not fully met are proposed again for next year.
        </Text>
      )}
    </Card>
  );
}
