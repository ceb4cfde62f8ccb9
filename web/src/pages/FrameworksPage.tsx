// The frameworks the organization can use: built-in rubrics and its own versions, published and draft.
import { Anchor, Badge, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, ErrorMessage, Loading } from '../components/PageState';
import { day } from '../review-format';
import { frameworkListQuery } from '../queries/frameworks';

export default function FrameworksPage() {
  const frameworks = useQuery(frameworkListQuery());

  return (
    <Stack gap="md">
      <div>
        <PageHeading>Frameworks</PageHeading>
        <Text c="dimmed" mt={4}>
          The rubrics schools and districts are rated on: domains, indicators, and a descriptor for every level.
        </Text>
      </div>
      {frameworks.isPending ? (
        <Loading what="frameworks" />
      ) : frameworks.isError ? (
        <ErrorMessage error={frameworks.error} title="Could not load the frameworks" />
      ) : frameworks.data.length === 0 ? (
        <EmptyState title="No frameworks yet">Frameworks appear here once they are imported.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={600} type="native">
          <Table striped verticalSpacing="sm" className="data-table">
            <caption className="visually-hidden">Frameworks, by name and version</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Framework</Table.Th>
                <Table.Th scope="col">For</Table.Th>
                <Table.Th scope="col" ta="right">
                  Version
                </Table.Th>
                <Table.Th scope="col">Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {frameworks.data.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Th scope="row" fw={400}>
                    <Anchor component={Link} to={`/frameworks/${f.id}`} fw={600} underline="hover">
                      {f.name}
                    </Anchor>
                    {f.builtIn && (
                      <Text size="xs" c="dimmed">
                        Built in
                      </Text>
                    )}
                  </Table.Th>
                  <Table.Td>{f.kind === 'school' ? 'Schools' : 'Districts'}</Table.Td>
                  <Table.Td ta="right" className="numeric">
                    {f.version}
                  </Table.Td>
                  <Table.Td>
                    {f.status === 'published' ? (
                      <Text size="sm">Published{f.publishedAt ? ` ${day(f.publishedAt)}` : ''}</Text>
                    ) : (
                      <Badge variant="outline" color="orange.9" tt="none">
                        Draft
                      </Badge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
