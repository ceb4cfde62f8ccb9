// A new password typed twice, with the server's rule (at least 10 characters) checked before sending.
import { PasswordInput, Stack } from '@mantine/core';

export interface NewPasswordValue {
  password: string;
  confirm: string;
}

export const MIN_PASSWORD = 10;

/** The sentence to show, or null when the two entries are fine to send. */
export function newPasswordProblem(v: NewPasswordValue): { field: 'password' | 'confirm'; message: string } | null {
  if (v.password.length < MIN_PASSWORD) return { field: 'password', message: `Choose a password of at least ${MIN_PASSWORD} characters.` };
  if (v.password !== v.confirm) return { field: 'confirm', message: 'The two passwords do not match.' };
  return null;
}

export function NewPassword({
  value,
  onChange,
  error,
  label = 'New password',
}: {
  value: NewPasswordValue;
  onChange: (v: NewPasswordValue) => void;
  error?: { field: string; message: string } | null;
  label?: string;
}) {
  return (
    <Stack gap="md">
      <PasswordInput
        label={label}
        description={`At least ${MIN_PASSWORD} characters. A few unrelated words work well.`}
        autoComplete="new-password"
        required
        value={value.password}
        onChange={(e) => onChange({ ...value, password: e.currentTarget.value })}
        error={error?.field === 'password' ? error.message : undefined}
      />
      <PasswordInput
        label="Type it again"
        autoComplete="new-password"
        required
        value={value.confirm}
        onChange={(e) => onChange({ ...value, confirm: e.currentTarget.value })}
        error={error?.field === 'confirm' ? error.message : undefined}
      />
    </Stack>
  );
}
