// The review's indicators by domain, each with its self, external and consensus levels; the current one is marked.
import { Text, UnstyledButton } from '@mantine/core';
import type { Framework } from '../../../src/domain/framework';
import type { RatingRow } from '../queries/reviews';

interface Props {
  framework: Framework;
  ratings: RatingRow[];
  focus: string[];
  current: string;
  onPick: (key: string) => void;
}

const SHORT = { self: 'S', external: 'E', consensus: 'C' } as const;

export function IndicatorList({ framework, ratings, focus, current, onPick }: Props) {
  return (
    <nav aria-label="Indicators" className="indicator-list">
      {framework.domains.map((d) => (
        <div key={d.key}>
          <Text size="xs" fw={700} tt="uppercase" c="dimmed" mt="sm" mb={4} component="h2">
            {d.name}
          </Text>
          <ul>
            {d.indicators.map((i) => {
              const levels = (['self', 'external', 'consensus'] as const).map((s) => ({
                s,
                level: ratings.find((r) => r.indicatorKey === i.key && r.source === s)?.level ?? null,
              }));
              const spoken = levels.map((l) => `${l.s} ${l.level ?? 'not rated'}`).join(', ');
              return (
                <li key={i.key}>
                  <UnstyledButton className="indicator-link" aria-current={current === i.key ? 'step' : undefined} onClick={() => onPick(i.key)}>
                    <span className="indicator-link-name">
                      {focus.includes(i.key) && <span className="focus-mark">★ Focus · </span>}
                      {i.name}
                      {i.tags.includes('equity') && <span className="equity-mark"> · Equity</span>}
                    </span>
                    <span className="indicator-link-levels" aria-hidden>
                      {levels.map((l) => `${SHORT[l.s]} ${l.level ?? '—'}`).join('  ')}
                    </span>
                    <span className="visually-hidden">: {spoken}</span>
                  </UnstyledButton>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
