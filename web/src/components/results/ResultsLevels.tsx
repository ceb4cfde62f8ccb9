// A results page's performance levels: the share of students at each level, year by year, as stacked bars and a table.
import { Group, Table, Title } from '@mantine/core';
import type { ExportTable } from '../../export';
import { cell, percent, score } from '../../results-format';
import type { ResultsView, TrendYear } from '../../results-view';
import { ExportButtons } from '../ExportButtons';
import { Plot, PlotFigure } from '../PlotFigure';

const LEVEL_COLORS = ['#b5452f', '#e0a25c', '#6aa6cf', '#1f5a85'];

/** Nothing when no year of the trend reports its levels. */
export function ResultsLevels({ view, trend }: { view: ResultsView; trend: TrendYear[] }) {
  const { r, years, what, notes, slug } = view;
  const levelRows = trend.map((t) => ({ year: t.year, levels: t.own?.levelPercents ?? null, mean: t.own?.meanScaleScore ?? null, tested: t.own?.tested }));
  if (!levelRows.some((l) => l.levels)) return null;
  const data = levelRows
    .flatMap((l) =>
      (l.levels ?? []).map((p, i) => ({ year: l.year, level: r.levelLabels[i] ?? `Level ${i + 1}`, order: i, pct: typeof p === 'number' ? p : 0 })),
    )
    .filter((d) => d.pct > 0);
  const summary = `Stacked bars of the share of students at each performance level, ${what}. ${levelRows
    .map((l) => `${l.year}: ${l.levels ? l.levels.map((p, i) => `${r.levelLabels[i]} ${percent(p)}`).join(', ') : 'not reported'}`)
    .join('. ')}.`;
  const chart: Plot.PlotOptions = {
    height: 40 + 34 * years.length,
    marginLeft: 70,
    x: { domain: [0, 100], label: '% of students tested', grid: true },
    y: { domain: years, label: null },
    color: { domain: r.levelLabels, range: LEVEL_COLORS, legend: true },
    marks: [
      Plot.barX(data, Plot.stackX({ y: 'year', x: 'pct', fill: 'level', order: 'order', inset: 0.5 })),
      Plot.text(
        data.filter((d) => d.pct >= 8),
        Plot.stackX({
          y: 'year',
          x: 'pct',
          z: 'level',
          order: 'order',
          text: (d: { pct: number }) => `${Math.round(d.pct)}%`,
          fill: (d: { order: number }) => (d.order === 1 ? '#1d2125' : '#ffffff'),
        }),
      ),
    ],
  };
  const table = (): ExportTable => ({
    fileName: slug('levels'),
    sheet: 'Performance levels',
    notes,
    columns: ['Year', 'Students tested', ...r.levelLabels.map((l) => `${l} %`), 'Mean scale score'],
    rows: levelRows.map((l) => [l.year, cell(l.tested), ...r.levelLabels.map((_, i) => (l.levels ? cell(l.levels[i]) : null)), cell(l.mean)]),
  });

  return (
    <section aria-labelledby="levels-heading" className="print-section">
      <Group justify="space-between" align="flex-end" mb="xs" wrap="wrap">
        <Title order={2} fz="h3" id="levels-heading">
          Performance levels
        </Title>
        <ExportButtons table={table} label="the performance level table" />
      </Group>
      <PlotFigure options={chart} summary={summary} />
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
  );
}
