// One school's ratings over time: indicators (by domain) down the side, reviews across in date order, each cell its level.
import { Anchor, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { Link, useParams } from 'react-router';
import { HeatmapLegend } from '../components/HeatmapLegend';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, Loading, LoadFailure } from '../components/PageState';
import { day, levelClass } from '../review-format';
import { schoolHeatmapQuery } from '../queries/reviews';
import { schoolQuery } from '../queries/network';

export default function HeatmapPage() {
  const { id = '' } = useParams();
  const school = useQuery(schoolQuery(id));
  const heatmap = useQuery(schoolHeatmapQuery(id));

  if (school.isPending || heatmap.isPending) return <Loading what="the heatmap" />;
  if (school.isError) return <LoadFailure error={school.error} what="School" />;
  if (heatmap.isError) return <LoadFailure error={heatmap.error} what="Heatmap" />;
  const s = school.data;
  const h = heatmap.data;
  const levels = h.framework.levels;
  const domains = [...new Set(h.rows.map((r) => r.domainName))];

  return (
    <Stack gap="md">
      <div>
        <Anchor component={Link} to={`/schools/${s.id}`} size="sm" className="no-print">
          ← {s.name}
        </Anchor>
        <PageHeading mt={4}>{`${s.name}: ratings over time`}</PageHeading>
        <Text c="dimmed">
          {h.framework.name}, version {h.framework.version}
        </Text>
      </div>

      <HeatmapLegend levels={levels} />

      {h.columns.length === 0 ? (
        <EmptyState title="No reviews yet">Once this school has a review on the {h.framework.name}, its levels appear here.</EmptyState>
      ) : (
        <div className="heatmap-scroll">
          <table className="heatmap">
            <caption>
              The level that counts for each indicator (consensus, else external, else self) in each review of {s.name}, oldest review first. Each cell shows
              the level number; a dash means the indicator was not rated in that review.
            </caption>
            <thead>
              <tr>
                <th scope="col" className="heat-indicator">
                  Indicator
                </th>
                {h.columns.map((c) => (
                  <th scope="col" key={c.id} className="heat-column">
                    <Anchor component={Link} to={`/reviews/${c.id}`} size="sm">
                      {c.label}
                    </Anchor>
                    <span className="heat-date">{day(c.date)}</span>
                  </th>
                ))}
              </tr>
            </thead>
            {domains.map((d) => (
              <tbody key={d}>
                <tr className="heat-domain">
                  <th scope="colgroup" colSpan={h.columns.length + 1}>
                    {d}
                  </th>
                </tr>
                {h.rows
                  .filter((r) => r.domainName === d)
                  .map((r) => (
                    <tr key={r.indicatorKey}>
                      <th scope="row" className="heat-indicator">
                        {r.name}
                        {r.equity && <span className="equity-mark"> · Equity</span>}
                      </th>
                      {r.cells.map((v, i) => (
                        <Fragment key={h.columns[i]!.id}>
                          <td className={`heat-cell ${levelClass(levels, v)}`}>
                            {v === null ? (
                              <span role="img" aria-label="not rated">
                                —
                              </span>
                            ) : (
                              v
                            )}
                          </td>
                        </Fragment>
                      ))}
                    </tr>
                  ))}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </Stack>
  );
}
