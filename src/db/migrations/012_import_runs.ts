// An import records the process that runs it (its pid and host), so a run whose process is gone can be
// told from one still running and marked interrupted when Trellis starts again.
export const importRuns = `
alter table import_run add column pid integer;
alter table import_run add column host text;
alter table import_run drop constraint import_run_status_check;
alter table import_run add constraint import_run_status_check check (status in ('running', 'succeeded', 'failed', 'interrupted'));
create index import_run_running_idx on import_run (started_at) where status = 'running';
`;
