// Choosing a role and where it applies: only the scope kinds the role may be granted at are offered.
import { NativeSelect, SimpleGrid } from '@mantine/core';
import { ROLE_LABELS, ROLE_SCOPES, ROLES } from '../../../src/domain/access';
import type { RoleChoice, Scopes } from '../queries/people';
import type { Role, ScopeKind } from '../types';

export type { RoleChoice };

const SCOPE_LABELS: Record<ScopeKind, string> = {
  organization: 'The whole organization',
  collaboration: 'A collaboration',
  district: 'A district',
  school: 'A school',
  team: 'A team',
};

/** A sensible starting choice for a role: its first scope kind and the first place of that kind. */
export function choiceFor(role: Role, scopes: Scopes): RoleChoice {
  const scopeKind = ROLE_SCOPES[role][0]!;
  return { role, scopeKind, scopeId: scopes[scopeKind][0]?.id ?? '' };
}

export function RolePicker({
  value,
  onChange,
  scopes,
  errors = {},
}: {
  value: RoleChoice;
  onChange: (v: RoleChoice) => void;
  scopes: Scopes;
  errors?: Partial<Record<'role' | 'scope', string>>;
}) {
  const kinds = ROLE_SCOPES[value.role];
  const places = scopes[value.scopeKind] ?? [];
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <NativeSelect
        label="Role"
        value={value.role}
        onChange={(e) => onChange(choiceFor(e.currentTarget.value as Role, scopes))}
        data={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        error={errors.role}
      />
      <NativeSelect
        label="Applies to"
        value={value.scopeKind}
        onChange={(e) => {
          const scopeKind = e.currentTarget.value as ScopeKind;
          onChange({ ...value, scopeKind, scopeId: scopes[scopeKind][0]?.id ?? '' });
        }}
        data={kinds.map((k) => ({ value: k, label: SCOPE_LABELS[k] }))}
        disabled={kinds.length === 1}
      />
      <NativeSelect
        label={value.scopeKind === 'organization' ? 'Organization' : `Which ${value.scopeKind}`}
        value={value.scopeId}
        onChange={(e) => onChange({ ...value, scopeId: e.currentTarget.value })}
        data={places.length ? places.map((p) => ({ value: p.id, label: p.name })) : [{ value: '', label: `No ${value.scopeKind} yet` }]}
        disabled={places.length <= 1}
        error={errors.scope}
      />
    </SimpleGrid>
  );
}
