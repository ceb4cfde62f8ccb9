// Change since an earlier review of the same school: per indicator, from and to, with the direction in words and arrows.
import { NativeSelect, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { day, levelName } from '../review-format';
import { reviewDeltasQuery, reviewListQuery, type ReviewDetail } from '../queries/reviews';
import { ErrorMessage, Loading } from './PageState';

function Change({ change }: { change: number | null }) {
  if (change === null) return <span className="change-none">—</span>;
  if (change === 0) return <span className="change-same">= no change</span>;
  const up = change > 0;
  return (
    <span className={up ? 'change-up' : 'change-down'}>
      {up ? '▲ up' : '▼ down'} {Math.abs(change)}
    </span>
  );
}

export function ReviewDeltas({ review }: { review: ReviewDetail }) {
  const reviews = useQuery(reviewListQuery('school', review.schoolId ?? ''));
  // Only earlier reviews on the same framework can be compared rating by rating.
  const earlier = (reviews.data ?? [])
    .filter((x) => x.id !== review.id && x.frameworkName === review.framework.name && x.startsOn <= review.startsOn)
    .sort((a, b) => b.startsOn.localeCompare(a.startsOn));
  const [picked, setPicked] = useState('');
  const from = picked || earlier[0]?.id || '';
  const deltas = useQuery({ ...reviewDeltasQuery(review.id, from), enabled: Boolean(from) });
  const levels = review.framework.document.levels;

  return (
    <section aria-labelledby="results-deltas">
      <Title order={2} fz="h3" id="results-deltas" mb="xs">
        Change since an earlier review
      </Title>
      {reviews.isPending ? (
        <Loading what="earlier reviews" />
      ) : earlier.length === 0 ? (
        <Text c="dimmed">There is no earlier review of this school on this framework to compare with.</Text>
      ) : (
        <>
          <NativeSelect
            label="Compare with"
            value={from}
            onChange={(e) => setPicked(e.currentTarget.value)}
            data={earlier.map((x) => ({ value: x.id, label: `${x.title} (${day(x.startsOn)})` }))}
            maw={420}
            mb="sm"
            className="no-print"
          />
          {deltas.isPending ? (
            <Loading what="the changes" />
          ) : deltas.isError ? (
            <ErrorMessage error={deltas.error} title="Could not compare the reviews" />
          ) : (
            <Table.ScrollContainer minWidth={640} type="native">
              <Table striped verticalSpacing="xs" className="data-table deltas-table">
                <caption>
                  Levels in {deltas.data.from.title} ({day(deltas.data.from.startsOn)}) and in {deltas.data.to.title} ({day(deltas.data.to.startsOn)}); ★ marks
                  this review’s focus indicators.
                </caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Indicator</Table.Th>
                    <Table.Th scope="col">Domain</Table.Th>
                    <Table.Th scope="col">Before</Table.Th>
                    <Table.Th scope="col">Now</Table.Th>
                    <Table.Th scope="col">Change</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {deltas.data.rows.map((row) => (
                    <Table.Tr key={row.indicatorKey} data-focus={row.focus || undefined}>
                      <Table.Th scope="row" fw={row.focus ? 700 : 500}>
                        {row.focus && <span className="focus-mark">★ Focus · </span>}
                        {row.name}
                      </Table.Th>
                      <Table.Td>{row.domainName}</Table.Td>
                      <Table.Td>{levelName(levels, row.from)}</Table.Td>
                      <Table.Td>{levelName(levels, row.to)}</Table.Td>
                      <Table.Td className="nowrap">
                        <Change change={row.change} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
    </section>
  );
}
