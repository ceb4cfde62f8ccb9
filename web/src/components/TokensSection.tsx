// Command-line tokens: made here (shown once), listed with when they were last used, and revoked.
import { Alert, Button, CopyButton, Group, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api';
import { dateTime } from '../format';
import { LIMITS } from '../../../src/domain/limits';
import { makeToken, revokeToken, tokenListQuery, tokensKey, type MadeToken } from '../queries/session';

export function TokensSection() {
  const client = useQueryClient();
  const tokens = useQuery(tokenListQuery());
  const [name, setName] = useState('');
  const [days, setDays] = useState<number | string>(90);
  const [made, setMade] = useState<MadeToken | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => makeToken(name, Number(days)),
    onSuccess: (t) => {
      setMade(t);
      setName('');
      void client.invalidateQueries({ queryKey: tokensKey });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => revokeToken(id),
    onSuccess: () => void client.invalidateQueries({ queryKey: tokensKey }),
  });
  const error = create.error instanceof ApiError ? create.error : null;

  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="md">
        <div>
          <Title order={2} size="h3">
            Command-line tokens
          </Title>
          <Text c="dimmed" size="sm" mt={4}>
            A token lets the <code>trellis</code> command act as you on this server, for example to import files while Trellis is running:{' '}
            <code>TRELLIS_TOKEN=… trellis import --server {window.location.origin} caaspp results.txt</code>. It can do what you can do; revoke it when you no
            longer need it.
          </Text>
        </div>
        {made && (
          <Alert color="trellis" variant="light" title={`Token "${made.name}" made`} role="status">
            <Stack gap="xs">
              <Text size="sm">Copy it now: it is not shown again. It expires {dateTime(made.expiresAt)}.</Text>
              <Group gap="xs" align="flex-end" wrap="wrap">
                <TextInput
                  label="Token"
                  readOnly
                  value={made.token}
                  onFocus={(e) => e.currentTarget.select()}
                  style={{ flex: 1, minWidth: 240 }}
                  data-testid="new-token"
                />
                <CopyButton value={made.token}>
                  {({ copied, copy }) => (
                    <Button onClick={copy} variant={copied ? 'filled' : 'outline'}>
                      {copied ? 'Copied' : 'Copy token'}
                    </Button>
                  )}
                </CopyButton>
                <Button variant="subtle" onClick={() => setMade(null)}>
                  Done
                </Button>
              </Group>
            </Stack>
          </Alert>
        )}
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const missing = name.trim() ? null : 'Name is required';
            setProblem(missing);
            if (!missing) create.mutate();
          }}
        >
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label="Name"
              description="What it is for, e.g. Laptop imports"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              maxLength={LIMITS.name}
              error={problem ?? error?.fieldMessage('name')}
              required
              style={{ flex: 1, minWidth: 200 }}
            />
            <NumberInput
              label="Expires after (days)"
              description="1 to 365"
              value={days}
              onChange={setDays}
              min={1}
              max={365}
              allowDecimal={false}
              error={error?.fieldMessage('days')}
              w={170}
            />
            <Button type="submit" loading={create.isPending}>
              Make a token
            </Button>
          </Group>
          {error && !error.fieldMessage('name') && !error.fieldMessage('days') && (
            <Alert color="red" role="alert" mt="sm">
              {error.message}
            </Alert>
          )}
        </form>
        {tokens.data && tokens.data.tokens.length === 0 && <Text size="sm">You have no tokens.</Text>}
        {tokens.data && tokens.data.tokens.length > 0 && (
          <Table.ScrollContainer minWidth={520}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Made</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>
                    <span className="visually-hidden">Revoke</span>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {tokens.data.tokens.map((t) => (
                  <Table.Tr key={t.id}>
                    <Table.Td>{t.name}</Table.Td>
                    <Table.Td>{dateTime(t.createdAt)}</Table.Td>
                    <Table.Td>{t.lastUsedAt ? dateTime(t.lastUsedAt) : 'never'}</Table.Td>
                    <Table.Td>{dateTime(t.expiresAt)}</Table.Td>
                    <Table.Td>
                      <Button
                        size="compact-sm"
                        variant="default"
                        color="red"
                        onClick={() => revoke.mutate(t.id)}
                        loading={revoke.isPending && revoke.variables === t.id}
                        aria-label={`Revoke the token for ${t.name}`}
                      >
                        Revoke
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Stack>
    </Paper>
  );
}
