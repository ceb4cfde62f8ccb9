// First run on an empty database: name the organization and create its first admin.
import { Alert, Button, Container, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { LIMITS } from '../../../src/domain/limits';
import { ApiError } from '../api';
import { setUp } from '../queries/session';
import { NewPassword, newPasswordProblem, type NewPasswordValue } from '../components/NewPassword';
import { PageHeading } from '../components/PageHeading';
import { useSessionReset } from '../session';

export default function SetupPage() {
  const reset = useSessionReset();
  const [organizationName, setOrganizationName] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState<NewPasswordValue>({ password: '', confirm: '' });
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    const p = newPasswordProblem(password);
    setProblem(p);
    if (p) return;
    setBusy(true);
    try {
      const answer = await setUp({ organizationName, name, email, password: password.password });
      await reset(answer.csrfToken);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'internal', 'Setup failed. Try again.'));
      setBusy(false);
    }
  }

  const passwordError = problem ?? (error?.fieldMessage('password') ? { field: 'password', message: error.fieldMessage('password')! } : null);
  return (
    <Container size={520} py={64} component="main" id="main">
      <Stack gap="lg">
        <div>
          <Text fw={700} c="trellis.8" size="sm" tt="uppercase" lts={1}>
            Trellis
          </Text>
          <PageHeading>Set up Trellis</PageHeading>
          <Text c="dimmed" mt={4}>
            Name your organization and create the first organization admin. You can invite everyone else afterwards.
          </Text>
        </div>
        <Paper withBorder p="lg" radius="md">
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              {error && (
                <Alert color="red" role="alert" title="Not set up">
                  {error.message}
                </Alert>
              )}
              <TextInput
                label="Organization name"
                description="The partner organization that runs the network"
                required
                maxLength={LIMITS.name}
                value={organizationName}
                onChange={(e) => setOrganizationName(e.currentTarget.value)}
                error={error?.fieldMessage('organizationName')}
              />
              <TextInput
                label="Your name"
                required
                autoComplete="name"
                maxLength={LIMITS.name}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                error={error?.fieldMessage('name')}
              />
              <TextInput
                label="Your email"
                type="email"
                required
                autoComplete="username"
                maxLength={LIMITS.email}
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={error?.fieldMessage('email')}
              />
              <NewPassword value={password} onChange={setPassword} error={passwordError} label="Password" />
              <Button type="submit" loading={busy} fullWidth>
                Create organization and sign in
              </Button>
            </Stack>
          </form>
        </Paper>
      </Stack>
    </Container>
  );
}
