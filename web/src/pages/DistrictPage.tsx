// One district: its schools in the network and its district-level teams (those the person may see), and its reviews.
import { Anchor, Group, List, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { lazy, Suspense } from 'react';
import { Facts } from '../components/Facts';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, Loading, LoadFailure } from '../components/PageState';
import { SchoolTable } from '../components/SchoolTable';
import { count, plural, TEAM_KIND_LABELS } from '../format';
import { districtQuery } from '../queries/network';

const ReviewsSection = lazy(() => import('../components/ReviewsSection'));

export default function DistrictPage() {
  const { id = '' } = useParams();
  const district = useQuery(districtQuery(id));

  if (district.isPending) return <Loading what="the district" />;
  if (district.isError) return <LoadFailure error={district.error} what="District" />;
  const d = district.data;
  const students = d.schools.reduce((sum, s) => sum + (s.enrollment ?? 0), 0);
  // A school's own staff see the district to compare with: its results, and only the schools their roles include.
  const partial = !d.can.readReviews;

  return (
    <Stack gap="xl">
      <div>
        <Anchor component={Link} to="/" size="sm" className="no-print">
          ← All schools
        </Anchor>
        <Group justify="space-between" align="flex-end" mt={4} wrap="wrap">
          <PageHeading>{d.name}</PageHeading>
          <Anchor component={Link} to={`/districts/${d.id}/results`} fw={600} className="no-print">
            Student results
          </Anchor>
        </Group>
      </div>
      <Facts
        items={[
          ['State', d.state],
          [
            'State code',
            <span key="code" className="mono">
              {d.stateCode}
            </span>,
          ],
          [partial ? 'Your schools here' : 'Schools in the network', count(d.schools.length)],
          ['Students', count(students)],
        ]}
      />
      <section aria-labelledby="district-schools">
        <Title order={2} fz="h3" id="district-schools" mb="xs">
          Schools
        </Title>
        <Text fw={600} mb="xs">
          {plural(d.schools.length, 'school')}, {count(students)} students
        </Text>
        {partial && (
          <Text c="dimmed" mb="xs" data-testid="district-partial">
            The schools your role includes. The district's student results are open to you to compare with; its other schools and its reviews are not.
          </Text>
        )}
        {d.schools.length === 0 ? (
          <EmptyState title="No schools yet" />
        ) : (
          <SchoolTable schools={d.schools} sort="name" order="asc" showDistrict={false} caption={`Schools in ${d.name}`} />
        )}
      </section>
      {d.can.readReviews && (
        <Suspense fallback={<Loading what="reviews" />}>
          <ReviewsSection scope="district" id={d.id} name={d.name} canEdit={d.can.edit} />
        </Suspense>
      )}
      <section aria-labelledby="district-teams">
        <Title order={2} fz="h3" id="district-teams" mb="xs">
          District teams
        </Title>
        {d.teams.length === 0 ? (
          <Text c="dimmed">{partial ? 'No district-level team that your role includes.' : 'No district-level teams yet.'}</Text>
        ) : (
          <List>
            {d.teams.map((t) => (
              <List.Item key={t.id}>
                {t.name}
                {t.name !== TEAM_KIND_LABELS[t.kind] ? ` (${TEAM_KIND_LABELS[t.kind]})` : ''}
              </List.Item>
            ))}
          </List>
        )}
      </section>
    </Stack>
  );
}
