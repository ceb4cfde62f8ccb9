// Choosing outcomes: the team's own student-results outcome, and the proposals Trellis makes from the latest review,
// results and last year's reflections, each with its reason.
import { Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { MAX_OUTCOMES, outcomeKey } from '../../../../src/domain/outcomes';
import type { Candidate, OutcomesAnswer } from '../../queries/plans';
import { OwnOutcomeForm } from '../OwnOutcomeForm';
import { EmptyState } from '../PageState';
import type { DraftOutcome } from './OutcomeCard';

export function OutcomeProposals({
  schoolId,
  answer: o,
  draft,
  onAdd,
}: {
  schoolId: string;
  answer: OutcomesAnswer;
  draft: DraftOutcome[];
  onAdd: (outcome: DraftOutcome) => void;
}) {
  const taken = new Set(draft.map((d) => outcomeKey(d.target)));
  const isTaken = (c: Candidate) => taken.has(c.key);
  return (
    <section aria-labelledby="proposals" className="no-print">
      <Title order={2} fz="h3" id="proposals" mb={4}>
        Choosing outcomes
      </Title>

      <OwnOutcomeForm
        schoolId={schoolId}
        disabled={draft.length >= MAX_OUTCOMES}
        taken={new Set(draft.map((d) => outcomeKey(d.target)))}
        onAdd={(target, reason) => onAdd({ target, reason, source: 'team' })}
      />
      <Title order={3} fz="h5" mt="md" mb={4}>
        Proposed by Trellis
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        From{' '}
        {o.evidence?.review && o.evidence.reviewId ? (
          <>
            <Anchor component={Link} to={`/reviews/${o.evidence.reviewId}`} data-testid="proposal-review">
              {o.evidence.review}
            </Anchor>
            , the latest complete review
          </>
        ) : (
          'no complete finalized review yet'
        )}
        {o.evidence?.resultsYear ? `, results of ${o.evidence.resultsYear}` : ', no results yet'}
        {o.evidence?.reflections ? `, and ${o.evidence.reflections} reflections from last year` : ''}. Groups under 11 students are never proposed.
      </Text>
      {o.candidates.length === 0 ? (
        <EmptyState title="Nothing to propose">Finalize a review or import results, and proposals appear here.</EmptyState>
      ) : (
        <Stack gap="xs">
          {o.candidates.map((c) => (
            <Card key={c.key} withBorder padding="sm" data-testid="candidate">
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div>
                  <Text fw={600}>{c.title}</Text>
                  <Text size="sm">{c.reason}</Text>
                </div>
                <Button
                  size="xs"
                  variant="light"
                  disabled={isTaken(c) || draft.length >= MAX_OUTCOMES}
                  onClick={() => onAdd({ target: c.target, reason: c.reason, source: c.source })}
                  aria-label={`Add: ${c.title}`}
                >
                  {isTaken(c) ? 'Added' : 'Add'}
                </Button>
              </Group>
            </Card>
          ))}
        </Stack>
      )}
    </section>
  );
}
