// The network heatmap: every indicator down the side, the schools a person sees across, one school year at
// a time, each cell the level of the school's latest review that year; the median shows where the network stands.
import { Anchor, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ExportButtons } from '../components/ExportButtons';
import { HeatmapLegend } from '../components/HeatmapLegend';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, Loading, LoadFailure } from '../components/PageState';
import { fileSlug, type ExportTable } from '../export';
import { plural } from '../format';
import { yearLabel } from '../plan-format';
import { levelClass, medianLevel } from '../review-format';
import { networkHeatmapQuery } from '../queries/reviews';
import { useFilters } from '../search-params';

export default function NetworkHeatmapPage() {
  const [params, update] = useFilters();
  const data = useQuery(networkHeatmapQuery());

  if (data.isPending) return <Loading what="the heatmap" />;
  if (data.isError) return <LoadFailure error={data.error} what="Heatmap" />;
  const h = data.data;
  const levels = h.framework.levels;
  const latest = h.years[h.years.length - 1];
  const year = h.years.includes(Number(params.get('year'))) ? Number(params.get('year')) : latest;
  const yi = year === undefined ? -1 : h.years.indexOf(year);
  const districts = [...new Set(h.schools.map((s) => s.district))].sort((a, b) => a.localeCompare(b));
  const district = districts.includes(params.get('district') ?? '') ? params.get('district')! : '';
  const schools = h.schools
    .filter((s) => !district || s.district === district)
    .sort((a, b) => a.district.localeCompare(b.district) || a.name.localeCompare(b.name));
  const reviewed = schools.filter((s) => s.years[yi]?.reviewId);
  const domains = [...new Set(h.indicators.map((i) => i.domainName))];
  const levelAt = (s: (typeof schools)[number], index: number) => s.years[yi]?.levels?.[index] ?? null;
  const levelName = (v: number | null) => (v === null ? 'not rated' : `${v} ${levels.find((l) => l.value === v)?.label ?? ''}`.trim());

  const table = (): ExportTable => ({
    fileName: fileSlug('network heatmap', year === undefined ? '' : yearLabel(year), district),
    sheet: `Heatmap ${year === undefined ? '' : yearLabel(year)}`,
    notes: [
      `${h.framework.name}, version ${h.framework.version}, ${year === undefined ? '' : yearLabel(year)}: the level that counts for each indicator (consensus, else external, else self) in each school's latest review of the year. Empty: not rated.`,
    ],
    columns: ['Domain', 'Indicator', 'Equity', 'Median', ...schools.map((s) => s.name)],
    rows: h.indicators.map((ind, i) => [
      ind.domainName,
      ind.name,
      ind.equity ? 'yes' : '',
      medianLevel(reviewed.map((s) => levelAt(s, i))),
      ...schools.map((s) => levelAt(s, i)),
    ]),
  });

  return (
    <Stack gap="md">
      <div>
        <PageHeading>Review heatmap</PageHeading>
        <Text c="dimmed" mt={4}>
          {h.framework.name}, version {h.framework.version}: every indicator for each school you see, from the school&apos;s latest review in the year.
        </Text>
      </div>

      {h.years.length === 0 || year === undefined ? (
        <EmptyState title="No reviews yet">Once schools have reviews on the {h.framework.name}, their levels appear here side by side.</EmptyState>
      ) : (
        <>
          <Group align="flex-end" gap="md" wrap="wrap" className="no-print filters" role="group" aria-label="Choose the heatmap shown">
            <NativeSelect
              label="School year"
              value={String(year)}
              onChange={(e) => update({ year: e.currentTarget.value === String(latest) ? null : e.currentTarget.value })}
              data={[...h.years].reverse().map((y) => ({ value: String(y), label: yearLabel(y) }))}
            />
            {districts.length > 1 && (
              <NativeSelect
                label="District"
                value={district}
                onChange={(e) => update({ district: e.currentTarget.value || null })}
                data={[{ value: '', label: 'All districts' }, ...districts]}
              />
            )}
          </Group>

          <Group justify="space-between" align="flex-end" wrap="wrap">
            <Text fw={600} aria-live="polite" data-testid="heatmap-count">
              {plural(reviewed.length, 'school')} reviewed in {yearLabel(year)}
              {reviewed.length < schools.length ? `, ${schools.length - reviewed.length} not yet` : ''}
              {district ? ' in this district' : ''}
            </Text>
            <ExportButtons table={table} label="the heatmap" />
          </Group>

          <HeatmapLegend levels={levels} />

          <div className="heatmap-scroll">
            <table className="heatmap network-heatmap" data-testid="network-heatmap">
              <caption>
                The level that counts for each indicator (consensus, else external, else self) in each school&apos;s latest review of {yearLabel(year)}. Each
                cell shows the level number; a dash means not rated. The median is over the schools reviewed that year. A school name opens that review.
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="heat-indicator">
                    Indicator
                  </th>
                  <th scope="col" className="heat-school heat-median">
                    Median
                  </th>
                  {schools.map((s) => {
                    const reviewId = s.years[yi]?.reviewId;
                    return (
                      <th scope="col" key={s.id} className="heat-school">
                        {reviewId ? (
                          <Anchor component={Link} to={`/reviews/${reviewId}`} size="xs">
                            {s.name}
                          </Anchor>
                        ) : (
                          <Anchor component={Link} to={`/schools/${s.id}`} size="xs" c="dimmed">
                            {s.name}
                            <span className="visually-hidden"> (no review this year)</span>
                          </Anchor>
                        )}
                      </th>
                    );
                  })}
                </tr>
              </thead>
              {domains.map((d) => (
                <tbody key={d}>
                  <tr className="heat-domain">
                    <th scope="colgroup" colSpan={schools.length + 2}>
                      {d}
                    </th>
                  </tr>
                  {h.indicators.map((ind, i) => {
                    if (ind.domainName !== d) return null;
                    const median = medianLevel(reviewed.map((s) => levelAt(s, i)));
                    return (
                      <tr key={ind.key}>
                        <th scope="row" className="heat-indicator">
                          {ind.name}
                          {ind.equity && <span className="equity-mark"> · Equity</span>}
                        </th>
                        <td className={`heat-cell heat-median ${levelClass(levels, median)}`} title={`Median: ${levelName(median)}`}>
                          {median === null ? (
                            <span role="img" aria-label="not rated">
                              —
                            </span>
                          ) : (
                            median
                          )}
                        </td>
                        {schools.map((s) => {
                          const v = levelAt(s, i);
                          return (
                            <td key={s.id} className={`heat-cell ${levelClass(levels, v)}`} title={`${s.name}: ${levelName(v)}`}>
                              {v === null ? (
                                <span role="img" aria-label="not rated">
                                  —
                                </span>
                              ) : (
                                v
                              )}
                            </td>
                          );
                        })}
                      </tr>
                    );
                  })}
                </tbody>
              ))}
            </table>
          </div>
        </>
      )}
    </Stack>
  );
}
