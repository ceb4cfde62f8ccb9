// A results page's trend: this school or district against its district and the state, as a line chart and a table.
import { Group, Table, Text, Title } from '@mantine/core';
import type { ExportTable } from '../../export';
import { cell, changeClass, percent, points, tally } from '../../results-format';
import { plotted, roundedPoints, SERIES_COLORS, sourceOf, type ResultsView, type TrendYear } from '../../results-view';
import { ExportButtons } from '../ExportButtons';
import { EmptyState } from '../PageState';
import { Plot, PlotFigure } from '../PlotFigure';

const DASH: Record<string, string | undefined> = { own: undefined, district: '6 4', state: '2 3' };
const colorOf = (key: string) => SERIES_COLORS[key as keyof typeof SERIES_COLORS];

export function ResultsTrend({ view, trend }: { view: ResultsView; trend: TrendYear[] }) {
  const { r, kind, years, what, notes, slug, sources } = view;
  const e = r.entity;
  const series = [
    { key: 'own', name: e.name, rows: trend.map((t) => ({ year: t.year, pct: plotted(t.own?.pctMetOrAbove) })) },
    ...(kind === 'school'
      ? [
          {
            key: 'district',
            name: `${e.district?.name ?? 'District'} (all students)`,
            rows: trend.map((t) => ({ year: t.year, pct: plotted(t.district?.pctMetOrAbove) })),
          },
        ]
      : []),
    { key: 'state', name: 'State (all students)', rows: trend.map((t) => ({ year: t.year, pct: plotted(t.state?.pctMetOrAbove) })) },
  ].filter((s) => s.rows.some((p) => !Number.isNaN(p.pct)));
  const summary = `Line chart of the percentage at or above standard, ${what}, ${years[0]} to ${years[years.length - 1]}. ${series
    .map((s) => `${s.name}: ${s.rows.map((p) => (Number.isNaN(p.pct) ? `${p.year} not shown` : `${p.year} ${p.pct.toFixed(1)}%`)).join(', ')}`)
    .join('. ')}. The figures are in the table below.`;
  const key = series.map((s) => ({ label: s.name, color: colorOf(s.key), dash: DASH[s.key] }));
  const chart: Plot.PlotOptions = {
    height: 260,
    x: { type: 'point', label: null, domain: years, padding: 0.3 },
    y: { domain: [0, 100], grid: true, label: '% at or above standard', ticks: 5 },
    marks: series.flatMap((s) => [
      Plot.lineY(s.rows, { x: 'year', y: 'pct', stroke: colorOf(s.key), strokeWidth: s.key === 'own' ? 3 : 2, strokeDasharray: DASH[s.key] }),
      Plot.dot(
        s.rows.filter((p) => !Number.isNaN(p.pct)),
        { x: 'year', y: 'pct', fill: colorOf(s.key), r: s.key === 'own' ? 4 : 3 },
      ),
    ]),
  };
  const table = (): ExportTable => ({
    fileName: slug('trend'),
    sheet: 'Trend',
    notes,
    columns: [
      'Year',
      'Students tested',
      '% at or above standard',
      'Change from year before (pts)',
      ...(kind === 'school' ? ['District %', 'vs district (pts)'] : []),
      'State %',
      'vs state (pts)',
      'Source',
    ],
    rows: trend.map((t) => [
      t.year,
      cell(t.own?.tested),
      cell(t.own?.pctMetOrAbove),
      roundedPoints(t.change),
      ...(kind === 'school' ? [cell(t.district?.pctMetOrAbove), roundedPoints(t.vsDistrict)] : []),
      cell(t.state?.pctMetOrAbove),
      roundedPoints(t.vsState),
      sourceOf(t.own, sources),
    ]),
  });

  return (
    <section aria-labelledby="trend-heading" className="print-section">
      <Group justify="space-between" align="flex-end" mb="xs" wrap="wrap">
        <Title order={2} fz="h3" id="trend-heading">
          Trend: {what}
        </Title>
        <ExportButtons table={table} label="the trend table" />
      </Group>
      {years.length === 0 ? (
        <EmptyState title="No results for this choice">Try another subject or grade.</EmptyState>
      ) : (
        <>
          <PlotFigure options={chart} summary={summary} lines={key} />
          <Table.ScrollContainer minWidth={720} type="native">
            <Table striped className="data-table results-table" data-testid="trend-table">
              <caption>% at or above standard by year. Change is in percentage points from the year before; district and state are all students.</caption>
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
  );
}
