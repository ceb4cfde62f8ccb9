// Every earlier import: when and by whom, its format and files, rows read and how it ended.
import { Badge, Table, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { matchSentence } from '../../../../src/domain/import-formats';
import { count, dateTime } from '../../format';
import { FORMAT_LABELS, interruptedSentence, statusOf } from '../../import-words';
import type { ImportList } from '../../queries/imports';
import { EmptyState, ErrorMessage, Loading } from '../PageState';

export function ImportHistory({ history }: { history: UseQueryResult<ImportList> }) {
  return (
    <section aria-labelledby="import-history">
      <Title order={2} fz="h3" id="import-history" mb="sm">
        Earlier imports
      </Title>
      {history.isPending ? (
        <Loading what="imports" />
      ) : history.isError ? (
        <ErrorMessage error={history.error} title="Could not load the imports" />
      ) : history.data.imports.length === 0 ? (
        <EmptyState title="No imports yet">Imports from this page and from the trellis import command are listed here.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={760} type="native">
          <Table striped className="data-table" data-testid="import-history">
            <caption className="visually-hidden">Imports, newest first</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Started</Table.Th>
                <Table.Th scope="col">By</Table.Th>
                <Table.Th scope="col">Format</Table.Th>
                <Table.Th scope="col">Files</Table.Th>
                <Table.Th scope="col" ta="right">
                  Rows
                </Table.Th>
                <Table.Th scope="col">Outcome</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.data.imports.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td className="nowrap">{dateTime(i.startedAt)}</Table.Td>
                  <Table.Td>{i.startedBy ?? '—'}</Table.Td>
                  <Table.Td>{i.format === 'generated' ? 'Generated (demo)' : FORMAT_LABELS[i.format]}</Table.Td>
                  <Table.Td>
                    {i.files.map((file) => (
                      <Text size="sm" key={file.name} className="changes">
                        {file.name}
                        {file.sha256 && (
                          <Text span size="xs" c="dimmed" className="mono" title={`SHA-256 ${file.sha256}`}>
                            {' '}
                            {file.sha256.slice(0, 12)}
                          </Text>
                        )}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td ta="right" className="numeric">
                    {count(i.rowsRead)}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={statusOf(i).color} variant="outline" tt="none">
                      {statusOf(i).label}
                    </Badge>
                    {i.status === 'interrupted' && (
                      <Text size="xs" c="dimmed" className="changes" data-testid="import-interrupted">
                        {interruptedSentence(i)}
                      </Text>
                    )}
                    {i.status === 'succeeded' && (
                      <Text size="xs" c="dimmed">
                        {count(i.rowsInserted)} new, {count(i.rowsUpdated)} changed, {count(i.rowsUnchanged)} unchanged
                        {i.matched && (
                          <>
                            <br />
                            {matchSentence(i.matched, i.files.length)}
                          </>
                        )}
                      </Text>
                    )}
                    {i.status === 'failed' && i.error && (
                      <Text size="xs" c="red.8" className="changes">
                        {i.error.message}
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}
