// The kinds of change the audit log is filtered by, each mapped to the stored object kinds and actions it covers.
export const AUDIT_KINDS = {
  review: { label: 'Reviews', objectKinds: ['review'], actionPrefixes: ['review.'] },
  rating: { label: 'Ratings and evidence', objectKinds: ['review'], actionPrefixes: ['rating.', 'evidence.'] },
  outcomes: { label: 'Annual outcomes', objectKinds: ['outcome_set'], actionPrefixes: [] },
  plan: { label: 'Plans', objectKinds: ['plan'], actionPrefixes: [] },
  import: { label: 'Imports', objectKinds: ['import_run', 'import'], actionPrefixes: [] },
  person: { label: 'People', objectKinds: ['person'], actionPrefixes: ['person.'] },
  role: { label: 'Roles', objectKinds: [], actionPrefixes: ['membership.'] },
  school: { label: 'Schools and districts', objectKinds: ['school', 'district'], actionPrefixes: [] },
  team: { label: 'Teams', objectKinds: ['team'], actionPrefixes: [] },
  framework: { label: 'Frameworks', objectKinds: ['framework'], actionPrefixes: [] },
  organization: { label: 'Organization', objectKinds: ['organization'], actionPrefixes: [] },
  sign_in: { label: 'Sign-ins', objectKinds: [], actionPrefixes: ['session.'] },
} as const satisfies Record<string, { label: string; objectKinds: readonly string[]; actionPrefixes: readonly string[] }>;

export type AuditKind = keyof typeof AUDIT_KINDS;
export const AUDIT_KIND_KEYS = Object.keys(AUDIT_KINDS) as [AuditKind, ...AuditKind[]];
