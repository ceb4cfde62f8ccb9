// Frameworks (versioned rubrics kept as documents), reviews of schools and districts, ratings and their evidence.
export const reviews = `
create table framework (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid references organization(id),
  key text not null,
  version integer not null,
  name text not null,
  kind text not null check (kind in ('school', 'district')),
  status text not null check (status in ('draft', 'published')),
  document jsonb not null,
  built_in boolean not null default false,
  revision integer not null default 1,
  created_by uuid references person(id),
  created_at timestamptz not null default now(),
  published_at timestamptz
);
create unique index framework_version_idx on framework (coalesce(organization_id, '00000000-0000-0000-0000-000000000000'::uuid), key, version);

create table review (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization(id),
  district_id uuid not null references district(id),
  school_id uuid references school(id),
  framework_id uuid not null references framework(id),
  type text not null check (type in ('self_assessment', 'support_review', 'transformation_fall', 'transformation_spring', 'district_review')),
  title text not null,
  school_year smallint not null,
  starts_on date not null,
  ends_on date not null,
  participants jsonb not null default '[]',
  focus_indicators jsonb not null default '[]',
  -- The level that counts per indicator (consensus, else external, else self), kept in step with the ratings
  -- so network heatmaps read one row per review instead of every rating.
  levels jsonb not null default '{}',
  status text not null default 'open' check (status in ('open', 'finalized')),
  finalized_at timestamptz,
  finalized_by uuid references person(id),
  version integer not null default 1,
  created_by uuid references person(id),
  created_at timestamptz not null default now(),
  check (starts_on <= ends_on)
);
create index review_school_idx on review (school_id, starts_on);
create index review_district_idx on review (district_id, starts_on);

create table rating (
  id uuid primary key default gen_random_uuid(),
  review_id uuid not null references review(id),
  district_id uuid not null references district(id),
  indicator_key text not null,
  source text not null check (source in ('self', 'external', 'consensus')),
  level smallint,
  dimensions jsonb not null default '{}',
  note text not null default '',
  version integer not null default 1,
  updated_by uuid references person(id),
  updated_at timestamptz not null default now(),
  unique (review_id, indicator_key, source)
);
create index rating_district_idx on rating (district_id);

create table evidence (
  id uuid primary key default gen_random_uuid(),
  rating_id uuid not null references rating(id) on delete cascade,
  district_id uuid not null references district(id),
  kind text not null check (kind in ('interview', 'focus_group', 'classroom_observation', 'survey', 'document', 'data')),
  note text not null,
  created_by uuid references person(id),
  created_at timestamptz not null default now()
);
create index evidence_rating_idx on evidence (rating_id);
`;
