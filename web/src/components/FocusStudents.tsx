// Students to focus on: a school's students by lowest performance level, for the school's staff and its coaches only.
import { Alert, Group, NativeSelect, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { fileSlug, type ExportTable } from '../export';
import { subjectLabel } from '../results-format';
import { focusStudentsQuery, type FocusStudent } from '../queries/results';
import { ExportButtons } from './ExportButtons';
import { EmptyState, ErrorMessage, Loading } from './PageState';

type Band = '1' | '2' | 'all';

export function FocusStudents({ schoolId, schoolName, subject, grade }: { schoolId: string; schoolName: string; subject: string; grade: string }) {
  const [year, setYear] = useState<string | null>(null);
  const [band, setBand] = useState<Band>('1');
  const focus = useQuery(focusStudentsQuery(schoolId, subject, year));

  const data = focus.data;
  const inGrade = (data?.students ?? []).filter((s) => grade === 'all' || String(s.grade) === grade);
  const shown = inGrade.filter((s) => band === 'all' || (s.levelOrdinal !== null && s.levelOrdinal <= Number(band)));
  const labels = data?.levelLabels ?? [];
  const levelName = (s: FocusStudent) => (s.levelOrdinal !== null && labels[s.levelOrdinal - 1]) || s.performanceLevel || 'no level';
  const bandLabel =
    band === 'all' ? 'all students tested' : band === '1' ? (labels[0] ?? 'the lowest level') : `${labels[0] ?? 'level 1'} or ${labels[1] ?? 'level 2'}`;

  const table = (): ExportTable => ({
    fileName: fileSlug(schoolName, 'focus students', subject, data?.year ?? ''),
    sheet: 'Focus students',
    notes: [`${schoolName}: ${subjectLabel(subject)}, ${data?.year ?? ''}, ${bandLabel}. Student-level data: keep it within the school team.`],
    columns: ['Student', 'Local ID', 'Grade', 'Performance level', 'Scale score', 'Assessment'],
    rows: shown.map((s) => [s.name, s.localId, s.grade, levelName(s), s.scaleScore, s.assessment]),
  });

  return (
    <section aria-labelledby="focus-heading" className="print-section">
      <Group justify="space-between" align="flex-end" mb="xs" wrap="wrap">
        <Title order={2} fz="h3" id="focus-heading">
          Students to focus on
        </Title>
        {shown.length > 0 && <ExportButtons table={table} label="the focus student list" />}
      </Group>
      <Alert variant="light" color="gray" mb="sm" p="xs">
        <Text size="sm">
          Student names are shown to this school&apos;s staff and its coaches only. Keep printed or downloaded lists within the school team.
        </Text>
      </Alert>
      {focus.isPending ? (
        <Loading what="students" />
      ) : focus.isError ? (
        <ErrorMessage error={focus.error} title="Could not load the students" />
      ) : !data || data.years.length === 0 ? (
        <EmptyState title="No student-level results">
          Import student-level results (Ed-Fi or a student CSV) for {subjectLabel(subject)} to see which students to focus on.
        </EmptyState>
      ) : (
        <>
          <Group gap="md" mb="sm" className="no-print" wrap="wrap">
            <NativeSelect label="Year" value={data.year ?? ''} onChange={(e) => setYear(e.currentTarget.value)} data={[...data.years].reverse()} />
            <NativeSelect
              label="Show"
              value={band}
              onChange={(e) => setBand(e.currentTarget.value as Band)}
              data={[
                { value: '1', label: `${labels[0] ?? 'Lowest level'} only` },
                { value: '2', label: `${labels[0] ?? 'Level 1'} and ${labels[1] ?? 'level 2'}` },
                { value: 'all', label: 'All students tested' },
              ]}
            />
          </Group>
          <Text fw={600} mb="xs" aria-live="polite" data-testid="focus-count">
            {shown.length} of {inGrade.length} students tested in {subjectLabel(subject)}, {data.year}: {bandLabel}
          </Text>
          {shown.length === 0 ? (
            <Text c="dimmed">No student is in this band.</Text>
          ) : (
            <Table.ScrollContainer minWidth={560} type="native">
              <Table striped className="data-table" data-testid="focus-table">
                <caption className="visually-hidden">Students, lowest level and lowest score first</caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Student</Table.Th>
                    <Table.Th scope="col">Local ID</Table.Th>
                    <Table.Th scope="col">Grade</Table.Th>
                    <Table.Th scope="col">Level</Table.Th>
                    <Table.Th scope="col" ta="right">
                      Scale score
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {shown.map((s) => (
                    <Table.Tr key={`${s.id}-${s.assessment}`}>
                      <Table.Th scope="row" fw={500}>
                        {s.name}
                      </Table.Th>
                      <Table.Td className="mono">{s.localId}</Table.Td>
                      <Table.Td>{s.grade ?? '—'}</Table.Td>
                      <Table.Td>{levelName(s)}</Table.Td>
                      <Table.Td ta="right" className="numeric">
                        {s.scaleScore ?? '—'}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
    </section>
  );
}
