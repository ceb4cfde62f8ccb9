// One domain's indicators with their level descriptors side by side: indicators as rows, levels as columns.
import { Badge, Group, Table, Text } from '@mantine/core';
import type { Framework, FrameworkDomain } from '../../../src/domain/framework';

export function EquityTag() {
  return (
    <Badge variant="outline" color="grape.9" tt="none" size="sm" className="equity-tag">
      Equity
    </Badge>
  );
}

export function DescriptorTable({ framework, domain }: { framework: Framework; domain: FrameworkDomain }) {
  return (
    <Table.ScrollContainer minWidth={720} type="native">
      <Table withTableBorder withColumnBorders verticalSpacing="xs" className="data-table descriptor-table">
        <caption className="visually-hidden">{domain.name}: what each level looks like for each indicator</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w="22%">
              Indicator
            </Table.Th>
            {framework.levels.map((l) => (
              <Table.Th scope="col" key={l.value}>
                {l.value} {l.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {domain.indicators.map((i) => (
            <Table.Tr key={i.key}>
              <Table.Th scope="row" fw={600}>
                {i.name}
                <Group gap={4} mt={4}>
                  <Text size="xs" c="dimmed">
                    {i.kind === 'system' ? 'System' : 'Practice'}
                  </Text>
                  {i.tags.includes('equity') && <EquityTag />}
                  {i.tags
                    .filter((t) => t !== 'equity')
                    .map((t) => (
                      <Badge key={t} variant="outline" color="gray.8" tt="none" size="sm">
                        {t}
                      </Badge>
                    ))}
                </Group>
              </Table.Th>
              {framework.levels.map((l) => (
                <Table.Td key={l.value}>
                  <Text size="sm">{i.levels.find((x) => x.level === l.value)?.descriptor ?? '—'}</Text>
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
