// The one way a form says its save was refused because someone else saved first, with a way to load their version.
import { Alert, Button, Stack } from '@mantine/core';

export function StaleSaveAlert({ title, message, onReload, id }: { title: string; message: string; onReload: () => Promise<void> | void; id?: string }) {
  return (
    <Alert color="orange" title={title} role="alert" id={id}>
      <Stack gap="xs" align="flex-start">
        <span>{message} Your changes were not saved.</span>
        <Button size="xs" variant="outline" color="orange.9" onClick={onReload}>
          Reload the latest version
        </Button>
      </Stack>
    </Alert>
  );
}
