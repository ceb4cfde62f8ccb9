// A progress status in words, with a colour that only supports them.
import { Badge } from '@mantine/core';
import { STATUS_COLORS, STATUS_LABELS } from '../plan-format';
import type { ProgressStatus } from '../queries/plans';

export function StatusBadge({ status, size = 'md' }: { status: ProgressStatus; size?: 'sm' | 'md' | 'lg' }) {
  return (
    <Badge variant="outline" color={STATUS_COLORS[status]} size={size} tt="none" data-status={status}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
