// What a page shows while its data loads, when it failed, when there is nothing to show, or when it does not exist.
import { Alert, Anchor, Center, Loader, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { ApiError } from '../api';
import { PageHeading } from './PageHeading';

export function Loading({ what, standalone = false }: { what: string; standalone?: boolean }) {
  return (
    <Center py={standalone ? 120 : 48} role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="md" aria-hidden />
        <Text c="dimmed">Loading {what}…</Text>
      </Stack>
    </Center>
  );
}

export function ErrorMessage({ error, standalone = false, title = 'Something went wrong' }: { error: unknown; standalone?: boolean; title?: string }) {
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  return (
    <Alert color="red" title={title} role="alert" m={standalone ? 'xl' : 0} variant="light">
      {message}
    </Alert>
  );
}

export function EmptyState({ title, children }: { title: string; children?: React.ReactNode }) {
  return (
    <Stack align="center" gap={4} py="xl" className="empty-state">
      <Title order={3} fz="lg">
        {title}
      </Title>
      {children && (
        <Text c="dimmed" ta="center">
          {children}
        </Text>
      )}
    </Stack>
  );
}

/** A missing page and an object outside the person's access read the same, so access is not revealed. */
export function NotFound({ what, message }: { what: string; message?: string }) {
  return (
    <Stack gap="md">
      <PageHeading>{`${what} not found`}</PageHeading>
      <Text>{message ?? `There is no ${what.toLowerCase()} here, or your role does not include it.`}</Text>
      <Text>
        <Anchor component={Link} to="/">
          Back to the network
        </Anchor>
      </Text>
    </Stack>
  );
}

/** The page for a failed load: not found for a 404, the server's sentence otherwise. */
export function LoadFailure({ error, what }: { error: unknown; what: string }) {
  if (error instanceof ApiError && error.code === 'not_found') return <NotFound what={what} message={error.message} />;
  return <ErrorMessage error={error} title={`Could not load the ${what.toLowerCase()}`} />;
}
