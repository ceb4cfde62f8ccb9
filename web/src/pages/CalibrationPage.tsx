// Calibration across the network: how far each school's self ratings sit from external evidence, and on which indicators.
import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Facts } from '../components/Facts';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, Loading, LoadFailure } from '../components/PageState';
import { percent, signed } from '../review-format';
import { calibrationQuery, type Calibration } from '../queries/reviews';

// Largest gaps first; schools and indicators with nothing to compare go last.
const byGap = (a: Calibration, b: Calibration) => (b.meanDifference ?? -Infinity) - (a.meanDifference ?? -Infinity);

export default function CalibrationPage() {
  const data = useQuery(calibrationQuery());

  if (data.isPending) return <Loading what="calibration" />;
  if (data.isError) return <LoadFailure error={data.error} what="Calibration" />;
  const c = data.data;
  const schools = [...c.bySchool].sort((a, b) => byGap(a, b) || a.name.localeCompare(b.name));
  const indicators = c.byIndicator.filter((i) => i.n > 0).sort((a, b) => byGap(a, b) || a.name.localeCompare(b.name));
  const explain =
    'Mean difference is the self rating minus the external rating: a positive number means the school rates itself higher than the evidence does, a negative one lower.';

  return (
    <Stack gap="xl">
      <div>
        <PageHeading>Calibration</PageHeading>
        <Text c="dimmed" mt={4}>
          Self ratings against external evidence on the {c.framework.name}, from each school’s latest review with external ratings.
        </Text>
      </div>

      <section aria-labelledby="calibration-network">
        <Title order={2} fz="h3" id="calibration-network" mb="xs">
          Across the schools you see
        </Title>
        <Facts
          items={[
            ['Indicator pairs', String(c.network.n)],
            ['Mean difference', signed(c.network.meanDifference)],
            ['Self higher', percent(c.network.selfHigher)],
            ['Self lower', percent(c.network.selfLower)],
            ['Same level', percent(c.network.equal)],
          ]}
        />
      </section>

      <section aria-labelledby="calibration-schools">
        <Title order={2} fz="h3" id="calibration-schools" mb="xs">
          By school
        </Title>
        {schools.length <= 1 && (
          <Text c="dimmed" mb="xs">
            Your role includes one school, so there is nothing to compare it with here.
          </Text>
        )}
        {schools.length === 0 ? (
          <EmptyState title="No schools" />
        ) : (
          <Table.ScrollContainer minWidth={720} type="native">
            <Table striped verticalSpacing="xs" className="data-table">
              <caption>By school, largest mean difference first. {explain}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">School</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Mean difference
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Self higher
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Self lower
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Same level
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Indicators
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {schools.map((s) => (
                  <Table.Tr key={s.schoolId}>
                    <Table.Th scope="row" fw={400}>
                      <Anchor component={Link} to={s.reviewId ? `/reviews/${s.reviewId}/results` : `/schools/${s.schoolId}`} fw={600} underline="hover">
                        {s.name}
                      </Anchor>
                      <Text size="xs" c="dimmed">
                        {s.district}
                      </Text>
                    </Table.Th>
                    <Table.Td ta="right" className="numeric" fw={600}>
                      {signed(s.meanDifference)}
                    </Table.Td>
                    <Table.Td ta="right" className="numeric">
                      {percent(s.selfHigher)}
                    </Table.Td>
                    <Table.Td ta="right" className="numeric">
                      {percent(s.selfLower)}
                    </Table.Td>
                    <Table.Td ta="right" className="numeric">
                      {percent(s.equal)}
                    </Table.Td>
                    <Table.Td ta="right" className="numeric">
                      {s.n}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>

      <section aria-labelledby="calibration-indicators">
        <Title order={2} fz="h3" id="calibration-indicators" mb="xs">
          By indicator
        </Title>
        {indicators.length === 0 ? (
          <Text c="dimmed">No indicator has both a self and an external rating yet.</Text>
        ) : (
          <Table.ScrollContainer minWidth={720} type="native">
            <Table striped verticalSpacing="xs" className="data-table">
              <caption>By indicator, largest mean difference first. {explain}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Indicator</Table.Th>
                  <Table.Th scope="col">Domain</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Mean difference
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Self higher
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Schools
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {indicators.map((i) => (
                  <Table.Tr key={i.indicatorKey}>
                    <Table.Th scope="row" fw={500}>
                      {i.name}
                    </Table.Th>
                    <Table.Td>{i.domainName}</Table.Td>
                    <Table.Td ta="right" className="numeric" fw={600}>
                      {signed(i.meanDifference)}
                    </Table.Td>
                    <Table.Td ta="right" className="numeric">
                      {percent(i.selfHigher)}
                    </Table.Td>
                    <Table.Td ta="right" className="numeric">
                      {i.n}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>
    </Stack>
  );
}
