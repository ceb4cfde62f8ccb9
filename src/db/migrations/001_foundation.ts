// The network model: organizations, districts, schools, partnerships, collaborations, teams, people, memberships, audit log.
export const foundation = `
create table organization (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  slug text not null unique,
  is_demo boolean not null default false,
  created_at timestamptz not null default now()
);

create table district (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization(id),
  name text not null,
  state char(2) not null,
  state_code text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  unique (organization_id, state, state_code)
);

create table school (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization(id),
  district_id uuid not null references district(id),
  name text not null,
  state_code text not null,
  level text not null check (level in ('elementary', 'middle', 'high', 'k8', 'k12')),
  grade_low smallint not null check (grade_low between 0 and 12),
  grade_high smallint not null check (grade_high between 0 and 12),
  enrollment integer check (enrollment >= 0),
  city text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  unique (organization_id, state_code),
  check (grade_low <= grade_high)
);
create index school_district_idx on school (district_id);

create table partnership (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization(id),
  school_id uuid references school(id),
  district_id uuid not null references district(id),
  start_year smallint not null,
  end_year smallint not null,
  support_level text not null check (support_level in ('intensive', 'light_touch')),
  coach_days_per_week numeric(3,1) not null default 0,
  phase text not null check (phase in ('direct_support', 'gradual_release', 'sustaining')),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  check (start_year <= end_year)
);
create index partnership_school_idx on partnership (school_id);

create table collaboration (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization(id),
  name text not null,
  focal_area text not null,
  start_year smallint not null,
  end_year smallint not null,
  version integer not null default 1,
  created_at timestamptz not null default now()
);

create table collaboration_district (
  collaboration_id uuid not null references collaboration(id),
  district_id uuid not null references district(id),
  is_pilot_site boolean not null default false,
  primary key (collaboration_id, district_id)
);

create table team (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization(id),
  district_id uuid not null references district(id),
  school_id uuid references school(id),
  name text not null,
  kind text not null check (kind in ('ilt', 'grade_level', 'department', 'plc', 'district_team')),
  version integer not null default 1,
  created_at timestamptz not null default now()
);
create index team_school_idx on team (school_id);

create table person (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization(id),
  name text not null,
  email text not null,
  title text,
  is_active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now()
);
create unique index person_email_idx on person (lower(email));

create table membership (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references person(id),
  role text not null check (role in ('org_admin', 'network_director', 'coach', 'district_leader', 'school_leader', 'team_member', 'viewer')),
  scope_kind text not null check (scope_kind in ('organization', 'collaboration', 'district', 'school', 'team')),
  scope_id uuid not null,
  created_at timestamptz not null default now(),
  unique (person_id, role, scope_kind, scope_id)
);
create index membership_scope_idx on membership (scope_kind, scope_id);

create table audit_log (
  id bigserial primary key,
  organization_id uuid references organization(id),
  actor_id uuid references person(id),
  at timestamptz not null default now(),
  action text not null,
  object_kind text not null,
  object_id text not null,
  before jsonb,
  after jsonb
);
create index audit_object_idx on audit_log (object_kind, object_id);
`;
