// Every school's % at or above standard by year, sortable by growth, with network totals that say what they leave out
// and partner schools set against the others.
import { Anchor, Group, NativeSelect, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { Link } from 'react-router';
import { useFilters } from '../search-params';
import { ExportButtons } from '../components/ExportButtons';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, ErrorMessage, Loading } from '../components/PageState';
import { fileSlug, type ExportTable } from '../export';
import { plural, SUPPORT_LABELS } from '../format';
import { cell, changeClass, gradeLabel, percent, points, sortSchools, subjectLabel, SUPPRESSION_NOTE, tally, type SortKey } from '../results-format';
import { networkResultsQuery } from '../queries/results';
import { useSignedIn } from '../session';

const SORTS: SortKey[] = ['name', 'district', 'support', 'latest', 'growth'];

const SUBJECTS = [
  { value: 'ela', label: subjectLabel('ela') },
  { value: 'math', label: subjectLabel('math') },
];

export default function NetworkResultsPage() {
  const session = useSignedIn();
  const [params, update] = useFilters();
  const subject = params.get('subject') === 'math' ? 'math' : 'ela';
  const grade = params.get('grade') ?? 'all';
  const group = params.get('group') ?? 'all';
  const district = params.get('district') ?? '';
  const sortParam = params.get('sort') as SortKey | null;
  const sort: SortKey = sortParam && SORTS.includes(sortParam) ? sortParam : 'name';
  const order = params.get('order') === 'desc' ? 'desc' : 'asc';

  const results = useQuery({ ...networkResultsQuery(subject, grade, group), placeholderData: keepPreviousData });

  const heading = session.orgWide ? 'Network results' : 'Results for your schools';
  if (results.isPending) return <Loading what="the results" />;
  if (results.isError) return <ErrorMessage error={results.error} title="Could not load the results" />;
  const r = results.data;
  const latest = r.years[r.years.length - 1];
  const districts = [...new Map(r.schools.map((s) => [s.district.id, s.district.name])).entries()].sort((a, b) => a[1].localeCompare(b[1]));
  const schools = sortSchools(
    r.schools.filter((s) => !district || s.district.id === district),
    sort,
    order,
    latest,
  );
  const groupLabel = r.groups.find((g) => g.code === group)?.label ?? group;
  const what = `${subjectLabel(subject)}, ${gradeLabel(grade).toLowerCase()}, ${group === 'all' ? 'all students' : groupLabel}`;
  const partnerCount = r.schools.filter((s) => s.supportLevel !== null).length;

  const table = (): ExportTable => ({
    fileName: fileSlug('network results', subject, grade === 'all' ? '' : `grade ${grade}`, group === 'all' ? '' : group),
    sheet: 'Network results',
    notes: [`% at or above standard: ${what}. Growth is in percentage points from the first to the last year shown for each school.`, SUPPRESSION_NOTE],
    columns: ['School', 'District', 'Support', ...r.years.flatMap((y) => [`${y} tested`, `${y} %`]), 'Growth (pts)', 'Growth from', 'Growth to'],
    rows: schools.map((s) => [
      s.name,
      s.district.name,
      s.supportLevel ? SUPPORT_LABELS[s.supportLevel] : 'No partnership',
      ...r.years.flatMap((y) => [cell(s.byYear[y]?.tested), cell(s.byYear[y]?.pctMetOrAbove)]),
      s.growth === null ? null : Math.round(s.growth * 10) / 10,
      s.growthFrom,
      s.growthTo,
    ]),
  });

  const header = (key: SortKey, label: string, numeric = false) => {
    const active = sort === key;
    return (
      <Table.Th scope="col" ta={numeric ? 'right' : undefined} aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
        <UnstyledButton
          className="sort-button"
          data-active={active || undefined}
          onClick={() =>
            update({
              sort: key === 'name' ? null : key,
              order: active ? (order === 'asc' ? 'desc' : null) : key === 'growth' || key === 'latest' ? 'desc' : null,
            })
          }
        >
          {label}
          <span aria-hidden className="sort-arrow">
            {active ? (order === 'asc' ? '▲' : '▼') : '↕'}
          </span>
        </UnstyledButton>
      </Table.Th>
    );
  };

  return (
    <Stack gap="lg">
      <div>
        <PageHeading>{heading}</PageHeading>
        <Text c="dimmed" mt={4}>
          Smarter Balanced results, % of students at or above standard, for {plural(r.schools.length, 'school')}.
        </Text>
      </div>

      <Group align="flex-end" gap="md" wrap="wrap" className="no-print filters" role="group" aria-label="Choose the results shown">
        <NativeSelect
          label="Subject"
          value={subject}
          onChange={(e) => update({ subject: e.currentTarget.value === 'ela' ? null : e.currentTarget.value })}
          data={SUBJECTS}
        />
        <NativeSelect
          label="Grade"
          value={grade}
          onChange={(e) => update({ grade: e.currentTarget.value === 'all' ? null : e.currentTarget.value })}
          data={(r.grades.length ? r.grades : ['all']).map((g) => ({ value: g, label: gradeLabel(g) }))}
        />
        <NativeSelect
          label="Student group"
          value={group}
          onChange={(e) => update({ group: e.currentTarget.value === 'all' ? null : e.currentTarget.value })}
          data={(r.groups.length ? r.groups : [{ code: 'all', label: 'All students' }]).map((g) => ({ value: g.code, label: g.label }))}
        />
        {districts.length > 1 && (
          <NativeSelect
            label="District"
            value={district}
            onChange={(e) => update({ district: e.currentTarget.value || null })}
            data={[{ value: '', label: 'All districts' }, ...districts.map(([value, label]) => ({ value, label }))]}
          />
        )}
      </Group>

      <Text size="sm">{SUPPRESSION_NOTE}</Text>

      {r.years.length === 0 ? (
        <EmptyState title="No results yet">
          {session.can.importResults
            ? 'Import assessment results on the Imports page and they appear here.'
            : 'Results appear here once your network imports them.'}
        </EmptyState>
      ) : (
        <>
          <section aria-labelledby="network-totals">
            <Title order={2} fz="h3" id="network-totals" mb="xs">
              All schools together
            </Title>
            <Table.ScrollContainer minWidth={560} type="native">
              <Table className="data-table results-table" data-testid="network-totals">
                <caption>
                  {what}. Totals add up students tested and students at or above standard across schools; a school whose counts are hidden (*) or missing is
                  left out and counted, never read as 0.
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
                    <Table.Th scope="col">Schools included</Table.Th>
                    <Table.Th scope="col" ta="right">
                      Partner schools (mean)
                    </Table.Th>
                    <Table.Th scope="col" ta="right">
                      Comparison schools (mean)
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {r.network.map((n) => {
                    const c = r.comparison.find((x) => x.year === n.year);
                    return (
                      <Table.Tr key={n.year}>
                        <Table.Th scope="row">{n.year}</Table.Th>
                        <Table.Td ta="right" className="numeric">
                          {tally(n.tested)}
                        </Table.Td>
                        <Table.Td ta="right" className="numeric" fw={600}>
                          {percent(n.pctMetOrAbove)}
                        </Table.Td>
                        <Table.Td>
                          {n.includedCount} of {n.includedCount + n.leftOutCount}
                          {n.leftOutCount > 0 && (
                            <Text span size="xs" c="dimmed">
                              {' '}
                              ({n.leftOutCount} left out: hidden or no data)
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td ta="right" className="numeric">
                          {c?.partner.includedCount ? `${percent(c.partner.mean)} (${c.partner.includedCount})` : '—'}
                        </Table.Td>
                        <Table.Td ta="right" className="numeric">
                          {c?.comparison.includedCount ? `${percent(c.comparison.mean)} (${c.comparison.includedCount})` : '—'}
                          {c?.difference !== null && c?.difference !== undefined && (
                            <Text span size="xs" c="dimmed" display="block">
                              partners {points(c.difference)}
                            </Text>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Text size="xs" c="dimmed" mt={4}>
              Partner and comparison school columns are the mean of each school&apos;s %, each school counted once (number of schools in brackets). Comparison
              schools are the schools shown without a partnership.
              {partnerCount === r.schools.length
                ? ' Every school shown has a partnership, so there are no comparison schools to read the partners against.'
                : ''}
            </Text>
          </section>

          <section aria-labelledby="network-schools">
            <Group justify="space-between" align="flex-end" mb="xs" wrap="wrap">
              <Title order={2} fz="h3" id="network-schools">
                By school
              </Title>
              <ExportButtons table={table} label="the school table" />
            </Group>
            <Text fw={600} mb="xs" aria-live="polite" data-testid="results-count">
              {plural(schools.length, 'school')}
              {district ? ' in this district' : ''}
            </Text>
            <Table.ScrollContainer minWidth={760} type="native">
              <Table striped highlightOnHover className="data-table results-table" data-testid="network-results">
                <caption className="visually-hidden">
                  Schools by {what}, sorted by {sort} {order === 'asc' ? 'ascending' : 'descending'}
                </caption>
                <Table.Thead>
                  <Table.Tr>
                    {header('name', 'School')}
                    {header('district', 'District')}
                    {header('support', 'Support')}
                    {r.years.map((y) =>
                      y === latest ? (
                        <Fragment key={y}>{header('latest', y, true)}</Fragment>
                      ) : (
                        <Table.Th scope="col" ta="right" key={y}>
                          {y}
                        </Table.Th>
                      ),
                    )}
                    {header('growth', 'Growth', true)}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {schools.map((s) => (
                    <Table.Tr key={s.id} data-school={s.name}>
                      <Table.Th scope="row" fw={500}>
                        <Anchor
                          component={Link}
                          to={`/schools/${s.id}/results?subject=${subject}${grade !== 'all' ? `&grade=${grade}` : ''}${group !== 'all' ? `&group=${group}` : ''}`}
                          fw={600}
                        >
                          {s.name}
                        </Anchor>
                      </Table.Th>
                      <Table.Td>{s.district.name}</Table.Td>
                      <Table.Td>
                        {s.supportLevel ? (
                          SUPPORT_LABELS[s.supportLevel]
                        ) : (
                          <Text size="sm" c="dimmed">
                            No partnership
                          </Text>
                        )}
                      </Table.Td>
                      {r.years.map((y) => (
                        <Table.Td key={y} ta="right" className="numeric">
                          {percent(s.byYear[y]?.pctMetOrAbove)}
                          <Text span size="xs" c="dimmed" display="block">
                            n={tally(s.byYear[y]?.tested)}
                          </Text>
                        </Table.Td>
                      ))}
                      <Table.Td ta="right" className={`numeric ${changeClass(s.growth) ?? ''}`} data-testid="growth">
                        {points(s.growth)}
                        {s.growthFrom && s.growthTo && (
                          <Text span size="xs" c="dimmed" display="block">
                            {s.growthFrom}→{s.growthTo}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </section>
        </>
      )}
    </Stack>
  );
}
