// Password hashing with argon2id, and the rule a new password must meet.
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../domain/errors';

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

// A fixed hash to verify against when the email is unknown, so both failures take the same time.
let dummy: Promise<string> | undefined;

export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  if (!stored) {
    dummy ??= hashPassword('not-a-real-password');
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

export function checkNewPassword(password: string, field = 'password'): void {
  if (password.length < 10)
    throw new AppError('invalid_input', 'Choose a password of at least 10 characters.', [{ where: field, message: 'too short (at least 10 characters)' }]);
  if (password.length > 200) throw new AppError('invalid_input', 'Choose a password of at most 200 characters.', [{ where: field, message: 'too long' }]);
}
