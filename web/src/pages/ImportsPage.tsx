// Importing results and rosters from the web: choose a format and files, follow the job as it runs,
// and see every earlier import with who ran it, its files, rows and outcome.
import { Alert, Anchor, Badge, Button, Checkbox, FileInput, Group, List, NativeSelect, Progress, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { FORMAT_DESCRIPTIONS, IMPORT_FORMATS, matchSentence, type EntityMatches } from '../../../src/domain/import-formats';
import { ApiError } from '../api';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, ErrorMessage, Loading } from '../components/PageState';
import { count, dateTime } from '../format';
import { importListQuery, importRunQuery, importsKey, startImport, type ImportFormat, type ImportRun } from '../queries/imports';

const FORMAT_LABELS: Record<ImportFormat, string> = {
  edsight: 'Connecticut EdSight export',
  caaspp: 'California CAASPP research file',
  'edfi-xml': 'Ed-Fi XML interchanges',
  'student-csv': 'Student results CSV (with a column map)',
  oneroster: 'OneRoster 1.1 CSV bundle',
};

const FILE_HINTS: Record<ImportFormat, string> = {
  edsight: 'One or more EdSight Smarter Balanced CSV exports, as downloaded.',
  caaspp: 'The research file(s) (comma or caret layout). Add the entities file below so schools and districts are named.',
  'edfi-xml': 'The interchange files together: EducationOrganization, Student, AssessmentMetadata and StudentAssessment.',
  'student-csv': 'One or more CSV files with one row per student result.',
  oneroster: "All the bundle's CSV files together: manifest.csv, orgs.csv, users.csv, demographics.csv, enrollments.csv…",
};

const STUDENT_LEVEL: ImportFormat[] = ['edfi-xml', 'student-csv', 'oneroster'];

const MAP_EXAMPLE = `{
  "studentId": "SSID",
  "schoolCode": "School CDS",
  "subject": "Subject",
  "grade": "Grade",
  "year": "School Year",
  "scaleScore": "Scale Score",
  "performanceLevel": "Achievement Level"
}`;

/** A run's status as the server gives it: `interrupted` when the process running it stopped before it finished. */
type RunStatus = ImportRun['status'];

const STATUS: Record<RunStatus, { label: string; color: string }> = {
  running: { label: 'Running', color: '#1f5a85' },
  succeeded: { label: 'Imported', color: '#1b6b2a' },
  failed: { label: 'Failed: nothing kept', color: '#a3261b' },
  interrupted: { label: 'Interrupted: nothing kept', color: '#8a5a00' },
};

const statusOf = (run: ImportRun) => STATUS[run.status];

/** "Interrupted on Mar 3, 2026, 5:40 PM: the process running it stopped before it finished. Nothing from it was kept; run it again." */
function interruptedSentence(run: ImportRun): string {
  const when = run.finishedAt ? ` on ${dateTime(run.finishedAt)}` : '';
  return `Interrupted${when}: the process running it stopped before it finished (the server or the command was stopped or crashed). Nothing from it was kept; run it again.`;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export default function ImportsPage() {
  const client = useQueryClient();
  const [format, setFormat] = useState<ImportFormat>('caaspp');
  const [files, setFiles] = useState<File[]>([]);
  const [lookups, setLookups] = useState<{ entities: File | null; subgroups: File | null; tests: File | null }>({ entities: null, subgroups: null, tests: null });
  const [year, setYear] = useState('');
  const [map, setMap] = useState('');
  const [createSchools, setCreateSchools] = useState(false);
  const [state, setState] = useState('');
  const [district, setDistrict] = useState('');
  const [sending, setSending] = useState(false);
  const [refused, setRefused] = useState<ApiError | Error | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);

  const history = useQuery(importListQuery());
  const followed = importRunQuery(jobId ?? '');
  const job = useQuery({
    queryKey: followed.queryKey,
    queryFn: async () => {
      const run = await followed.queryFn();
      if (run.status !== 'running') void client.invalidateQueries({ queryKey: importsKey });
      return run;
    },
    enabled: jobId !== null,
    refetchInterval: (q) => (q.state.data?.status === 'running' || !q.state.data ? 500 : false),
  });

  const studentLevel = STUDENT_LEVEL.includes(format);
  const fieldError = (field: string) => (refused instanceof ApiError ? refused.fieldMessage(field) : undefined);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setRefused(null);
    const form = new FormData();
    form.append('format', format);
    if (format === 'edsight' && year.trim()) form.append('year', year.trim());
    if (format === 'student-csv') form.append('map', map);
    if (studentLevel) {
      if (createSchools) form.append('createSchools', 'true');
      if (state.trim()) form.append('state', state.trim().toUpperCase());
      if (district.trim()) form.append('district', district.trim());
    }
    for (const f of files) form.append('file', f, f.name);
    if (format === 'caaspp') for (const [name, f] of Object.entries(lookups)) if (f) form.append(name, f, f.name);
    setSending(true);
    try {
      const { id } = await startImport(form);
      setJobId(id);
      void client.invalidateQueries({ queryKey: importsKey });
    } catch (error) {
      setRefused(error instanceof Error ? error : new Error('The upload failed.'));
    } finally {
      setSending(false);
    }
  }

  const run = job.data;
  const running = run?.status === 'running';

  return (
    <Stack gap="xl">
      <div>
        <PageHeading>Imports</PageHeading>
        <Text c="dimmed" mt={4}>
          Bring in assessment results and rosters. Each import is checked row by row and kept whole or not at all; importing the same file again changes nothing.
        </Text>
      </div>

      <section aria-labelledby="new-import">
        <Title order={2} fz="h3" id="new-import" mb="sm">
          New import
        </Title>
        <form onSubmit={submit} noValidate>
          <Stack gap="md" maw={640}>
            <NativeSelect
              label="Format"
              description={FORMAT_DESCRIPTIONS[format]}
              value={format}
              onChange={(e) => setFormat(e.currentTarget.value as ImportFormat)}
              data={IMPORT_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f] }))}
              error={fieldError('format')}
            />
            <FileInput
              label="Files"
              description={FILE_HINTS[format]}
              placeholder="Choose files"
              multiple
              clearable
              value={files}
              onChange={setFiles}
              error={fieldError('file')}
              withAsterisk
            />
            {format === 'caaspp' && (
              <Group grow align="flex-start" wrap="wrap">
                <FileInput label="Entities file" description="sb_ca20XXentities_csv.txt" placeholder="Optional" clearable value={lookups.entities} onChange={(f) => setLookups({ ...lookups, entities: f })} />
                <FileInput label="Student groups lookup" description="Subgroups.txt" placeholder="Optional" clearable value={lookups.subgroups} onChange={(f) => setLookups({ ...lookups, subgroups: f })} />
                <FileInput label="Tests lookup" description="Tests.txt" placeholder="Optional" clearable value={lookups.tests} onChange={(f) => setLookups({ ...lookups, tests: f })} />
              </Group>
            )}
            {format === 'edsight' && (
              <TextInput label="School year" description="Only when the file name does not carry it, e.g. 2017-18" value={year} onChange={(e) => setYear(e.currentTarget.value)} w={200} error={fieldError('year')} />
            )}
            {format === 'student-csv' && (
              <Textarea
                label="Column map"
                description="JSON: for each field, the column header in your file. Required: studentId, schoolCode, subject, grade, year, and scaleScore or performanceLevel."
                placeholder={MAP_EXAMPLE}
                autosize
                minRows={8}
                value={map}
                onChange={(e) => setMap(e.currentTarget.value)}
                classNames={{ input: 'mono' }}
                error={fieldError('map')}
                withAsterisk
              />
            )}
            {studentLevel && (
              <>
                <Checkbox
                  label="Add the file's schools and districts that are not yet in the network"
                  description="Otherwise every school in the file must already be in the network."
                  checked={createSchools}
                  onChange={(e) => setCreateSchools(e.currentTarget.checked)}
                />
                <Group grow align="flex-start" wrap="wrap">
                  {createSchools && <TextInput label="State of new districts" description="Two letters, e.g. CA" value={state} onChange={(e) => setState(e.currentTarget.value)} maxLength={2} />}
                  <TextInput label="District for schools without one" description="A network district's state code (optional)" value={district} onChange={(e) => setDistrict(e.currentTarget.value)} />
                </Group>
              </>
            )}
            {refused && (
              <Alert color="red" variant="light" title="The import was not started" role="alert">
                <Text size="sm">{refused.message}</Text>
                {refused instanceof ApiError && refused.details.length > 0 && (
                  <List size="sm" mt={4}>
                    {refused.details.map((d, i) => (
                      <List.Item key={i}>
                        <span className="mono">{d.where}</span>: {d.message}
                      </List.Item>
                    ))}
                  </List>
                )}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={sending} disabled={running}>
                {sending ? 'Uploading…' : 'Import'}
              </Button>
              {running && <Text size="sm">An import is running; wait for it to finish before starting another.</Text>}
            </Group>
          </Stack>
        </form>
      </section>

      {jobId && (
        <section aria-labelledby="current-import" className="import-job">
          <Title order={2} fz="h3" id="current-import" mb="sm">
            This import
          </Title>
          {job.isPending ? <Loading what="the import" /> : job.isError ? <ErrorMessage error={job.error} title="Could not follow the import" /> : run ? <JobStatus run={run} /> : null}
        </section>
      )}

      <section aria-labelledby="import-history">
        <Title order={2} fz="h3" id="import-history" mb="sm">
          Earlier imports
        </Title>
        {history.isPending ? (
          <Loading what="imports" />
        ) : history.isError ? (
          <ErrorMessage error={history.error} title="Could not load the imports" />
        ) : history.data.imports.length === 0 ? (
          <EmptyState title="No imports yet">Imports from this page and from the trellis import command are listed here.</EmptyState>
        ) : (
          <Table.ScrollContainer minWidth={760} type="native">
            <Table striped className="data-table" data-testid="import-history">
              <caption className="visually-hidden">Imports, newest first</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Started</Table.Th>
                  <Table.Th scope="col">By</Table.Th>
                  <Table.Th scope="col">Format</Table.Th>
                  <Table.Th scope="col">Files</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Rows
                  </Table.Th>
                  <Table.Th scope="col">Outcome</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {history.data.imports.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td className="nowrap">{dateTime(i.startedAt)}</Table.Td>
                    <Table.Td>{i.startedBy ?? '—'}</Table.Td>
                    <Table.Td>{i.format === 'generated' ? 'Generated (demo)' : FORMAT_LABELS[i.format as ImportFormat] ?? i.format}</Table.Td>
                    <Table.Td>
                      {i.files.map((file) => (
                        <Text size="sm" key={file.name} className="changes">
                          {file.name}
                          {file.sha256 && (
                            <Text span size="xs" c="dimmed" className="mono" title={`SHA-256 ${file.sha256}`}>
                              {' '}
                              {file.sha256.slice(0, 12)}
                            </Text>
                          )}
                        </Text>
                      ))}
                    </Table.Td>
                    <Table.Td ta="right" className="numeric">
                      {count(i.rowsRead)}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={statusOf(i).color} variant="outline" tt="none">
                        {statusOf(i).label}
                      </Badge>
                      {i.status === 'interrupted' && (
                        <Text size="xs" c="dimmed" className="changes" data-testid="import-interrupted">
                          {interruptedSentence(i)}
                        </Text>
                      )}
                      {i.status === 'succeeded' && (
                        <Text size="xs" c="dimmed">
                          {count(i.rowsInserted)} new, {count(i.rowsUpdated)} changed, {count(i.rowsUnchanged)} unchanged
                          {i.matched && <><br />{matchSentence(i.matched, i.files.length)}</>}
                        </Text>
                      )}
                      {i.status === 'failed' && i.error && (
                        <Text size="xs" c="red.8" className="changes">
                          {i.error.message}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>
    </Stack>
  );
}

const noneMatched = (m: EntityMatches) => m.schools.reported + m.districts.reported > 0 && m.schools.matched + m.districts.matched === 0;

function JobStatus({ run }: { run: ImportRun }) {
  const fraction = run.totalBytes > 0 ? Math.min(1, run.bytesRead / run.totalBytes) : run.status === 'running' ? 0 : 1;
  const seconds = Math.max(0.001, ((run.finishedAt ? new Date(run.finishedAt).getTime() : Date.now()) - new Date(run.startedAt).getTime()) / 1000);
  const rate = run.rowsRead / seconds;
  const eta = run.status === 'running' && fraction > 0.02 ? (seconds * (1 - fraction)) / fraction : null;
  const names = run.files.map((f) => f.name).join(', ');
  return (
    <Stack gap="xs" data-testid="import-job" data-status={run.status}>
      <Group gap="sm">
        <Badge color={statusOf(run).color} variant="outline" size="lg" tt="none">
          {statusOf(run).label}
        </Badge>
        <Text size="sm">{names || 'uploaded files'}</Text>
      </Group>
      <Progress value={fraction * 100} animated={run.status === 'running'} color={statusOf(run).color} aria-label="Import progress" size="lg" />
      <Text size="sm" aria-live="polite">
        {count(run.rowsRead)} rows read · {bytes(run.bytesRead)} of {bytes(run.totalBytes)} · {count(Math.round(rate))} rows a second
        {eta !== null ? ` · about ${Math.ceil(eta)} s left` : ''}
      </Text>
      {run.status === 'succeeded' && (
        <Alert color="green" variant="light" title="Imported" role="status">
          {count(run.rowsRead)} rows in {seconds.toFixed(1)} s: {count(run.rowsInserted)} new, {count(run.rowsUpdated)} changed, {count(run.rowsUnchanged)} unchanged.{' '}
          <Anchor component={Link} to="/results">See the network results</Anchor>.
          {run.matched && (
            <Text size="sm" mt={4} data-testid="import-matches">
              {matchSentence(run.matched, run.files.length)}
              {noneMatched(run.matched) && ' Schools and districts are matched by their state code (the CDS code in California, the district code in Connecticut); the others are kept for comparison.'}
            </Text>
          )}
        </Alert>
      )}
      {run.status === 'interrupted' && (
        <Alert color="orange" variant="light" title="The import was interrupted and nothing from it was kept" role="alert">
          <Text size="sm">{interruptedSentence(run)}</Text>
        </Alert>
      )}
      {run.status === 'failed' && run.error && (
        <Alert color="red" variant="light" title="The import failed and nothing from it was kept" role="alert">
          <Text size="sm">{run.error.message}</Text>
          {run.error.details.length > 0 && (
            <List size="sm" mt={4} data-testid="import-errors">
              {run.error.details.map((d, i) => (
                <List.Item key={i}>
                  <span className="mono">{d.where}</span>: {d.message}
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
    </Stack>
  );
}
