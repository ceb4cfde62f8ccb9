// What the session routes take and answer: signing in and out, the current session, passwords, links, tokens and health.
import { z } from 'zod';
import { ROLES } from '../../domain/vocabulary';
import { LIMITS } from '../../domain/limits';

const email = z.string().trim().toLowerCase().email('is not an email address').max(LIMITS.email);

export const signInBody = z.object({ email, password: z.string().min(1, 'is required').max(LIMITS.password) });
export const passwordChange = z.object({ currentPassword: z.string().min(1, 'is required'), newPassword: z.string() });
export const linkToken = z.object({ token: z.string().min(20, 'is not a set-password link').max(100, 'is not a set-password link') });
export const linkPassword = z.object({ password: z.string() });
export const setupBody = z.object({
  organizationName: z.string().trim().min(2, 'is required').max(LIMITS.name),
  name: z.string().trim().min(1, 'is required').max(LIMITS.name),
  email,
  password: z.string(),
});

/** The session as the web app reads it: signed out (and whether Trellis still needs setting up), or who is signed in, where, and what they may manage. */
export const sessionAnswer = z.discriminatedUnion('signedIn', [
  z.object({ signedIn: z.literal(false), setupNeeded: z.boolean(), demo: z.boolean() }),
  z.object({
    signedIn: z.literal(true),
    setupNeeded: z.literal(false),
    demo: z.boolean(),
    csrfToken: z.string(),
    person: z.object({ id: z.string(), name: z.string(), email: z.string() }),
    organization: z.object({ id: z.string(), name: z.string(), isDemo: z.boolean() }),
    roles: z.array(z.enum(ROLES)),
    can: z.object({ managePeople: z.boolean(), readAudit: z.boolean(), importResults: z.boolean() }),
    // Whether they read the whole organization (the home page says "Network" rather than "Your schools").
    orgWide: z.boolean(),
  }),
]);

/** A new session (sign-in, a password set through a link, setup): the token writes echo in x-csrf-token. */
export const signedInAnswer = z.object({ signedIn: z.literal(true), csrfToken: z.string() });
export const signedOutAnswer = z.object({ signedIn: z.literal(false) });
export const passwordChanged = z.object({ changed: z.literal(true) });
/** Whom an opened set-password link is for. */
export const linkPerson = z.object({ name: z.string(), email: z.string() });

/** How long a command-line token lasts, in days, unless its maker says otherwise, and at most. */
export const TOKEN_DAYS = { default: 90, max: 365 };
export const newTokenBody = z.object({
  name: z.string().trim().min(1, 'is required').max(LIMITS.name, `use at most ${LIMITS.name} characters`),
  days: z
    .number()
    .int('must be a whole number of days')
    .min(1, 'must be at least 1 day')
    .max(TOKEN_DAYS.max, `must be at most ${TOKEN_DAYS.max} days`)
    .default(TOKEN_DAYS.default),
});
const tokenRow = z.object({ id: z.string(), name: z.string(), createdAt: z.date(), lastUsedAt: z.date().nullable(), expiresAt: z.date() });
export const tokenList = z.object({ tokens: z.array(tokenRow) });
/** A token just made: the only answer that carries the token itself. */
export const madeToken = tokenRow.extend({ token: z.string() });
export const revokedToken = z.object({ revoked: z.literal(true) });
export const tokenParams = z.object({ id: z.uuid('is not a valid id') });

export const healthAnswer = z.object({ status: z.literal('ok'), database: z.string(), migration: z.string() });
