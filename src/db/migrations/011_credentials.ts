// Credentials that hold: tokens for the command line and scripts, wrong-password counts per account, and set-password links opened without their token in an address.
export const credentials = `
create table api_token (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization(id),
  person_id uuid not null references person(id),
  name text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index api_token_person_idx on api_token (person_id);

create table failed_attempt (
  kind text not null check (kind in ('sign_in', 'password_change')),
  subject text not null,
  at timestamptz not null default now()
);
create index failed_attempt_subject_idx on failed_attempt (kind, subject, at);

alter table password_link add column opened_hash text unique;
alter table password_link add column opened_until timestamptz;
`;
