// Shows a one-time set-password link for an admin to copy and send to the person.
import { Alert, Button, CopyButton, Group, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useRef } from 'react';

export function OneTimeLink({ name, path, onDone }: { name: string; path: string; onDone?: () => void }) {
  const url = `${window.location.origin}${path}`;
  const input = useRef<HTMLInputElement>(null);
  // The link is the one thing to act on next, so it takes focus (and comes into view) when it appears, and again for a new link.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new path is a new link to focus, though the effect does not read it.
  useEffect(() => {
    input.current?.focus();
  }, [path]);
  return (
    <Alert color="trellis" variant="light" title={`Set-password link for ${name}`} role="status">
      <Stack gap="xs">
        <Text size="sm">Send this link to {name}. It works once and expires in 3 days; it is not shown again.</Text>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            ref={input}
            label="One-time link"
            readOnly
            value={url}
            onFocus={(e) => e.currentTarget.select()}
            style={{ flex: 1 }}
            data-testid="set-password-link"
          />
          <CopyButton value={url}>
            {({ copied, copy }) => (
              <Button onClick={copy} variant={copied ? 'filled' : 'outline'} aria-live="polite">
                {copied ? 'Copied' : 'Copy link'}
              </Button>
            )}
          </CopyButton>
          {onDone && (
            <Button variant="subtle" onClick={onDone}>
              Done
            </Button>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
