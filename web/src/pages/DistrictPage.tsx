// One district: its schools in the network (those the person may see) and its district-level teams.
import { Anchor, Group, List, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { lazy, Suspense } from 'react';
import { get } from '../api';
import { Facts } from '../components/Facts';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, Loading, LoadFailure } from '../components/PageState';
import { SchoolTable } from '../components/SchoolTable';
import { count, plural, TEAM_KIND_LABELS } from '../format';
import { useSignedIn } from '../session';
import type { DistrictDetail } from '../types';

const ReviewsSection = lazy(() => import('../components/ReviewsSection'));
// The district answer carries no edit flag; these roles may start district reviews (the server checks again).
const DISTRICT_EDITORS = ['org_admin', 'network_director', 'district_leader'];

export default function DistrictPage() {
  const { id = '' } = useParams();
  const session = useSignedIn();
  const district = useQuery({ queryKey: ['district', id], queryFn: () => get<DistrictDetail>(`/api/districts/${id}`) });

  if (district.isPending) return <Loading what="the district" />;
  if (district.isError) return <LoadFailure error={district.error} what="District" />;
  const d = district.data;
  const students = d.schools.reduce((sum, s) => sum + (s.enrollment ?? 0), 0);

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
          ['State code', <span className="mono">{d.state_code}</span>],
          ['Schools in the network', count(d.schools.length)],
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
        {d.schools.length === 0 ? (
          <EmptyState title="No schools yet" />
        ) : (
          <SchoolTable schools={d.schools} sort="name" order="asc" showDistrict={false} caption={`Schools in ${d.name}`} />
        )}
      </section>
      <Suspense fallback={<Loading what="reviews" />}>
        <ReviewsSection scope="district" id={d.id} name={d.name} canEdit={session.roles.some((r) => DISTRICT_EDITORS.includes(r))} />
      </Suspense>
      <section aria-labelledby="district-teams">
        <Title order={2} fz="h3" id="district-teams" mb="xs">
          District teams
        </Title>
        {d.teams.length === 0 ? (
          <Text c="dimmed">No district-level teams yet.</Text>
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
