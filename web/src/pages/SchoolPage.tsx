// One school: its facts, partnership, teams with their members, school staff, and (for editors) its details form.
import { Anchor, Badge, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { Link, useParams } from 'react-router';
import { gradeSpan } from '../../../src/domain/grades';
import { schoolYearRange } from '../../../src/domain/school-year';
import { ROLE_LABELS } from '../../../src/domain/access';
import { Facts } from '../components/Facts';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, Loading, LoadFailure } from '../components/PageState';
import { SchoolEditForm } from '../components/SchoolEditForm';
import { coachDays, count, PHASE_LABELS, plural, SUPPORT_LABELS, TEAM_KIND_LABELS } from '../format';
import { useSignedIn } from '../session';
import { schoolQuery } from '../queries/network';

// Reviews load with their own code, so the network page stays small.
const ReviewsSection = lazy(() => import('../components/ReviewsSection'));

export function SchoolPage() {
  const { id = '' } = useParams();
  const session = useSignedIn();
  const school = useQuery(schoolQuery(id));

  if (school.isPending) return <Loading what="the school" />;
  if (school.isError) return <LoadFailure error={school.error} what="School" />;
  const s = school.data;
  const current = s.partnerships[0];

  return (
    <Stack gap="xl">
      <div>
        <Anchor component={Link} to="/" size="sm" className="no-print">
          ← All schools
        </Anchor>
        <Group justify="space-between" align="flex-end" mt={4} wrap="wrap">
          <PageHeading>{s.name}</PageHeading>
          <Group gap="md" className="no-print">
            <Anchor component={Link} to={`/schools/${s.id}/results`} fw={600}>
              Student results
            </Anchor>
            <Anchor component={Link} to={`/schools/${s.id}/outcomes`} fw={600}>
              Annual outcomes
            </Anchor>
            <Anchor component={Link} to={`/schools/${s.id}/plan`} fw={600}>
              Plan
            </Anchor>
            {session.can.readAudit && (
              <Anchor component={Link} to={`/audit?objectKind=school&objectId=${s.id}&name=${encodeURIComponent(s.name)}`}>
                History
              </Anchor>
            )}
          </Group>
        </Group>
        <Text c="dimmed">
          <Anchor component={Link} to={`/districts/${s.districtId}`} c="inherit">
            {s.districtName}
          </Anchor>
          {s.city ? ` · ${s.city}, ${s.state}` : ` · ${s.state}`}
        </Text>
      </div>

      <section aria-labelledby="school-facts">
        <Title order={2} fz="h3" id="school-facts" mb="sm">
          About the school
        </Title>
        <Facts
          items={[
            ['District', s.districtName],
            [
              'State code',
              <span key="code" className="mono">
                {s.stateCode}
              </span>,
            ],
            ['Grades', gradeSpan(s.gradeLow, s.gradeHigh)],
            ['Enrollment', s.enrollment === null ? 'no data yet' : `${count(s.enrollment)} students`],
            ['City', s.city ?? 'not recorded'],
          ]}
        />
      </section>

      <section aria-labelledby="school-partnership">
        <Title order={2} fz="h3" id="school-partnership" mb="sm">
          Partnership
        </Title>
        {current ? (
          <>
            <Facts
              items={[
                ['Support level', `${SUPPORT_LABELS[current.supportLevel]}, ${coachDays(current.coachDaysPerWeek)}`],
                ['Phase', PHASE_LABELS[current.phase]],
                ['Years', schoolYearRange(current.startYear, current.endYear)],
              ]}
            />
            {s.partnerships.length > 1 && (
              <Text size="sm" c="dimmed" mt="xs">
                Earlier:{' '}
                {s.partnerships
                  .slice(1)
                  .map((p) => `${schoolYearRange(p.startYear, p.endYear)} (${SUPPORT_LABELS[p.supportLevel].toLowerCase()})`)
                  .join('; ')}
              </Text>
            )}
          </>
        ) : (
          <Text c="dimmed">No partnership with this school is recorded.</Text>
        )}
      </section>

      <Suspense fallback={<Loading what="reviews" />}>
        <ReviewsSection scope="school" id={s.id} name={s.name} canEdit={s.can.edit} />
      </Suspense>

      <section aria-labelledby="school-teams">
        <Title order={2} fz="h3" id="school-teams" mb="sm">
          Teams
        </Title>
        {s.teams.length === 0 ? (
          <EmptyState title="No teams yet">Teams appear here once they are set up for this school.</EmptyState>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            {s.teams.map((t) => (
              <Card key={t.id} withBorder padding="md" component="article" aria-labelledby={`team-${t.id}`} className="team-card">
                <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
                  <Title order={3} fz="md" id={`team-${t.id}`}>
                    {t.name}
                  </Title>
                  {t.kind === 'ilt' && (
                    <Badge variant="light" c="trellis.9" bg="trellis.0" tt="none" title={TEAM_KIND_LABELS.ilt}>
                      ILT
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" mb="xs">
                  {TEAM_KIND_LABELS[t.kind]} · {plural(t.members.length, 'member')}
                </Text>
                {t.members.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    No members yet.
                  </Text>
                ) : (
                  <List size="sm" spacing={4} listStyleType="none" aria-label={`Members of ${t.name}`}>
                    {t.members.map((m) => (
                      <List.Item key={m.id}>
                        <Text span fw={500} size="sm">
                          {m.name}
                        </Text>
                        {m.title && (
                          <Text span size="sm" c="dimmed">
                            {' '}
                            · {m.title}
                          </Text>
                        )}
                      </List.Item>
                    ))}
                  </List>
                )}
              </Card>
            ))}
          </SimpleGrid>
        )}
      </section>

      <section aria-labelledby="school-staff">
        <Title order={2} fz="h3" id="school-staff" mb="sm">
          School staff and coaches
        </Title>
        {s.staff.length === 0 ? (
          <Text c="dimmed">No one holds a role at this school yet.</Text>
        ) : (
          <Table.ScrollContainer minWidth={560} type="native">
            <Table striped verticalSpacing="xs">
              <caption className="visually-hidden">People with a role at {s.name}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Name</Table.Th>
                  <Table.Th scope="col">Title</Table.Th>
                  <Table.Th scope="col">Role</Table.Th>
                  <Table.Th scope="col">Email</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {s.staff.map((p) => (
                  <Table.Tr key={`${p.id}-${p.role}`}>
                    <Table.Td fw={500}>{p.name}</Table.Td>
                    <Table.Td>{p.title ?? '—'}</Table.Td>
                    <Table.Td>{ROLE_LABELS[p.role]}</Table.Td>
                    <Table.Td>
                      <Anchor href={`mailto:${p.email}`} size="sm">
                        {p.email}
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>

      {s.can.edit && (
        <section aria-labelledby="school-edit" className="no-print">
          <Title order={2} fz="h3" id="school-edit" mb="sm">
            Edit school details
          </Title>
          <SchoolEditForm school={s} />
        </section>
      )}
    </Stack>
  );
}
