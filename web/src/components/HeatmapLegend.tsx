// The key to a heatmap's shades: each level of the framework's scale, and the mark for "not rated".
import { Group, Text } from '@mantine/core';
import { levelClass } from '../review-format';
import type { FrameworkLevel } from '../queries/frameworks';

export function HeatmapLegend({ levels }: { levels: readonly FrameworkLevel[] }) {
  return (
    <Group gap="sm" wrap="wrap" aria-label="Legend" role="group" className="heatmap-legend">
      <Text size="sm" fw={600}>
        Legend:
      </Text>
      {levels.map((l) => (
        <span key={l.value} className={`heat-swatch ${levelClass(levels, l.value)}`}>
          {l.value} {l.label}
        </span>
      ))}
      <span className="heat-swatch level-none">— not rated</span>
    </Group>
  );
}
