// The problems an import was refused for, each with where it is (file and line, or the field).
import { List } from '@mantine/core';
import type { ErrorDetail } from '../../api';

export function ProblemList({ details, testId }: { details: ErrorDetail[]; testId?: string }) {
  return (
    <List size="sm" mt={4} data-testid={testId}>
      {details.map((d) => (
        <List.Item key={`${d.where}\u0000${d.message}`}>
          <span className="mono">{d.where}</span>: {d.message}
        </List.Item>
      ))}
    </List>
  );
}
