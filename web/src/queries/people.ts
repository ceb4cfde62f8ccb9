// The people and audit endpoints: each one's address, query key and answer type, derived from the server's schemas.
import type { z } from 'zod';
import type { auditAnswer, auditFilters } from '../../../src/server/people/audit-schemas';
import type { grantBody, grantedMembership, invitedPerson, newPerson, passwordLinkAnswer, peoplePage, scopesAnswer } from '../../../src/server/people/schemas';
import type { Answer } from '../../../src/server/wire';
import { api, get, query } from '../api';

export type PeoplePage = Answer<typeof peoplePage>;
export type PersonRow = PeoplePage['people'][number];
export type Scopes = Answer<typeof scopesAnswer>;
export type Invited = Answer<typeof invitedPerson>;
export type AuditAnswer = Answer<typeof auditAnswer>;
export type AuditEntry = AuditAnswer['entries'][number];
export type AuditFilters = Answer<typeof auditFilters>;
/** A role and where it applies, as a grant sends it. */
export type RoleChoice = z.input<typeof grantBody>;

/** The key of every page of people: invalidated when someone is invited or a role granted or revoked. */
export const peopleKey = ['people'] as const;

/** One page of people, searched by name or email and filtered by role and where they work. */
export const peopleQuery = (filters: { q: string; role: string; scope: string; page: number; pageSize: number }) => ({
  queryKey: [...peopleKey, { q: filters.q, role: filters.role, scope: filters.scope, page: filters.page }],
  queryFn: () =>
    get<PeoplePage>(
      `/api/people${query({ q: filters.q, role: filters.role, scope: filters.scope, page: filters.page > 1 ? String(filters.page) : null, pageSize: String(filters.pageSize) })}`,
    ),
});

/** Everything a role can be granted at, for the pickers. */
export const scopesQuery = () => ({ queryKey: ['scopes'], queryFn: () => get<Scopes>('/api/scopes') });

export const invitePerson = (body: z.input<typeof newPerson>) => api<Invited>('POST', '/api/people', body);
export const grantMembership = (personId: string, body: z.input<typeof grantBody>) =>
  api<Answer<typeof grantedMembership>>('POST', `/api/people/${personId}/memberships`, body);
export const revokeMembership = (personId: string, membershipId: string) =>
  api<Answer<typeof grantedMembership>>('DELETE', `/api/people/${personId}/memberships/${membershipId}`);
/** A new one-time set-password link for a person; any earlier one still works until it is used or expires. */
export const newPasswordLink = (personId: string) => api<Answer<typeof passwordLinkAnswer>>('POST', `/api/people/${personId}/password-link`);

/** The choices of the audit page's filters. */
export const auditFiltersQuery = () => ({ queryKey: ['audit-filters'], queryFn: () => get<AuditFilters>('/api/audit/filters') });

/** One page of the audit log under the given filters (the query string the page builds). */
export const auditQuery = (filters: Record<string, string | undefined>) => ({
  queryKey: ['audit', filters],
  queryFn: () => get<AuditAnswer>(`/api/audit${query(filters)}`),
});
