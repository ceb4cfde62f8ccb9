// Sign-in: password hashes, server-side sessions, one-time set-password links.
export const access = `
alter table person add column password_hash text;

create table session (
  id text primary key,
  person_id uuid not null references person(id),
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index session_person_idx on session (person_id);

create table password_link (
  token_hash text primary key,
  person_id uuid not null references person(id),
  created_by uuid references person(id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
`;
