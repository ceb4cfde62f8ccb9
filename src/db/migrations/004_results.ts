// Student results: import runs, the entities results are reported for, published aggregate rows,
// and student-level rosters and results. The two fact tables (aggregate_result, student_result) carry
// district_id for distribution by district, and keep no foreign keys to other big tables but the row
// they describe, as a distributed (Citus) database needs; the loader checks the rest in one place.
export const results = `
create table import_run (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization(id),
  format text not null,
  options jsonb not null default '{}',
  files jsonb not null default '[]',
  status text not null check (status in ('running', 'succeeded', 'failed')),
  total_bytes bigint not null default 0,
  rows_read integer not null default 0,
  rows_inserted integer not null default 0,
  rows_updated integer not null default 0,
  rows_unchanged integer not null default 0,
  error jsonb,
  started_by uuid references person(id),
  started_via text not null check (started_via in ('cli', 'web')),
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
create index import_run_org_idx on import_run (organization_id, started_at desc);

create table result_entity (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization(id),
  state text not null,
  kind text not null check (kind in ('state', 'county', 'district', 'school')),
  code text not null,
  name text,
  district_id uuid references district(id),
  school_id uuid references school(id),
  unique (organization_id, state, kind, code)
);
create index result_entity_school_idx on result_entity (school_id);
create index result_entity_district_idx on result_entity (district_id);

create table aggregate_result (
  organization_id uuid not null,
  entity_id uuid not null references result_entity(id),
  district_id uuid,
  source text not null,
  year text not null,
  assessment text not null,
  subject text not null,
  grade text not null,
  student_group text not null,
  tested integer,
  level_counts integer[],
  level_percents numeric[],
  met_or_above integer,
  met_derived boolean not null default false,
  pct_met_or_above numeric,
  mean_scale_score numeric,
  suppressed boolean not null,
  source_line integer not null,
  import_run_id uuid not null,
  primary key (entity_id, year, assessment, subject, grade, student_group)
);

create table student (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organization(id),
  district_id uuid not null references district(id),
  school_id uuid references school(id),
  local_id text not null,
  first_name text,
  last_name text,
  birth_date date,
  grade smallint,
  demographics jsonb not null default '{}',
  import_run_id uuid not null references import_run(id),
  unique (district_id, local_id)
);
create index student_school_idx on student (school_id);

create table student_result (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null,
  district_id uuid not null,
  student_id uuid not null references student(id),
  assessment_id text not null,
  assessment_title text,
  subject text,
  grade smallint,
  school_year text,
  administration_date text not null,
  scale_score numeric,
  raw_score numeric,
  performance_level text,
  level_ordinal smallint,
  source_line integer not null,
  import_run_id uuid not null,
  unique (student_id, assessment_id, administration_date)
);
create index student_result_student_idx on student_result (district_id, student_id);
`;
