// One person's roles on the people page: each role with where it applies, revoking one, and granting another.
import { Alert, Button, Group, List, Paper, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ROLE_LABELS } from '../../../src/domain/access';
import { ApiError } from '../api';
import { grantMembership, peopleKey, revokeMembership, type PersonRow, type Scopes } from '../queries/people';
import { choiceFor, RolePicker, type RoleChoice } from './RolePicker';

export function PersonRoles({ person }: { person: PersonRow }) {
  const client = useQueryClient();
  const revoke = useMutation({
    mutationFn: (membershipId: string) => revokeMembership(person.id, membershipId),
    onSuccess: () => client.invalidateQueries({ queryKey: peopleKey }),
  });
  return (
    <Stack gap={4}>
      {revoke.error && (
        <Text size="sm" c="red.8" role="alert">
          {revoke.error.message}
        </Text>
      )}
      {person.memberships.length === 0 ? (
        <Text size="sm" c="dimmed">
          No role yet: they can sign in but see nothing.
        </Text>
      ) : (
        <List size="sm" spacing={4} listStyleType="none">
          {person.memberships.map((m) => (
            <List.Item key={m.id}>
              <Group gap="xs" wrap="nowrap" align="baseline">
                <span data-testid="person-role">
                  <strong>{ROLE_LABELS[m.role]}</strong> · {m.scopeName ?? m.scopeKind}
                </span>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  c="red.9"
                  className="no-print"
                  aria-label={`Revoke ${ROLE_LABELS[m.role]} at ${m.scopeName ?? m.scopeKind} from ${person.name}`}
                  loading={revoke.isPending && revoke.variables === m.id}
                  onClick={() => {
                    if (window.confirm(`Revoke ${ROLE_LABELS[m.role]} at ${m.scopeName ?? m.scopeKind} from ${person.name}?`)) revoke.mutate(m.id);
                  }}
                >
                  Revoke
                </Button>
              </Group>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

export function GrantRoleForm({ person, scopes, onClose }: { person: PersonRow; scopes: Scopes; onClose: () => void }) {
  const client = useQueryClient();
  const [choice, setChoice] = useState<RoleChoice>(() => choiceFor('viewer', scopes));
  const grant = useMutation({
    mutationFn: () => grantMembership(person.id, choice),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: peopleKey });
      onClose();
    },
  });
  const error = grant.error instanceof ApiError ? grant.error : null;
  return (
    <Paper withBorder p="md" bg="gray.0">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          grant.mutate();
        }}
        aria-label={`Grant a role to ${person.name}`}
      >
        <Stack gap="sm">
          <Text fw={600}>Grant a role to {person.name}</Text>
          {error && (
            <Alert color="red" role="alert">
              {error.message}
            </Alert>
          )}
          <RolePicker value={choice} onChange={setChoice} scopes={scopes} />
          <Group>
            <Button type="submit" size="sm" loading={grant.isPending} disabled={!choice.scopeId}>
              Grant role
            </Button>
            <Button variant="default" size="sm" onClick={onClose}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
