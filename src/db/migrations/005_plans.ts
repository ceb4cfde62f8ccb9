// Annual outcomes (drafted, commented on, approved and locked for a school year) and each school's living plan:
// its goals, strategies and actions as one versioned document, with check-ins, dated revisions and reflections.
export const plans = `
create table outcome_set (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization(id),
  district_id uuid not null references district(id),
  school_id uuid not null references school(id),
  -- The school year the outcomes are for, by its first calendar year (2026 = 2026-27).
  school_year smallint not null,
  status text not null default 'draft' check (status in ('draft', 'approved')),
  approved_at timestamptz,
  approved_by uuid references person(id),
  version integer not null default 1,
  created_by uuid references person(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (school_id, school_year)
);

create table annual_outcome (
  id uuid primary key default gen_random_uuid(),
  outcome_set_id uuid not null references outcome_set(id) on delete cascade,
  district_id uuid not null,
  position smallint not null,
  kind text not null check (kind in ('implementation', 'student')),
  target jsonb not null,
  title text not null,
  -- Why it was proposed (or the team's own words), kept with the outcome.
  reason text not null default '',
  source text not null check (source in ('review', 'results', 'reflection', 'team'))
);
create index annual_outcome_set_idx on annual_outcome (outcome_set_id, position);

create table outcome_comment (
  id uuid primary key default gen_random_uuid(),
  outcome_set_id uuid not null references outcome_set(id) on delete cascade,
  district_id uuid not null,
  outcome_id uuid references annual_outcome(id) on delete set null,
  person_id uuid references person(id),
  body text not null,
  created_at timestamptz not null default now()
);
create index outcome_comment_set_idx on outcome_comment (outcome_set_id, created_at);

create table plan (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization(id),
  district_id uuid not null references district(id),
  school_id uuid not null references school(id),
  school_year smallint not null,
  outcome_set_id uuid references outcome_set(id),
  -- Goals → strategies → actions; ids inside the document are stable across versions, so versions can be compared.
  document jsonb not null default '{"goals": []}',
  version integer not null default 1,
  created_by uuid references person(id),
  created_at timestamptz not null default now(),
  updated_by uuid references person(id),
  updated_at timestamptz not null default now(),
  unique (school_id, school_year)
);

create table plan_revision (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references plan(id) on delete cascade,
  district_id uuid not null,
  number integer not null,
  reason text not null,
  document jsonb not null,
  plan_version integer not null,
  created_by uuid references person(id),
  created_at timestamptz not null default now(),
  unique (plan_id, number)
);

create table plan_checkin (
  id uuid primary key default gen_random_uuid(),
  plan_id uuid not null references plan(id) on delete cascade,
  district_id uuid not null,
  goal_id text,
  status text not null check (status in ('on_track', 'at_risk', 'off_track')),
  evidence text not null default '',
  notes text not null default '',
  checked_on date not null,
  created_by uuid references person(id),
  created_at timestamptz not null default now()
);
create index plan_checkin_plan_idx on plan_checkin (plan_id, checked_on);

create table goal_reflection (
  plan_id uuid not null references plan(id) on delete cascade,
  goal_id text not null,
  district_id uuid not null,
  result text not null check (result in ('met', 'partly', 'not_met')),
  learned text not null default '',
  updated_by uuid references person(id),
  updated_at timestamptz not null default now(),
  primary key (plan_id, goal_id)
);
`;
