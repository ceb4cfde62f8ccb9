// For organization admins: everyone in the organization with their roles, a page at a time; invite, grant, revoke, new links.
import { Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useState } from 'react';
import { ROLE_LABELS, ROLES } from '../../../src/domain/access';
import { InviteForm } from '../components/InviteForm';
import { OneTimeLink } from '../components/OneTimeLink';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, ErrorMessage, Loading, NotFound } from '../components/PageState';
import { GrantRoleForm, PersonRoles } from '../components/PersonRoles';
import { count, plural } from '../format';
import { useFilters } from '../search-params';
import { useSignedIn } from '../session';
import { newPasswordLink, peopleQuery, scopesQuery, type PersonRow } from '../queries/people';

const PAGE_SIZE = 25;
// A badge's label is cut to an ellipsis when its table column is squeezed; a status must always read in full.
const FULL_BADGE = { root: { minWidth: 'max-content' } };

export default function PeoplePage() {
  const session = useSignedIn();
  // Search, filters and page live in the address, so a view can be shared and survives a reload.
  const [params, update] = useFilters();
  const role = params.get('role') ?? '';
  const scope = params.get('scope') ?? '';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 250);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the debounced search text should write to the address.
  useEffect(() => {
    // A new search starts from the first page.
    if ((params.get('q') ?? '') !== q) update({ q: q || null, page: null });
  }, [q]);

  const people = useQuery({
    ...peopleQuery({ q, role, scope, page, pageSize: PAGE_SIZE }),
    enabled: session.can.managePeople,
    placeholderData: keepPreviousData,
  });
  const scopes = useQuery({ ...scopesQuery(), enabled: session.can.managePeople });
  const [granting, setGranting] = useState<string | null>(null);
  const [link, setLink] = useState<{ name: string; path: string } | null>(null);
  const newLink = useMutation({
    mutationFn: (p: PersonRow) => newPasswordLink(p.id).then((r) => ({ name: p.name, path: r.setPasswordPath })),
    onSuccess: setLink,
  });

  if (!session.can.managePeople) return <NotFound what="Page" message="Managing people needs the organization admin role." />;
  if (people.isPending || scopes.isPending) return <Loading what="people" />;
  if (people.isError) return <ErrorMessage error={people.error} title="Could not load people" />;
  if (scopes.isError) return <ErrorMessage error={scopes.error} title="Could not load the schools and teams" />;

  const { total } = people.data;
  const shown = people.data.people;
  const filtered = Boolean(q || role || scope);
  const first = (page - 1) * PAGE_SIZE + 1;
  const last = first + shown.length - 1;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

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
        <InviteForm scopes={scopes.data} onInvited={(p) => setSearch(p.email)} />
      </section>

      <section aria-labelledby="people-heading">
        <Title order={2} fz="h3" id="people-heading" mb="sm">
          Everyone
        </Title>
        <Group align="flex-end" gap="md" wrap="wrap" mb="sm" className="no-print filters" role="search" aria-label="Find people">
          <TextInput
            label="Find a person"
            description="By name or email"
            placeholder="e.g. Garcia"
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={{ base: '100%', sm: 260 }}
          />
          <NativeSelect
            label="Role"
            description="People holding this role"
            value={role}
            onChange={(e) => update({ role: e.currentTarget.value || null, page: null })}
            data={[{ value: '', label: 'Any role' }, ...ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))]}
            w={{ base: '100%', sm: 220 }}
          />
          <NativeSelect
            label="Where"
            description="People working in a district or school"
            value={scope}
            onChange={(e) => update({ scope: e.currentTarget.value || null, page: null })}
            data={[
              { value: '', label: 'Anywhere' },
              { group: 'Districts', items: scopes.data.district.map((d) => ({ value: d.id, label: d.name })) },
              { group: 'Schools', items: scopes.data.school.map((d) => ({ value: d.id, label: d.name })) },
            ]}
            w={{ base: '100%', sm: 260 }}
          />
          {filtered && (
            <Button
              variant="subtle"
              onClick={() => {
                setSearch('');
                update({ q: null, role: null, scope: null, page: null });
              }}
            >
              Clear filters
            </Button>
          )}
        </Group>
        <Text fw={600} aria-live="polite" className="count-line" data-testid="people-count" mb="sm">
          {shown.length > 0
            ? `Showing ${count(first)}–${count(last)} of ${count(total)}${filtered ? ' matching' : ''}`
            : filtered
              ? 'No one matches'
              : plural(total, 'person', 'people')}
        </Text>
        {link && (
          <div style={{ marginBottom: 12 }}>
            <OneTimeLink name={link.name} path={link.path} onDone={() => setLink(null)} />
          </div>
        )}
        {newLink.error && <ErrorMessage error={newLink.error} title="No link made" />}
        {shown.length === 0 ? (
          <EmptyState title={filtered ? 'No one matches' : page > 1 ? 'No one on this page' : 'No people yet'}>
            {filtered ? 'Try part of a name or email, or another role or place.' : page > 1 ? 'Go back to the first page.' : 'Invite a person above.'}
          </EmptyState>
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
                        {!p.isActive ? (
                          <Badge variant="light" c="gray.8" bg="gray.1" tt="none" styles={FULL_BADGE}>
                            Inactive
                          </Badge>
                        ) : p.hasPassword ? (
                          <Badge variant="light" c="trellis.9" bg="trellis.0" tt="none" styles={FULL_BADGE}>
                            Active
                          </Badge>
                        ) : (
                          <Badge variant="light" c="#7a3d00" bg="#fff4e6" tt="none" styles={FULL_BADGE}>
                            Invited
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" justify="flex-end" wrap="nowrap">
                          <Button
                            size="compact-sm"
                            variant="default"
                            onClick={() => setGranting(granting === p.id ? null : p.id)}
                            aria-expanded={granting === p.id}
                            aria-label={`Grant a role to ${p.name}`}
                          >
                            Grant role
                          </Button>
                          <Button
                            size="compact-sm"
                            variant="default"
                            onClick={() => newLink.mutate(p)}
                            loading={newLink.isPending && newLink.variables?.id === p.id}
                            aria-label={`New set-password link for ${p.name}`}
                          >
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
        {pages > 1 && (
          <Group component="nav" aria-label="Pages of people" justify="space-between" mt="sm" className="no-print">
            <Button variant="default" disabled={page <= 1} onClick={() => update({ page: page - 1 > 1 ? String(page - 1) : null })}>
              Previous
            </Button>
            <Text size="sm">
              Page {count(page)} of {count(pages)}
            </Text>
            <Button variant="default" disabled={page >= pages} onClick={() => update({ page: String(page + 1) })}>
              Next
            </Button>
          </Group>
        )}
      </section>
    </Stack>
  );
}
