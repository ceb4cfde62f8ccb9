// For organization admins: everyone in the organization with their roles; invite, grant, revoke, new links.
import { Badge, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { api, get } from '../api';
import { InviteForm } from '../components/InviteForm';
import { OneTimeLink } from '../components/OneTimeLink';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, ErrorMessage, Loading, NotFound } from '../components/PageState';
import { GrantRoleForm, PersonRoles } from '../components/PersonRoles';
import { plural } from '../format';
import { useSignedIn } from '../session';
import type { PersonRow, Scopes } from '../types';

export default function PeoplePage() {
  const session = useSignedIn();
  const people = useQuery({ queryKey: ['people'], queryFn: () => get<PersonRow[]>('/api/people'), enabled: session.can.managePeople });
  const scopes = useQuery({ queryKey: ['scopes'], queryFn: () => get<Scopes>('/api/scopes'), enabled: session.can.managePeople });
  const [granting, setGranting] = useState<string | null>(null);
  const [link, setLink] = useState<{ name: string; path: string } | null>(null);
  const [filter, setFilter] = useState('');
  const newLink = useMutation({
    mutationFn: (p: PersonRow) => api<{ setPasswordPath: string }>('POST', `/api/people/${p.id}/password-link`).then((r) => ({ name: p.name, path: r.setPasswordPath })),
    onSuccess: setLink,
  });

  if (!session.can.managePeople) return <NotFound what="Page" message="Managing people needs the organization admin role." />;
  if (people.isPending || scopes.isPending) return <Loading what="people" />;
  if (people.isError) return <ErrorMessage error={people.error} title="Could not load people" />;
  if (scopes.isError) return <ErrorMessage error={scopes.error} title="Could not load the schools and teams" />;

  const f = filter.trim().toLowerCase();
  const shown = f ? people.data.filter((p) => `${p.name} ${p.email} ${p.title ?? ''}`.toLowerCase().includes(f)) : people.data;

  return (
    <Stack gap="xl">
      <div>
        <PageHeading>People</PageHeading>
        <Text c="dimmed" mt={4}>
          Who can sign in to {session.organization.name}, and what each person may do where.
        </Text>
      </div>

      <section aria-labelledby="invite-heading">
        <Title order={2} fz="h3" id="invite-heading" mb="sm">
          Invite a person
        </Title>
        <InviteForm scopes={scopes.data} />
      </section>

      <section aria-labelledby="people-heading">
        <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap">
          <Title order={2} fz="h3" id="people-heading">
            Everyone ({plural(people.data.length, 'person', 'people')})
          </Title>
          <TextInput label="Find a person" placeholder="Name, email or title" type="search" value={filter} onChange={(e) => setFilter(e.currentTarget.value)} w={280} />
        </Group>
        {link && (
          <div style={{ marginBottom: 12 }}>
            <OneTimeLink name={link.name} path={link.path} onDone={() => setLink(null)} />
          </div>
        )}
        {newLink.error && <ErrorMessage error={newLink.error} title="No link made" />}
        {shown.length === 0 ? (
          <EmptyState title="No one matches">Try part of a name or email.</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={760} type="native">
            <Table verticalSpacing="sm" striped>
              <caption className="visually-hidden">People and their roles</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Person</Table.Th>
                  <Table.Th scope="col">Roles</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((p) => (
                  <Fragment key={p.id}>
                    <Table.Tr>
                      <Table.Th scope="row" fw={400}>
                        <Text fw={600} size="sm">
                          {p.name}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {p.email}
                          {p.title ? ` · ${p.title}` : ''}
                        </Text>
                      </Table.Th>
                      <Table.Td>
                        <PersonRoles person={p} />
                      </Table.Td>
                      <Table.Td>
                        {!p.is_active ? (
                          <Badge variant="light" c="gray.8" bg="gray.1" tt="none">
                            Inactive
                          </Badge>
                        ) : p.has_password ? (
                          <Badge variant="light" c="trellis.9" bg="trellis.0" tt="none">
                            Active
                          </Badge>
                        ) : (
                          <Badge variant="light" c="#7a3d00" bg="#fff4e6" tt="none">
                            Invited
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          <Button size="compact-sm" variant="default" onClick={() => setGranting(granting === p.id ? null : p.id)} aria-expanded={granting === p.id} aria-label={`Grant a role to ${p.name}`}>
                            Grant role
                          </Button>
                          <Button size="compact-sm" variant="default" onClick={() => newLink.mutate(p)} loading={newLink.isPending && newLink.variables?.id === p.id} aria-label={`New set-password link for ${p.name}`}>
                            New link
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                    {granting === p.id && (
                      <Table.Tr>
                        <Table.Td colSpan={4}>
                          <GrantRoleForm person={p} scopes={scopes.data} onClose={() => setGranting(null)} />
                        </Table.Td>
                      </Table.Tr>
                    )}
                  </Fragment>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>
    </Stack>
  );
}
