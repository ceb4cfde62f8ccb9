// Importing results and rosters from the web: choose a format and files, follow the job as it runs,
// and see every earlier import with who ran it, its files, rows and outcome.
import { Alert, Button, Checkbox, FileInput, Group, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { FORMAT_DESCRIPTIONS, IMPORT_FORMATS } from '../../../src/domain/import-formats';
import { ApiError } from '../api';
import { ImportHistory } from '../components/imports/ImportHistory';
import { ImportJob } from '../components/imports/ImportJob';
import { ProblemList } from '../components/imports/ProblemList';
import { PageHeading } from '../components/PageHeading';
import { ErrorMessage, Loading } from '../components/PageState';
import { FORMAT_LABELS } from '../import-words';
import { importListQuery, importRunQuery, importsKey, startImport, type ImportFormat } from '../queries/imports';

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

export default function ImportsPage() {
  const client = useQueryClient();
  const [format, setFormat] = useState<ImportFormat>('caaspp');
  const [files, setFiles] = useState<File[]>([]);
  const [lookups, setLookups] = useState<{ entities: File | null; subgroups: File | null; tests: File | null }>({
    entities: null,
    subgroups: null,
    tests: null,
  });
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
          Bring in assessment results and rosters. Each import is checked row by row and kept whole or not at all; importing the same file again changes
          nothing.
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
                <FileInput
                  label="Entities file"
                  description="sb_ca20XXentities_csv.txt"
                  placeholder="Optional"
                  clearable
                  value={lookups.entities}
                  onChange={(f) => setLookups({ ...lookups, entities: f })}
                />
                <FileInput
                  label="Student groups lookup"
                  description="Subgroups.txt"
                  placeholder="Optional"
                  clearable
                  value={lookups.subgroups}
                  onChange={(f) => setLookups({ ...lookups, subgroups: f })}
                />
                <FileInput
                  label="Tests lookup"
                  description="Tests.txt"
                  placeholder="Optional"
                  clearable
                  value={lookups.tests}
                  onChange={(f) => setLookups({ ...lookups, tests: f })}
                />
              </Group>
            )}
            {format === 'edsight' && (
              <TextInput
                label="School year"
                description="Only when the file name does not carry it, e.g. 2017-18"
                value={year}
                onChange={(e) => setYear(e.currentTarget.value)}
                w={200}
                error={fieldError('year')}
              />
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
                  {createSchools && (
                    <TextInput
                      label="State of new districts"
                      description="Two letters, e.g. CA"
                      value={state}
                      onChange={(e) => setState(e.currentTarget.value)}
                      maxLength={2}
                    />
                  )}
                  <TextInput
                    label="District for schools without one"
                    description="A network district's state code (optional)"
                    value={district}
                    onChange={(e) => setDistrict(e.currentTarget.value)}
                  />
                </Group>
              </>
            )}
            {refused && (
              <Alert color="red" variant="light" title="The import was not started" role="alert">
                <Text size="sm">{refused.message}</Text>
                {refused instanceof ApiError && refused.details.length > 0 && <ProblemList details={refused.details} />}
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
          {job.isPending ? (
            <Loading what="the import" />
          ) : job.isError ? (
            <ErrorMessage error={job.error} title="Could not follow the import" />
          ) : run ? (
            <ImportJob run={run} />
          ) : null}
        </section>
      )}

      <ImportHistory history={history} />
    </Stack>
  );
}
