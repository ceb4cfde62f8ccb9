// A school's or district's student results: the trend against district and state, performance levels,
// student groups with their gaps, where each figure came from, and (for school staff) students to focus on.
import { Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useParams } from 'react-router';
import { useFilters } from '../search-params';
import { FocusStudents } from '../components/FocusStudents';
import { EmptyState, Loading, LoadFailure } from '../components/PageState';
import { ResultsGroups } from '../components/results/ResultsGroups';
import { ResultsHeader } from '../components/results/ResultsHeader';
import { ResultsLevels } from '../components/results/ResultsLevels';
import { ResultsSources } from '../components/results/ResultsSources';
import { ResultsTrend } from '../components/results/ResultsTrend';
import { fileSlug } from '../export';
import { entityResultsQuery } from '../queries/results';
import { gradeLabel, subjectLabel, SUPPRESSION_NOTE } from '../results-format';
import { groupsOf, trendOf, type Filter, type ResultsView } from '../results-view';

export default function ResultsPage({ kind }: { kind: 'school' | 'district' }) {
  const { id = '' } = useParams();
  const [params, update] = useFilters();
  const results = useQuery(entityResultsQuery(kind, id));

  const data = results.data;
  const assessments = useMemo(
    () =>
      [...new Set(data?.rows.map((r) => r.assessment) ?? [])].sort((a, b) =>
        a === 'smarter-balanced' ? -1 : b === 'smarter-balanced' ? 1 : a.localeCompare(b),
      ),
    [data],
  );
  const sources = useMemo(() => new Map((data?.sources ?? []).map((s) => [s.importRunId, s])), [data]);

  if (results.isPending) return <Loading what="the results" />;
  if (results.isError) return <LoadFailure error={results.error} what={kind === 'school' ? 'School' : 'District'} />;
  const r = results.data;
  const e = r.entity;
  const back = `/${kind}s/${e.id}`;

  const pickParam = (name: string, options: string[], fallback: string) => {
    const v = params.get(name);
    return v && options.includes(v) ? v : options.includes(fallback) ? fallback : (options[0] ?? fallback);
  };
  const f: Filter = {
    subject: pickParam('subject', r.subjects, 'ela'),
    grade: pickParam('grade', r.grades, 'all'),
    group: pickParam(
      'group',
      r.groups.map((g) => g.code),
      'all',
    ),
    assessment: pickParam('assessment', assessments, 'smarter-balanced'),
  };
  const years = r.years.filter((y) =>
    r.rows.some((row) => row.year === y && row.subject === f.subject && row.grade === f.grade && row.assessment === f.assessment),
  );
  const year = pickParam('year', years, years[years.length - 1] ?? '');
  const groupLabel = (code: string) => r.groups.find((g) => g.code === code)?.label ?? code;
  const forGroup = f.group === 'all' ? 'all students' : groupLabel(f.group);
  const what = `${subjectLabel(f.subject)}, ${gradeLabel(f.grade).toLowerCase()}, ${forGroup}`;
  const view: ResultsView = {
    r,
    kind,
    f,
    years,
    year,
    what,
    notes: [`${e.name}: ${what}. ${kind === 'school' ? 'District and state lines are all students.' : 'State line is all students.'}`, SUPPRESSION_NOTE],
    slug: (part: string) => fileSlug(e.name, part, f.subject, f.grade === 'all' ? '' : `grade ${f.grade}`, f.group === 'all' ? '' : f.group),
    sources,
  };

  if (r.rows.length === 0)
    return (
      <Stack gap="md">
        <ResultsHeader r={r} back={back} />
        <EmptyState title="No results yet">
          Once an import brings in assessment results for {e.name} (state code {e.stateCode}), they appear here by year and student group.
        </EmptyState>
      </Stack>
    );

  const trend = trendOf(view);
  const groups = groupsOf(view);
  const anySuppressed =
    trend.some((t) => t.own?.suppressed || t.own?.hiddenLevels.length) || groups.some((g) => g.row?.suppressed || g.row?.hiddenLevels.length);

  return (
    <Stack gap="xl">
      <ResultsHeader r={r} back={back} />

      <Group align="flex-end" gap="md" wrap="wrap" className="no-print filters" role="group" aria-label="Choose the results shown">
        <NativeSelect
          label="Subject"
          value={f.subject}
          onChange={(ev) => update({ subject: ev.currentTarget.value })}
          data={r.subjects.map((s) => ({ value: s, label: subjectLabel(s) }))}
        />
        <NativeSelect
          label="Grade"
          value={f.grade}
          onChange={(ev) => update({ grade: ev.currentTarget.value })}
          data={r.grades.map((g) => ({ value: g, label: gradeLabel(g) }))}
        />
        <NativeSelect
          label="Student group (trend and levels)"
          value={f.group}
          onChange={(ev) => update({ group: ev.currentTarget.value })}
          data={r.groups.map((g) => ({ value: g.code, label: g.label }))}
        />
        <NativeSelect label="Year (groups)" value={year} onChange={(ev) => update({ year: ev.currentTarget.value })} data={[...years].reverse()} />
        {assessments.length > 1 && (
          <NativeSelect
            label="Assessment"
            value={f.assessment}
            onChange={(ev) => update({ assessment: ev.currentTarget.value })}
            data={assessments.map((a) => ({ value: a, label: a === 'smarter-balanced' ? 'Smarter Balanced' : a.toUpperCase() }))}
          />
        )}
      </Group>

      <Text size="sm" className="suppression-note" data-testid="suppression-note">
        {SUPPRESSION_NOTE}
        {kind === 'district' ? ' A district page shows only reported figures, never student rows.' : ''}
      </Text>

      <ResultsTrend view={view} trend={trend} />
      <ResultsLevels view={view} trend={trend} />
      <ResultsGroups view={view} groups={groups} />

      {kind === 'school' && r.canSeeStudents && <FocusStudents schoolId={e.id} schoolName={e.name} subject={f.subject} grade={f.grade} />}

      <ResultsSources sources={r.sources} anySuppressed={anySuppressed} />
    </Stack>
  );
}

export function SchoolResultsPage() {
  return <ResultsPage kind="school" />;
}

export function DistrictResultsPage() {
  return <ResultsPage kind="district" />;
}
