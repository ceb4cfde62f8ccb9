// The heading of a results page: the school or district, its district's results, its state code and years.
import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { EntityResults } from '../../queries/results';
import { PageHeading } from '../PageHeading';

export function ResultsHeader({ r, back }: { r: EntityResults; back: string }) {
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
