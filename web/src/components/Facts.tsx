// A short list of labelled facts (a description list), laid out in columns on wide screens.
import { SimpleGrid, Text } from '@mantine/core';

export function Facts({ items }: { items: [string, React.ReactNode][] }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 2, sm: 3, lg: 5 }} spacing="md" verticalSpacing="sm" className="facts">
      {items.map(([label, value]) => (
        <div key={label}>
          <Text component="dt" size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.4}>
            {label}
          </Text>
          <Text component="dd" fw={500} m={0}>
            {value}
          </Text>
        </div>
      ))}
    </SimpleGrid>
  );
}
