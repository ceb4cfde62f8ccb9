// A results page's student groups in one year: each group's % at or above standard and its gap to all students.
import { Group, Table, Title } from '@mantine/core';
import type { ExportTable } from '../../export';
import { cell, changeClass, gradeLabel, percent, points, subjectLabel, SUPPRESSION_NOTE, tally } from '../../results-format';
import { findRow, roundedPoints, SERIES_COLORS, sourceOf, type GroupYear, type ResultsView } from '../../results-view';
import { ExportButtons } from '../ExportButtons';
import { Plot, PlotFigure } from '../PlotFigure';

/** Nothing unless some group besides all students is reported. */
export function ResultsGroups({ view, groups }: { view: ResultsView; groups: GroupYear[] }) {
  const { r, f, years, year, slug, sources } = view;
  if (groups.length <= 1) return null;
  const e = r.entity;
  const yearIndex = years.indexOf(year);
  const all = findRow(r.rows, f, year, 'all');
  const shown = groups.filter((g) => typeof g.row?.pctMetOrAbove === 'number');
  const summary = `Bar chart of the percentage at or above standard by student group in ${year}, ${subjectLabel(f.subject)}, ${gradeLabel(f.grade).toLowerCase()}. ${shown
    .map((g) => `${g.label} ${percent(g.row?.pctMetOrAbove)}`)
    .join(', ')}.${groups.length > shown.length ? ` ${groups.length - shown.length} groups are not shown (*).` : ''}`;
  const chart: Plot.PlotOptions = {
    height: 30 + 26 * shown.length,
    marginLeft: 230,
    x: { domain: [0, 100], label: '% at or above standard', grid: true },
    y: { domain: shown.map((g) => g.label), label: null },
    marks: [
      Plot.barX(shown, {
        y: 'label',
        x: (g: GroupYear) => g.row!.pctMetOrAbove,
        fill: (g: GroupYear) => (g.code === 'all' ? SERIES_COLORS.state : SERIES_COLORS.own),
      }),
      Plot.text(shown, {
        y: 'label',
        x: (g: GroupYear) => g.row!.pctMetOrAbove,
        text: (g: GroupYear) => percent(g.row!.pctMetOrAbove),
        dx: 4,
        textAnchor: 'start',
      }),
      ...(typeof all?.pctMetOrAbove === 'number' ? [Plot.ruleX([all.pctMetOrAbove], { stroke: '#1d2125', strokeDasharray: '4 3' })] : []),
    ],
  };
  const table = (): ExportTable => ({
    fileName: slug(`groups ${year}`),
    sheet: `Groups ${year}`,
    notes: [
      `${e.name}: ${subjectLabel(f.subject)}, ${gradeLabel(f.grade).toLowerCase()}, ${year}. Gap is the group's % minus all students' %.`,
      SUPPRESSION_NOTE,
    ],
    columns: [
      'Student group',
      'Students tested',
      '% at or above standard',
      'Gap vs all students (pts)',
      `Change since ${years[yearIndex - 1] ?? 'year before'} (pts)`,
      'Source',
    ],
    rows: groups.map((g) => [
      g.label,
      cell(g.row?.tested),
      cell(g.row?.pctMetOrAbove),
      roundedPoints(g.gap),
      roundedPoints(g.change),
      sourceOf(g.row, sources),
    ]),
  });

  return (
    <section aria-labelledby="groups-heading" className="print-section">
      <Group justify="space-between" align="flex-end" mb="xs" wrap="wrap">
        <Title order={2} fz="h3" id="groups-heading">
          Student groups, {year}
        </Title>
        <ExportButtons table={table} label="the student group table" />
      </Group>
      <PlotFigure options={chart} summary={summary} caption="The dashed line is all students." />
      <Table.ScrollContainer minWidth={640} type="native">
        <Table striped className="data-table results-table" data-testid="groups-table">
          <caption>
            {subjectLabel(f.subject)}, {gradeLabel(f.grade).toLowerCase()}, {year}. The gap is the group&apos;s % minus all students&apos; %, in percentage
            points.
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
            {groups.map((g) => (
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
  );
}
