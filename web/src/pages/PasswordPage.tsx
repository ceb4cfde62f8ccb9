// Changing one's own password; other devices signed in with the old one are signed out.
import { Alert, Button, Paper, PasswordInput, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { api, ApiError } from '../api';
import { NewPassword, newPasswordProblem, type NewPasswordValue } from '../components/NewPassword';
import { PageHeading } from '../components/PageHeading';

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
      await api('POST', '/api/session/password', { currentPassword: current, newPassword: value.password });
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
    <Stack gap="lg" maw={480}>
      <div>
        <PageHeading>Change password</PageHeading>
        <Text c="dimmed" mt={4}>
          Other devices signed in with your old password will be signed out.
        </Text>
      </div>
      <Paper withBorder p="lg" radius="md">
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
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
    </Stack>
  );
}
