// Inviting a person: their name, email and title, an optional first role, and a one-time link to hand over.
import { Alert, Button, Checkbox, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { LIMITS } from '../../../src/domain/limits';
import { ApiError } from '../api';
import { invitePerson, peopleKey, type Invited, type Scopes } from '../queries/people';
import { OneTimeLink } from './OneTimeLink';
import { choiceFor, RolePicker, type RoleChoice } from './RolePicker';

/** `onInvited` lets the page bring the new person into view (the list shows one page at a time). */
export function InviteForm({ scopes, onInvited }: { scopes: Scopes; onInvited?: (person: Invited) => void }) {
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [title, setTitle] = useState('');
  const [withRole, setWithRole] = useState(true);
  const [choice, setChoice] = useState<RoleChoice>(() => choiceFor('school_leader', scopes));
  const [invited, setInvited] = useState<Invited | null>(null);

  const invite = useMutation({
    mutationFn: () =>
      invitePerson({
        name,
        email,
        ...(title.trim() ? { title } : {}),
        ...(withRole && choice.scopeId ? { grant: choice } : {}),
      }),
    onSuccess: async (made) => {
      setInvited(made);
      onInvited?.(made);
      setName('');
      setEmail('');
      setTitle('');
      await client.invalidateQueries({ queryKey: peopleKey });
    },
  });
  const error = invite.error instanceof ApiError ? invite.error : null;

  return (
    <Stack gap="md">
      {invited && <OneTimeLink name={invited.name} path={invited.setPasswordPath} onDone={() => setInvited(null)} />}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setInvited(null);
          invite.mutate();
        }}
        noValidate
      >
        <Stack gap="md">
          {error && (
            <Alert color="red" role="alert" title="Not invited">
              {error.message}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label="Name"
              required
              autoComplete="off"
              maxLength={LIMITS.name}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={error?.fieldMessage('name')}
            />
            <TextInput
              label="Email"
              type="email"
              required
              autoComplete="off"
              maxLength={LIMITS.email}
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={error?.fieldMessage('email')}
            />
            <TextInput
              label="Title"
              description="Optional, e.g. Principal"
              maxLength={LIMITS.personTitle}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              error={error?.fieldMessage('title')}
            />
          </SimpleGrid>
          <Checkbox label="Give them a role now" checked={withRole} onChange={(e) => setWithRole(e.currentTarget.checked)} />
          {withRole && (
            <RolePicker
              value={choice}
              onChange={setChoice}
              scopes={scopes}
              errors={{ scope: error?.fieldMessage('scope') ?? error?.fieldMessage('scopeKind') }}
            />
          )}
          <Group>
            <Button type="submit" loading={invite.isPending}>
              Invite and create link
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
