// Your account: changing one's own password (other devices signed in with the old one are signed out) and command-line tokens.
import { Alert, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { ApiError } from '../api';
import { changePassword } from '../queries/session';
import { NewPassword, newPasswordProblem, type NewPasswordValue } from '../components/NewPassword';
import { PageHeading } from '../components/PageHeading';
import { TokensSection } from '../components/TokensSection';

export default function PasswordPage() {
  const [current, setCurrent] = useState('');
  const [value, setValue] = useState<NewPasswordValue>({ password: '', confirm: '' });
  const [problem, setProblem] = useState<{ field: string; message: string } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    setDone(false);
    const p = newPasswordProblem(value);
    setProblem(p);
    if (p) return;
    setBusy(true);
    try {
      await changePassword({ currentPassword: current, newPassword: value.password });
      setDone(true);
      setCurrent('');
      setValue({ password: '', confirm: '' });
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, 'internal', 'Could not change the password. Try again.'));
    } finally {
      setBusy(false);
    }
  }

  const newError = problem ?? (error?.fieldMessage('newPassword') ? { field: 'password', message: error.fieldMessage('newPassword')! } : null);
  return (
    <Stack gap="lg" maw={760}>
      <PageHeading>Your account</PageHeading>
      <Paper withBorder p="lg" radius="md" maw={480}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <div>
              <Title order={2} size="h3">
                Change password
              </Title>
              <Text c="dimmed" size="sm" mt={4}>
                Other devices signed in with your old password will be signed out.
              </Text>
            </div>
            {done && (
              <Alert color="trellis" role="status" title="Password changed">
                Use your new password next time you sign in.
              </Alert>
            )}
            {error && !error.fieldMessage('currentPassword') && (
              <Alert color="red" role="alert" title="Password not changed">
                {error.message}
              </Alert>
            )}
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              required
              value={current}
              onChange={(e) => setCurrent(e.currentTarget.value)}
              error={error?.fieldMessage('currentPassword') ? error.message : undefined}
            />
            <NewPassword value={value} onChange={setValue} error={newError} />
            <Button type="submit" loading={busy}>
              Change password
            </Button>
          </Stack>
        </form>
      </Paper>
      <TokensSection />
    </Stack>
  );
}
