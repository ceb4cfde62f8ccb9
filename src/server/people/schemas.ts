// What the people routes take and answer: people with their roles, the places a role is granted at, invitations and links.
import { z } from 'zod';
import { ROLES } from '../../domain/vocabulary';
import { LIMITS } from '../../domain/limits';
import { SCOPE_KINDS } from '../../domain/vocabulary';

export const role = z.enum(ROLES);
export const scopeKind = z.enum(SCOPE_KINDS);
export const personParams = z.object({ id: z.uuid() });
export const membershipParams = z.object({ id: z.uuid(), membershipId: z.uuid('is not a valid id') });

export const grantBody = z.object({ role, scopeKind, scopeId: z.uuid('is not a valid id') }).strict();
export const peopleQuery = z.object({
  q: z.string().max(200, 'is too long').optional(),
  role: role.optional(),
  scope: z.uuid('is not a valid id').optional(),
  page: z.coerce.number().int('must be a whole number').min(1, 'starts at 1').default(1),
  pageSize: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(25),
});
export const newPerson = z
  .object({
    name: z.string().trim().min(1, 'is required').max(LIMITS.name),
    email: z.string().trim().email('is not an email address').max(LIMITS.email),
    title: z.string().trim().max(LIMITS.personTitle).optional(),
    grant: grantBody.optional(),
  })
  .strict();

/** A role held somewhere: where, and that place's name for people. */
export const membership = z.object({ id: z.string(), role, scopeKind, scopeId: z.string(), scopeName: z.string().nullable() });
/** A role just granted or revoked. */
export const grantedMembership = membership.omit({ scopeName: true });
export const personRow = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  title: z.string().nullable(),
  isActive: z.boolean(),
  hasPassword: z.boolean(),
  memberships: z.array(membership),
});
/** One page of people and how many match in all. */
export const peoplePage = z.object({ people: z.array(personRow), total: z.number().int() });
export type PersonRow = z.output<typeof personRow>;

/** A place a role can be granted at; `code` is how the command line names it (slug, state code, name). */
const scope = z.object({ id: z.string(), name: z.string(), code: z.string() });
const places = z.array(scope);
export const scopesAnswer = z.object({ organization: places, collaboration: places, district: places, school: places, team: places });

export const passwordLinkAnswer = z.object({ setPasswordPath: z.string() });
export const invitedPerson = passwordLinkAnswer.extend({ id: z.string(), name: z.string(), email: z.string() });
