// Turns people and their memberships into the answers the people routes declare: camelCase, no stored columns beyond them.
import type { z } from 'zod';
import type { listPeople } from '../../db/repositories/people';
import type { Role, ScopeKind } from '../../db/schema';
import type { grantedMembership, peoplePage, personRow } from './schemas';

type PersonRecord = Awaited<ReturnType<typeof listPeople>>['people'][number];

export const presentMembership = (m: { id: string; role: Role; scope_kind: ScopeKind; scope_id: string }): z.input<typeof grantedMembership> => ({
  id: m.id,
  role: m.role,
  scopeKind: m.scope_kind,
  scopeId: m.scope_id,
});

export const presentPerson = (p: PersonRecord): z.input<typeof personRow> => ({
  id: p.id,
  name: p.name,
  email: p.email,
  title: p.title,
  isActive: p.is_active,
  hasPassword: p.has_password,
  memberships: p.memberships.map((m) => ({ ...presentMembership(m), scopeName: m.scope_name })),
});

export const presentPeople = (page: Awaited<ReturnType<typeof listPeople>>): z.input<typeof peoplePage> => ({
  people: page.people.map(presentPerson),
  total: page.total,
});
