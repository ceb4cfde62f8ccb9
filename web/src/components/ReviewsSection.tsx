// The reviews of a school or district, newest first, with links to each and (for editors) the form for a new one.
import { Anchor, Badge, Button, Group, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { schoolYearLabel } from '../../../src/domain/school-year';
import { day, REVIEW_TYPE_LABELS } from '../review-format';
import { reviewListQuery } from '../queries/reviews';
import { NewReviewForm } from './NewReviewForm';
import { ErrorMessage, Loading } from './PageState';

interface Props {
  scope: 'school' | 'district';
  id: string;
  name: string;
  canEdit: boolean;
}

export default function ReviewsSection({ scope, id, name, canEdit }: Props) {
  const [adding, setAdding] = useState(false);
  const reviews = useQuery(reviewListQuery(scope, id));
  const rows = [...(reviews.data ?? [])].sort((a, b) => b.startsOn.localeCompare(a.startsOn));

  return (
    <section aria-labelledby={`${scope}-reviews`}>
      <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap">
        <Title order={2} fz="h3" id={`${scope}-reviews`}>
          Reviews
        </Title>
        <Group gap="md" className="no-print">
          {scope === 'school' && (
            <Anchor component={Link} to={`/schools/${id}/heatmap`}>
              Ratings over time (heatmap)
            </Anchor>
          )}
          {canEdit && !adding && <Button onClick={() => setAdding(true)}>New review</Button>}
        </Group>
      </Group>
      {adding && <NewReviewForm scope={scope} id={id} name={name} onCancel={() => setAdding(false)} />}
      {reviews.isPending ? (
        <Loading what="reviews" />
      ) : reviews.isError ? (
        <ErrorMessage error={reviews.error} title="Could not load the reviews" />
      ) : rows.length === 0 ? (
        <Text c="dimmed">No reviews yet.{canEdit ? ' Start one with “New review”.' : ''}</Text>
      ) : (
        <Table.ScrollContainer minWidth={600} type="native">
          <Table striped verticalSpacing="xs" className="data-table">
            <caption className="visually-hidden">Reviews of {name}, newest first</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Review</Table.Th>
                <Table.Th scope="col">Dates</Table.Th>
                <Table.Th scope="col">Framework</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">
                  <span className="visually-hidden">Results</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Th scope="row" fw={400}>
                    <Anchor component={Link} to={`/reviews/${r.id}`} fw={600} underline="hover">
                      {r.title}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {REVIEW_TYPE_LABELS[r.type]} · {schoolYearLabel(r.schoolYear)}
                    </Text>
                  </Table.Th>
                  <Table.Td className="nowrap">{r.startsOn === r.endsOn ? day(r.startsOn) : `${day(r.startsOn)} to ${day(r.endsOn)}`}</Table.Td>
                  <Table.Td>
                    {r.frameworkName}, version {r.frameworkVersion}
                  </Table.Td>
                  <Table.Td>
                    {r.status === 'finalized' ? (
                      <Badge variant="filled" color="gray.8" tt="none">
                        {r.partial ? 'Finalized as partial' : 'Finalized'}
                      </Badge>
                    ) : (
                      <Badge variant="outline" tt="none">
                        Open
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/reviews/${r.id}/results`} size="sm">
                      Results<span className="visually-hidden"> of {r.title}</span>
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}
