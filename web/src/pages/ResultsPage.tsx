// A school's or district's student results: the trend against district and state, performance levels,
// student groups with their gaps, where each figure came from, and (for school staff) students to focus on.
import { Anchor, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { useFilters } from '../search-params';
import { get } from '../api';
import { ExportButtons } from '../components/ExportButtons';
import { FocusStudents } from '../components/FocusStudents';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, Loading, LoadFailure } from '../components/PageState';
import { Plot, PlotFigure } from '../components/PlotFigure';
import { fileSlug, type ExportTable } from '../export';
import { cell, changeClass, difference, gradeLabel, percent, points, score, subjectLabel, SUPPRESSION_NOTE, tally } from '../results-format';
import type { EntityResults, ResultRow, ResultSource } from '../results-types';

const LEVEL_COLORS = ['#b5452f', '#e0a25c', '#6aa6cf', '#1f5a85'];
const SERIES_COLORS = { own: '#1f5a85', district: '#b5452f', state: '#5b6570' };

type Filter = { subject: string; grade: string; group: string; assessment: string };

function find(rows: ResultRow[], f: Filter, year: string, group = f.group): ResultRow | undefined {
  return rows.find((r) => r.year === year && r.subject === f.subject && r.grade === f.grade && r.group === group && r.assessment === f.assessment);
}

/** "sb_ca2024_1.txt line 214", so anyone can find the row a figure came from. */
function sourceOf(row: ResultRow | undefined, sources: Map<string, ResultSource>): string {
  if (!row) return '';
  const s = sources.get(row.importRunId);
  if (!s) return `${row.source} line ${row.line}`;
  if (s.format === 'generated') return `${s.files[0] ?? 'generated'}, record ${row.line}`;
  return `${s.files.length === 1 ? s.files[0] : `${s.format} import`} line ${row.line}`;
}

const num = (v: ResultRow['pctMetOrAbove'] | undefined) => (typeof v === 'number' ? v : NaN);

export default function ResultsPage({ kind }: { kind: 'school' | 'district' }) {
  const { id = '' } = useParams();
  const [params, update] = useFilters();
  const results = useQuery({ queryKey: ['results', kind, id], queryFn: () => get<EntityResults>(`/api/${kind}s/${id}/results`) });


  const data = results.data;
  const assessments = useMemo(() => [...new Set(data?.rows.map((r) => r.assessment) ?? [])].sort((a, b) => (a === 'smarter-balanced' ? -1 : b === 'smarter-balanced' ? 1 : a.localeCompare(b))), [data]);
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
    group: pickParam('group', r.groups.map((g) => g.code), 'all'),
    assessment: pickParam('assessment', assessments, 'smarter-balanced'),
  };
  const years = r.years.filter((y) => r.rows.some((row) => row.year === y && row.subject === f.subject && row.grade === f.grade && row.assessment === f.assessment));
  const year = pickParam('year', years, years[years.length - 1] ?? '');
  const groupLabel = (code: string) => r.groups.find((g) => g.code === code)?.label ?? code;
  const forGroup = f.group === 'all' ? 'all students' : groupLabel(f.group);
  const what = `${subjectLabel(f.subject)}, ${gradeLabel(f.grade).toLowerCase()}, ${forGroup}`;
  const slug = (part: string) => fileSlug(e.name, part, f.subject, f.grade === 'all' ? '' : `grade ${f.grade}`, f.group === 'all' ? '' : f.group);
  const notes = [`${e.name}: ${what}. ${kind === 'school' ? 'District and state lines are all students.' : 'State line is all students.'}`, SUPPRESSION_NOTE];

  if (r.rows.length === 0)
    return (
      <Stack gap="md">
        <Header r={r} back={back} />
        <EmptyState title="No results yet">
          Once an import brings in assessment results for {e.name} (state code {e.stateCode}), they appear here by year and student group.
        </EmptyState>
      </Stack>
    );

  // Trend: this school or district, its district and the state, year by year.
  const trend = years.map((y, i) => {
    const own = find(r.rows, f, y);
    const prev = i > 0 ? find(r.rows, f, years[i - 1]!) : undefined;
    const district = find(r.district, f, y, 'all');
    const state = find(r.state, f, y, 'all');
    return { year: y, own, district, state, change: prev ? difference(own?.pctMetOrAbove, prev.pctMetOrAbove) : null, vsDistrict: difference(own?.pctMetOrAbove, district?.pctMetOrAbove), vsState: difference(own?.pctMetOrAbove, state?.pctMetOrAbove) };
  });
  const series = [
    { key: 'own', name: e.name, rows: trend.map((t) => ({ year: t.year, pct: num(t.own?.pctMetOrAbove) })) },
    ...(kind === 'school' ? [{ key: 'district', name: `${e.district?.name ?? 'District'} (all students)`, rows: trend.map((t) => ({ year: t.year, pct: num(t.district?.pctMetOrAbove) })) }] : []),
    { key: 'state', name: 'State (all students)', rows: trend.map((t) => ({ year: t.year, pct: num(t.state?.pctMetOrAbove) })) },
  ].filter((s) => s.rows.some((p) => !Number.isNaN(p.pct)));
  const trendSummary = `Line chart of the percentage at or above standard, ${what}, ${years[0]} to ${years[years.length - 1]}. ${series
    .map((s) => `${s.name}: ${s.rows.map((p) => (Number.isNaN(p.pct) ? `${p.year} not shown` : `${p.year} ${p.pct.toFixed(1)}%`)).join(', ')}`)
    .join('. ')}. The figures are in the table below.`;
  const dash: Record<string, string | undefined> = { own: undefined, district: '6 4', state: '2 3' };
  const colorOf = (key: string) => SERIES_COLORS[key as keyof typeof SERIES_COLORS];
  const trendKey = series.map((s) => ({ label: s.name, color: colorOf(s.key), dash: dash[s.key] }));
  const trendChart: Plot.PlotOptions = {
    height: 260,
    x: { type: 'point', label: null, domain: years, padding: 0.3 },
    y: { domain: [0, 100], grid: true, label: '% at or above standard', ticks: 5 },
    marks: series.flatMap((s) => [
      Plot.lineY(s.rows, { x: 'year', y: 'pct', stroke: colorOf(s.key), strokeWidth: s.key === 'own' ? 3 : 2, strokeDasharray: dash[s.key] }),
      Plot.dot(s.rows.filter((p) => !Number.isNaN(p.pct)), { x: 'year', y: 'pct', fill: colorOf(s.key), r: s.key === 'own' ? 4 : 3 }),
    ]),
  };
  const trendTable = (): ExportTable => ({
    fileName: slug('trend'),
    sheet: 'Trend',
    notes,
    columns: ['Year', 'Students tested', '% at or above standard', 'Change from year before (pts)', ...(kind === 'school' ? ['District %', 'vs district (pts)'] : []), 'State %', 'vs state (pts)', 'Source'],
    rows: trend.map((t) => [
      t.year,
      cell(t.own?.tested),
      cell(t.own?.pctMetOrAbove),
      t.change === null ? null : Math.round(t.change * 10) / 10,
      ...(kind === 'school' ? [cell(t.district?.pctMetOrAbove), t.vsDistrict === null ? null : Math.round(t.vsDistrict * 10) / 10] : []),
      cell(t.state?.pctMetOrAbove),
      t.vsState === null ? null : Math.round(t.vsState * 10) / 10,
      sourceOf(t.own, sources),
    ]),
  });

  // Performance levels by year.
  const levelRows = trend.map((t) => ({ year: t.year, levels: t.own?.levelPercents ?? null, mean: t.own?.meanScaleScore ?? null, tested: t.own?.tested }));
  const levelData = levelRows.flatMap((l) => (l.levels ?? []).map((p, i) => ({ year: l.year, level: r.levelLabels[i] ?? `Level ${i + 1}`, order: i, pct: typeof p === 'number' ? p : 0 }))).filter((d) => d.pct > 0);
  const levelSummary = `Stacked bars of the share of students at each performance level, ${what}. ${levelRows
    .map((l) => `${l.year}: ${l.levels ? l.levels.map((p, i) => `${r.levelLabels[i]} ${percent(p)}`).join(', ') : 'not reported'}`)
    .join('. ')}.`;
  const levelChart: Plot.PlotOptions = {
    height: 40 + 34 * years.length,
    marginLeft: 70,
    x: { domain: [0, 100], label: '% of students tested', grid: true },
    y: { domain: years, label: null },
    color: { domain: r.levelLabels, range: LEVEL_COLORS, legend: true },
    marks: [
      Plot.barX(levelData, Plot.stackX({ y: 'year', x: 'pct', fill: 'level', order: 'order', inset: 0.5 })),
      Plot.text(levelData.filter((d) => d.pct >= 8), Plot.stackX({ y: 'year', x: 'pct', z: 'level', order: 'order', text: (d: { pct: number }) => `${Math.round(d.pct)}%`, fill: (d: { order: number }) => (d.order === 1 ? '#1d2125' : '#ffffff') })),
    ],
  };
  const levelTable = (): ExportTable => ({
    fileName: slug('levels'),
    sheet: 'Performance levels',
    notes,
    columns: ['Year', 'Students tested', ...r.levelLabels.map((l) => `${l} %`), 'Mean scale score'],
    rows: levelRows.map((l) => [l.year, cell(l.tested), ...r.levelLabels.map((_, i) => (l.levels ? cell(l.levels[i]) : null)), cell(l.mean)]),
  });
  const hasLevels = levelRows.some((l) => l.levels);

  // Student groups in the chosen year, with the gap to all students.
  const yearIndex = years.indexOf(year);
  const all = find(r.rows, f, year, 'all');
  const groupRows = r.groups
    .map((g) => {
      const row = find(r.rows, f, year, g.code);
      const prev = yearIndex > 0 ? find(r.rows, f, years[yearIndex - 1]!, g.code) : undefined;
      return { code: g.code, label: g.label, row, gap: g.code === 'all' ? null : difference(row?.pctMetOrAbove, all?.pctMetOrAbove), change: prev ? difference(row?.pctMetOrAbove, prev.pctMetOrAbove) : null };
    })
    .filter((g) => g.row);
  const shownGroups = groupRows.filter((g) => typeof g.row?.pctMetOrAbove === 'number');
  const groupSummary = `Bar chart of the percentage at or above standard by student group in ${year}, ${subjectLabel(f.subject)}, ${gradeLabel(f.grade).toLowerCase()}. ${shownGroups
    .map((g) => `${g.label} ${percent(g.row?.pctMetOrAbove)}`)
    .join(', ')}.${groupRows.length > shownGroups.length ? ` ${groupRows.length - shownGroups.length} groups are not shown (*).` : ''}`;
  const groupChart: Plot.PlotOptions = {
    height: 30 + 26 * shownGroups.length,
    marginLeft: 230,
    x: { domain: [0, 100], label: '% at or above standard', grid: true },
    y: { domain: shownGroups.map((g) => g.label), label: null },
    marks: [
      Plot.barX(shownGroups, { y: 'label', x: (g: (typeof shownGroups)[number]) => g.row!.pctMetOrAbove, fill: (g: (typeof shownGroups)[number]) => (g.code === 'all' ? SERIES_COLORS.state : SERIES_COLORS.own) }),
      Plot.text(shownGroups, { y: 'label', x: (g: (typeof shownGroups)[number]) => g.row!.pctMetOrAbove, text: (g: (typeof shownGroups)[number]) => percent(g.row!.pctMetOrAbove), dx: 4, textAnchor: 'start' }),
      ...(typeof all?.pctMetOrAbove === 'number' ? [Plot.ruleX([all.pctMetOrAbove], { stroke: '#1d2125', strokeDasharray: '4 3' })] : []),
    ],
  };
  const groupTable = (): ExportTable => ({
    fileName: slug(`groups ${year}`),
    sheet: `Groups ${year}`,
    notes: [`${e.name}: ${subjectLabel(f.subject)}, ${gradeLabel(f.grade).toLowerCase()}, ${year}. Gap is the group's % minus all students' %.`, SUPPRESSION_NOTE],
    columns: ['Student group', 'Students tested', '% at or above standard', 'Gap vs all students (pts)', `Change since ${years[yearIndex - 1] ?? 'year before'} (pts)`, 'Source'],
    rows: groupRows.map((g) => [g.label, cell(g.row?.tested), cell(g.row?.pctMetOrAbove), g.gap === null ? null : Math.round(g.gap * 10) / 10, g.change === null ? null : Math.round(g.change * 10) / 10, sourceOf(g.row, sources)]),
  });

  const anySuppressed = trend.some((t) => t.own?.suppressed || t.own?.hiddenLevels.length) || groupRows.some((g) => g.row?.suppressed || g.row?.hiddenLevels.length);

  return (
    <Stack gap="xl">
      <Header r={r} back={back} />

      <Group align="flex-end" gap="md" wrap="wrap" className="no-print filters" role="group" aria-label="Choose the results shown">
        <NativeSelect label="Subject" value={f.subject} onChange={(ev) => update({ subject: ev.currentTarget.value })} data={r.subjects.map((s) => ({ value: s, label: subjectLabel(s) }))} />
        <NativeSelect label="Grade" value={f.grade} onChange={(ev) => update({ grade: ev.currentTarget.value })} data={r.grades.map((g) => ({ value: g, label: gradeLabel(g) }))} />
        <NativeSelect label="Student group (trend and levels)" value={f.group} onChange={(ev) => update({ group: ev.currentTarget.value })} data={r.groups.map((g) => ({ value: g.code, label: g.label }))} />
        <NativeSelect label="Year (groups)" value={year} onChange={(ev) => update({ year: ev.currentTarget.value })} data={[...years].reverse()} />
        {assessments.length > 1 && (
          <NativeSelect label="Assessment" value={f.assessment} onChange={(ev) => update({ assessment: ev.currentTarget.value })} data={assessments.map((a) => ({ value: a, label: a === 'smarter-balanced' ? 'Smarter Balanced' : a.toUpperCase() }))} />
        )}
      </Group>

      <Text size="sm" className="suppression-note" data-testid="suppression-note">
        {SUPPRESSION_NOTE}
        {kind === 'district' ? ' A district page shows only reported figures, never student rows.' : ''}
      </Text>

      <section aria-labelledby="trend-heading" className="print-section">
        <Group justify="space-between" align="flex-end" mb="xs" wrap="wrap">
          <Title order={2} fz="h3" id="trend-heading">
            Trend: {what}
          </Title>
          <ExportButtons table={trendTable} label="the trend table" />
        </Group>
        {years.length === 0 ? (
          <EmptyState title="No results for this choice">Try another subject or grade.</EmptyState>
        ) : (
          <>
            <PlotFigure options={trendChart} summary={trendSummary} lines={trendKey} />
            <Table.ScrollContainer minWidth={720} type="native">
              <Table striped className="data-table results-table" data-testid="trend-table">
                <caption>
                  % at or above standard by year. Change is in percentage points from the year before; district and state are all students.
                </caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">Year</Table.Th>
                    <Table.Th scope="col" ta="right">
                      Tested
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      % at or above
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      Change
                    </Table.Th>
                    {kind === 'school' && (
                      <Table.Th scope="col" ta="right">
                        District
                      </Table.Th>
                    )}
                    <Table.Th scope="col" ta="right">
                      State
                    </Table.Th>
                    <Table.Th scope="col">Source</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {trend.map((t) => (
                    <Table.Tr key={t.year}>
                      <Table.Th scope="row">{t.year}</Table.Th>
                      <Table.Td ta="right" className="numeric">
                        {tally(t.own?.tested)}
                      </Table.Td>
                      <Table.Td ta="right" className="numeric" fw={600}>
                        {percent(t.own?.pctMetOrAbove)}
                      </Table.Td>
                      <Table.Td ta="right" className={`numeric ${changeClass(t.change) ?? ''}`}>
                        {points(t.change)}
                      </Table.Td>
                      {kind === 'school' && (
                        <Table.Td ta="right" className="numeric">
                          {percent(t.district?.pctMetOrAbove)}
                          {t.vsDistrict !== null && <Text span size="xs" c="dimmed" display="block">{`school ${points(t.vsDistrict)}`}</Text>}
                        </Table.Td>
                      )}
                      <Table.Td ta="right" className="numeric">
                        {percent(t.state?.pctMetOrAbove)}
                        {t.vsState !== null && <Text span size="xs" c="dimmed" display="block">{`${kind} ${points(t.vsState)}`}</Text>}
                      </Table.Td>
                      <Table.Td>
                        <Text size="xs" c="dimmed" className="source-cell">
                          {sourceOf(t.own, sources)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </>
        )}
      </section>

      {hasLevels && (
        <section aria-labelledby="levels-heading" className="print-section">
          <Group justify="space-between" align="flex-end" mb="xs" wrap="wrap">
            <Title order={2} fz="h3" id="levels-heading">
              Performance levels
            </Title>
            <ExportButtons table={levelTable} label="the performance level table" />
          </Group>
          <PlotFigure options={levelChart} summary={levelSummary} />
          <Table.ScrollContainer minWidth={720} type="native">
            <Table striped className="data-table results-table" data-testid="levels-table">
              <caption>Share of students tested at each level, {what}.</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Year</Table.Th>
                  {r.levelLabels.map((l) => (
                    <Table.Th scope="col" ta="right" key={l}>
                      {l}
                    </Table.Th>
                  ))}
                  <Table.Th scope="col" ta="right">
                    Mean scale score
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {levelRows.map((l) => (
                  <Table.Tr key={l.year}>
                    <Table.Th scope="row">{l.year}</Table.Th>
                    {r.levelLabels.map((label, i) => (
                      <Table.Td ta="right" className="numeric" key={label}>
                        {l.levels ? percent(l.levels[i]) : '—'}
                      </Table.Td>
                    ))}
                    <Table.Td ta="right" className="numeric">
                      {score(l.mean)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </section>
      )}

      {groupRows.length > 1 && (
        <section aria-labelledby="groups-heading" className="print-section">
          <Group justify="space-between" align="flex-end" mb="xs" wrap="wrap">
            <Title order={2} fz="h3" id="groups-heading">
              Student groups, {year}
            </Title>
            <ExportButtons table={groupTable} label="the student group table" />
          </Group>
          <PlotFigure options={groupChart} summary={groupSummary} caption="The dashed line is all students." />
          <Table.ScrollContainer minWidth={640} type="native">
            <Table striped className="data-table results-table" data-testid="groups-table">
              <caption>
                {subjectLabel(f.subject)}, {gradeLabel(f.grade).toLowerCase()}, {year}. The gap is the group&apos;s % minus all students&apos; %, in percentage points.
              </caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Student group</Table.Th>
                  <Table.Th scope="col" ta="right">
                    Tested
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    % at or above
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Gap vs all students
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    Change since {years[yearIndex - 1] ?? 'the year before'}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {groupRows.map((g) => (
                  <Table.Tr key={g.code}>
                    <Table.Th scope="row" fw={g.code === 'all' ? 700 : 500}>
                      {g.label}
                    </Table.Th>
                    <Table.Td ta="right" className="numeric">
                      {tally(g.row?.tested)}
                    </Table.Td>
                    <Table.Td ta="right" className="numeric" fw={600}>
                      {percent(g.row?.pctMetOrAbove)}
                    </Table.Td>
                    <Table.Td ta="right" className={`numeric ${changeClass(g.gap) ?? ''}`}>
                      {g.code === 'all' ? '' : points(g.gap)}
                    </Table.Td>
                    <Table.Td ta="right" className={`numeric ${changeClass(g.change) ?? ''}`}>
                      {points(g.change)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </section>
      )}

      {kind === 'school' && r.canSeeStudents && <FocusStudents schoolId={e.id} schoolName={e.name} subject={f.subject} grade={f.grade} />}

      <section aria-labelledby="sources-heading" className="print-section">
        <Title order={2} fz="h4" id="sources-heading" mb="xs">
          Where these figures come from
        </Title>
        <ul className="source-list">
          {r.sources.map((s) => (
            <li key={s.importRunId}>
              <Text size="sm">
                {s.format === 'generated' ? `${s.files.join(', ')}: generated by Trellis` : `${s.format} import of ${s.files.join(', ')}`}, {new Date(s.importedAt).toLocaleDateString('en-US', { dateStyle: 'medium' })}
              </Text>
            </li>
          ))}
        </ul>
        <Text size="xs" c="dimmed">
          The Source column gives the file and line of each figure{anySuppressed ? '; a * is hidden, not zero' : ''}.
        </Text>
      </section>
    </Stack>
  );
}

function Header({ r, back }: { r: EntityResults; back: string }) {
  const e = r.entity;
  return (
    <div>
      <Anchor component={Link} to={back} size="sm" className="no-print">
        ← {e.name}
      </Anchor>
      <PageHeading mt={4}>{`${e.name}: student results`}</PageHeading>
      <Text c="dimmed">
        {e.kind === 'school' && e.district ? (
          <>
            <Anchor component={Link} to={`/districts/${e.district.id}/results`} c="inherit">
              {e.district.name}
            </Anchor>
            {' · '}
          </>
        ) : null}
        State code <span className="mono">{e.stateCode}</span>
        {r.years.length ? ` · ${r.years[0]} to ${r.years[r.years.length - 1]}` : ''}
      </Text>
    </div>
  );
}

export function SchoolResultsPage() {
  return <ResultsPage kind="school" />;
}

export function DistrictResultsPage() {
  return <ResultsPage kind="district" />;
}
