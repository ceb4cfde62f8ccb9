// What changed between two versions of a plan, one line per goal, strategy or action.
import { List, Text } from '@mantine/core';
import type { PlanChange } from '../../queries/plans';

export function ChangeList({ changes }: { changes: PlanChange[] }) {
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
