// The import being followed: its progress while it runs, then what it brought in or why nothing was kept.
import { Alert, Anchor, Badge, Group, Progress, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { matchSentence, type EntityMatches } from '../../../../src/domain/import-formats';
import { count } from '../../format';
import { bytes, interruptedSentence, statusOf } from '../../import-words';
import type { ImportRun } from '../../queries/imports';
import { ProblemList } from './ProblemList';

const noneMatched = (m: EntityMatches) => m.schools.reported + m.districts.reported > 0 && m.schools.matched + m.districts.matched === 0;

export function ImportJob({ run }: { run: ImportRun }) {
  const fraction = run.totalBytes > 0 ? Math.min(1, run.bytesRead / run.totalBytes) : run.status === 'running' ? 0 : 1;
  const seconds = Math.max(0.001, ((run.finishedAt ? new Date(run.finishedAt).getTime() : Date.now()) - new Date(run.startedAt).getTime()) / 1000);
  const rate = run.rowsRead / seconds;
  const eta = run.status === 'running' && fraction > 0.02 ? (seconds * (1 - fraction)) / fraction : null;
  const names = run.files.map((f) => f.name).join(', ');
  return (
    <Stack gap="xs" data-testid="import-job" data-status={run.status}>
      <Group gap="sm">
        <Badge color={statusOf(run).color} variant="outline" size="lg" tt="none">
          {statusOf(run).label}
        </Badge>
        <Text size="sm">{names || 'uploaded files'}</Text>
      </Group>
      <Progress value={fraction * 100} animated={run.status === 'running'} color={statusOf(run).color} aria-label="Import progress" size="lg" />
      <Text size="sm" aria-live="polite">
        {count(run.rowsRead)} rows read · {bytes(run.bytesRead)} of {bytes(run.totalBytes)} · {count(Math.round(rate))} rows a second
        {eta !== null ? ` · about ${Math.ceil(eta)} s left` : ''}
      </Text>
      {run.status === 'succeeded' && (
        <Alert color="green" variant="light" title="Imported" role="status">
          {count(run.rowsRead)} rows in {seconds.toFixed(1)} s: {count(run.rowsInserted)} new, {count(run.rowsUpdated)} changed, {count(run.rowsUnchanged)}{' '}
          unchanged.{' '}
          <Anchor component={Link} to="/results">
            See the network results
          </Anchor>
          .
          {run.matched && (
            <Text size="sm" mt={4} data-testid="import-matches">
              {matchSentence(run.matched, run.files.length)}
              {noneMatched(run.matched) &&
                ' Schools and districts are matched by their state code (the CDS code in California, the district code in Connecticut); the others are kept for comparison.'}
            </Text>
          )}
        </Alert>
      )}
      {run.status === 'interrupted' && (
        <Alert color="orange" variant="light" title="The import was interrupted and nothing from it was kept" role="alert">
          <Text size="sm">{interruptedSentence(run)}</Text>
        </Alert>
      )}
      {run.status === 'failed' && run.error && (
        <Alert color="red" variant="light" title="The import failed and nothing from it was kept" role="alert">
          <Text size="sm">{run.error.message}</Text>
          {run.error.details.length > 0 && <ProblemList details={run.error.details} testId="import-errors" />}
        </Alert>
      )}
    </Stack>
  );
}
