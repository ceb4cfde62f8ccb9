// The page a one-time link opens: the person chooses a password and is signed in.
import { Alert, Button, Container, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, ApiError } from '../api';
import { NewPassword, newPasswordProblem, type NewPasswordValue } from '../components/NewPassword';
import { PageHeading } from '../components/PageHeading';
import { useSessionReset } from '../session';

export default function SetPasswordPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const reset = useSessionReset();
  const [value, setValue] = useState<NewPasswordValue>({ password: '', confirm: '' });
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    const p = newPasswordProblem(value);
    setProblem(p);
    if (p) return;
    setBusy(true);
    try {
      const answer = await api<{ csrfToken: string }>('POST', `/api/password-links/${encodeURIComponent(token)}`, { password: value.password });
      await reset(answer.csrfToken);
      navigate('/', { replace: true });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'internal', 'Could not set the password. Try again.'));
      setBusy(false);
    }
  }

  const fieldError = problem ?? (error?.fieldMessage('password') ? { field: 'password', message: error.fieldMessage('password')! } : null);
  return (
    <Container size={460} py={64} component="main" id="main">
      <Stack gap="lg">
        <div>
          <Text fw={700} c="trellis.8" size="sm" tt="uppercase" lts={1}>
            Trellis
          </Text>
          <PageHeading>Choose your password</PageHeading>
          <Text c="dimmed" mt={4}>
            This link works once. After you choose a password you are signed in.
          </Text>
        </div>
        <Paper withBorder p="lg" radius="md">
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              {error && (
                <Alert color="red" role="alert" title="Password not set">
                  {error.message}
                </Alert>
              )}
              <NewPassword value={value} onChange={setValue} error={fieldError} />
              <Button type="submit" loading={busy} fullWidth>
                Set password and sign in
              </Button>
            </Stack>
          </form>
        </Paper>
      </Stack>
    </Container>
  );
}
