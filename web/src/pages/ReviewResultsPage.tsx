// What a review adds up to: ratings by domain, strengths, growth areas, equity items, calibration, and change since an earlier review.
import { Anchor, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { EquityTag } from '../components/DescriptorTable';
import { Facts } from '../components/Facts';
import { PageHeading } from '../components/PageHeading';
import { Loading, LoadFailure } from '../components/PageState';
import { ReviewDeltas } from '../components/ReviewDeltas';
import { levelName, meanLevel, percent, signed } from '../review-format';
import type { FrameworkLevel } from '../queries/frameworks';
import { reviewQuery, reviewReportPdfUrl, reviewReportUrl, reviewSummaryQuery, type IndicatorLevel } from '../queries/reviews';

function LevelList({ rows, levels, label }: { rows: IndicatorLevel[]; levels: FrameworkLevel[]; label: string }) {
  if (rows.length === 0) return <Text c="dimmed">None yet.</Text>;
  return (
    <List spacing={4} aria-label={label}>
      {rows.map((r) => (
        <List.Item key={r.indicatorKey}>
          <Text span fw={500}>
            {r.name}
          </Text>{' '}
          — {levelName(levels, r.level)} {r.equity && <EquityTag />}
        </List.Item>
      ))}
    </List>
  );
}

export default function ReviewResultsPage() {
  const { id = '' } = useParams();
  const review = useQuery(reviewQuery(id));
  const summary = useQuery(reviewSummaryQuery(id));

  if (review.isPending || summary.isPending) return <Loading what="the review results" />;
  if (review.isError) return <LoadFailure error={review.error} what="Review" />;
  if (summary.isError) return <LoadFailure error={summary.error} what="Review" />;
  const r = review.data;
  const s = summary.data;
  const levels = r.framework.document.levels;
  const top = levels[levels.length - 1]!.value;
  const c = s.calibration;

  return (
    <Stack gap="xl">
      <div>
        <Anchor component={Link} to={`/reviews/${r.id}`} size="sm" className="no-print">
          ← Back to the ratings
        </Anchor>
        <PageHeading mt={4}>{`Results: ${r.title}`}</PageHeading>
        <Text c="dimmed">
          {r.schoolName ?? r.districtName} · {r.framework.name}, version {r.framework.version} ·{' '}
          {r.status === 'finalized' ? 'finalized' : 'still open: results may change'}
        </Text>
        <Group gap="md" mt="xs" className="no-print">
          <Anchor href={reviewReportUrl(r.id)} target="_blank" rel="noopener">
            Printable report
          </Anchor>
          <Anchor href={reviewReportPdfUrl(r.id)}>Report as PDF</Anchor>
          {r.schoolId && (
            <Anchor component={Link} to={`/schools/${r.schoolId}/heatmap`}>
              Ratings over time (heatmap)
            </Anchor>
          )}
        </Group>
      </div>

      <section aria-labelledby="results-domains">
        <Title order={2} fz="h3" id="results-domains" mb="xs">
          Ratings by domain
        </Title>
        <Text mb="xs" className="numeric">
          {s.rated} of {s.total} indicators rated. The level that counts is the consensus rating, else the external one, else the self rating.
        </Text>
        <Table.ScrollContainer minWidth={560} type="native">
          <Table verticalSpacing="xs" className="data-table">
            <caption>
              Mean level by domain, on a scale of {levels[0]!.value} to {top}; the bar shows the same mean.
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Domain</Table.Th>
                <Table.Th scope="col" ta="right">
                  Mean level
                </Table.Th>
                <Table.Th scope="col" w="40%">
                  <span aria-hidden>Bar</span>
                  <span className="visually-hidden">Mean level as a bar</span>
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Rated
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.domains.map((d) => (
                <Table.Tr key={d.key}>
                  <Table.Th scope="row">{d.name}</Table.Th>
                  <Table.Td ta="right" className="numeric">
                    {meanLevel(d.mean)}
                  </Table.Td>
                  <Table.Td>
                    <div className="bar-track" aria-hidden>
                      <div className="bar-fill" style={{ width: `${((d.mean ?? 0) / top) * 100}%` }} />
                    </div>
                  </Table.Td>
                  <Table.Td ta="right" className="numeric">
                    {d.rated} of {d.total}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </section>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xl">
        <section aria-labelledby="results-strengths">
          <Title order={2} fz="h3" id="results-strengths" mb="xs">
            Strengths
          </Title>
          <LevelList rows={s.strengths} levels={levels} label="Strengths" />
        </section>
        <section aria-labelledby="results-growth">
          <Title order={2} fz="h3" id="results-growth" mb="xs">
            Growth areas
          </Title>
          <LevelList rows={s.growthAreas} levels={levels} label="Growth areas" />
        </section>
      </SimpleGrid>

      <section aria-labelledby="results-equity">
        <Title order={2} fz="h3" id="results-equity" mb="xs">
          Equity items
        </Title>
        {s.equity.length === 0 ? (
          <Text c="dimmed">This framework has no indicators tagged equity.</Text>
        ) : (
          <Table.ScrollContainer minWidth={480} type="native">
            <Table striped verticalSpacing="xs" className="data-table equity-table">
              <caption className="visually-hidden">Indicators tagged equity and their levels</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Indicator</Table.Th>
                  <Table.Th scope="col">Domain</Table.Th>
                  <Table.Th scope="col">Level</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.equity.map((e) => (
                  <Table.Tr key={e.indicatorKey}>
                    <Table.Th scope="row" fw={500}>
                      {e.name}
                    </Table.Th>
                    <Table.Td>{e.domainName}</Table.Td>
                    <Table.Td>{levelName(levels, e.level)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>

      <section aria-labelledby="results-calibration">
        <Title order={2} fz="h3" id="results-calibration" mb="xs">
          Calibration: self against external
        </Title>
        {c.n === 0 ? (
          <Text c="dimmed">No indicator has both a self and an external rating yet.</Text>
        ) : (
          <>
            <Facts
              items={[
                ['Indicators with both', String(c.n)],
                ['Mean difference', signed(c.meanDifference)],
                ['Self higher', percent(c.selfHigher)],
                ['Self lower', percent(c.selfLower)],
                ['Same level', percent(c.equal)],
              ]}
            />
            <Text size="sm" c="dimmed" mt="xs">
              The difference is the self rating minus the external rating: a positive number means the school rates itself higher than the evidence does.
            </Text>
          </>
        )}
      </section>

      {r.schoolId && <ReviewDeltas review={r} />}
    </Stack>
  );
}
