// The page a one-time link opens: the person chooses a password and is signed in. The link's token is exchanged
// at once for a short-lived cookie and taken out of the address, so it is not kept in history, logs or bookmarks.
import { Alert, Button, Container, Loader, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../api';
import { NewPassword, newPasswordProblem, type NewPasswordValue } from '../components/NewPassword';
import { PageHeading } from '../components/PageHeading';
import { openPasswordLink, setLinkPassword, type LinkPerson } from '../queries/session';
import { useSessionReset } from '../session';

type Opened = { status: 'opening' } | ({ status: 'open' } & LinkPerson) | { status: 'failed'; message: string };

/** Opens the link once: the token from the fragment (or an older link's path) is sent in a body, then removed from the address. */
function useOpenedLink(pathToken: string | undefined): Opened {
  const [opened, setOpened] = useState<Opened>({ status: 'opening' });
  useEffect(() => {
    const token = window.location.hash.slice(1) || pathToken || '';
    window.history.replaceState(window.history.state, '', '/set-password');
    let live = true;
    const answer = openPasswordLink(token);
    answer.then(
      (person) => live && setOpened({ status: 'open', ...person }),
      (e) => live && setOpened({ status: 'failed', message: e instanceof ApiError ? e.message : 'This link could not be opened. Try again.' }),
    );
    return () => {
      live = false;
    };
  }, [pathToken]);
  return opened;
}

export default function SetPasswordPage() {
  const { token } = useParams();
  const opened = useOpenedLink(token);
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
      const answer = await setLinkPassword(value.password);
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
            {opened.status === 'open' ? `For ${opened.name} (${opened.email}). ` : ''}This link works once. After you choose a password you are signed in.
          </Text>
        </div>
        {opened.status === 'opening' && <Loader aria-label="Opening the link" />}
        {opened.status === 'failed' && (
          <Alert color="red" role="alert" title="This link cannot be used">
            {opened.message}
          </Alert>
        )}
        {opened.status === 'open' && (
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
        )}
      </Stack>
    </Container>
  );
}
