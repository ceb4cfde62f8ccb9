// Signing in with email and password; on a demo network it says where the demo sign-ins are listed.
import { Alert, Anchor, Button, Container, Paper, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { LIMITS } from '../../../src/domain/limits';
import { ApiError } from '../api';
import { signIn } from '../queries/session';
import { PageHeading } from '../components/PageHeading';
import { useSessionReset } from '../session';

export function SignInPage({ demo }: { demo: boolean }) {
  const reset = useSessionReset();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await signIn({ email, password });
      await reset(answer.csrfToken);
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'internal', 'Sign-in failed. Try again.'));
      setBusy(false);
    }
  }

  return (
    <Container size={440} py={64} component="main" id="main">
      <Stack gap="lg">
        <div>
          <Text fw={700} c="trellis.8" size="sm" tt="uppercase" lts={1}>
            Trellis
          </Text>
          <PageHeading>Sign in</PageHeading>
        </div>
        {demo && (
          <Alert color="orange.9" variant="light" title="Demo network — synthetic data" role="note">
            Every school, person and number here is made up. The demo sign-ins, one for each role, are printed where the server was started; the password is{' '}
            <code>trellis-demo</code>.
          </Alert>
        )}
        <Paper withBorder p="lg" radius="md">
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              {error && (
                <Alert color="red" role="alert" title="Not signed in">
                  {error.message}
                </Alert>
              )}
              <TextInput
                label="Email"
                type="email"
                autoComplete="username"
                required
                maxLength={LIMITS.email}
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={error?.fieldMessage('email')}
              />
              <PasswordInput
                label="Password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={error?.fieldMessage('password')}
              />
              <Button type="submit" loading={busy} fullWidth>
                Sign in
              </Button>
            </Stack>
          </form>
        </Paper>
        <Text size="sm" c="dimmed">
          Forgot your password? Ask an organization admin for a new set-password link.{' '}
          <Anchor href="/api/docs" size="sm">
            API documentation
          </Anchor>
        </Text>
      </Stack>
    </Container>
  );
}
