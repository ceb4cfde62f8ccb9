// Tables of people and access: people, memberships, the audit log, sessions, set-password links, tokens and failed sign-ins.
import type { Role, ScopeKind } from '../../domain/vocabulary';
export type { Role, ScopeKind };
import type { Generated } from 'kysely';
import type { Json, Timestamp, Version } from './columns';

export interface PersonTable {
  id: Generated<string>;
  organization_id: string;
  name: string;
  email: string;
  title: string | null;
  is_active: Generated<boolean>;
  password_hash: string | null;
  version: Version;
  created_at: Timestamp;
}

export interface MembershipTable {
  id: Generated<string>;
  person_id: string;
  role: Role;
  scope_kind: ScopeKind;
  scope_id: string;
  created_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<string>;
  organization_id: string | null;
  actor_id: string | null;
  at: Timestamp;
  action: string;
  object_kind: string;
  object_id: string;
  before: Json;
  after: Json;
}

export interface SessionTable {
  id: string;
  person_id: string;
  csrf_token: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface PasswordLinkTable {
  token_hash: string;
  person_id: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  opened_hash: string | null;
  opened_until: Timestamp | null;
}

export interface ApiTokenTable {
  id: Generated<string>;
  organization_id: string;
  person_id: string;
  name: string;
  token_hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface FailedAttemptTable {
  kind: 'sign_in' | 'password_change';
  subject: string;
  at: Timestamp;
}
