// The audit log: recent writes (who, when, what changed), optionally for one object such as a school.
import { Anchor, Button, Code, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { get, query } from '../api';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, ErrorMessage, Loading, NotFound } from '../components/PageState';
import { dateTime, plural } from '../format';
import { useSignedIn } from '../session';
import type { AuditEntry } from '../types';

const KINDS = ['school', 'team', 'person', 'membership', 'organization', 'district'];
const IGNORED = new Set(['version', 'updated_at', 'created_at', 'password_hash']);

/** The fields an entry changed, written "enrollment: 520 → 540". */
function changes(entry: AuditEntry): string[] {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !IGNORED.has(k) && !k.endsWith('_id') && k !== 'id');
  const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  if (!entry.before) return keys.map((k) => `${k}: ${show(after[k])}`);
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => `${k}: ${show(before[k])} → ${show(after[k])}`);
}

export default function AuditPage() {
  const session = useSignedIn();
  const [params, setParams] = useSearchParams();
  const objectKind = params.get('objectKind') ?? '';
  const objectId = params.get('objectId') ?? '';
  const name = params.get('name');
  const [kindDraft, setKindDraft] = useState(objectKind);
  const [idDraft, setIdDraft] = useState(objectId);
  const entries = useQuery({
    queryKey: ['audit', objectKind, objectId],
    queryFn: () => get<AuditEntry[]>(`/api/audit${query({ objectKind, objectId, limit: '200' })}`),
    enabled: session.can.readAudit,
  });

  if (!session.can.readAudit) return <NotFound what="Page" message="The audit log needs the organization admin or network director role." />;
  const filtered = Boolean(objectKind || objectId);

  return (
    <Stack gap="lg">
      <div>
        <PageHeading>{name ? `History of ${name}` : 'Audit log'}</PageHeading>
        <Text c="dimmed" mt={4}>
          Every change in Trellis is recorded here: who made it, when, and what it changed. The newest come first.
        </Text>
      </div>
      <form
        className="no-print"
        role="search"
        aria-label="Filter the audit log"
        onSubmit={(e) => {
          e.preventDefault();
          setParams(Object.fromEntries(Object.entries({ objectKind: kindDraft, objectId: idDraft.trim() }).filter(([, v]) => v)));
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <NativeSelect label="Kind of object" value={kindDraft} onChange={(e) => setKindDraft(e.currentTarget.value)} data={[{ value: '', label: 'Any' }, ...KINDS.map((k) => ({ value: k, label: k }))]} w={200} />
          <TextInput label="Object id" placeholder="Paste an id" value={idDraft} onChange={(e) => setIdDraft(e.currentTarget.value)} w={340} />
          <Button type="submit" variant="default">
            Show
          </Button>
          {filtered && (
            <Button
              variant="subtle"
              onClick={() => {
                setKindDraft('');
                setIdDraft('');
                setParams({});
              }}
            >
              Show everything
            </Button>
          )}
        </Group>
      </form>
      {objectKind === 'school' && objectId && (
        <Text size="sm">
          <Anchor component={Link} to={`/schools/${objectId}`}>
            Back to {name ?? 'the school'}
          </Anchor>
        </Text>
      )}
      {entries.isPending ? (
        <Loading what="the audit log" />
      ) : entries.isError ? (
        <ErrorMessage error={entries.error} title="Could not load the audit log" />
      ) : entries.data.length === 0 ? (
        <EmptyState title="No changes recorded">{filtered ? 'Nothing has changed on this object yet.' : 'Changes appear here as people use Trellis.'}</EmptyState>
      ) : (
        <>
          <Text fw={600}>{entries.data.length >= 200 ? 'The latest 200 entries' : plural(entries.data.length, 'entry', 'entries')}</Text>
          <Table.ScrollContainer minWidth={760} type="native">
            <Table striped verticalSpacing="xs">
              <caption className="visually-hidden">Audit log entries, newest first</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">When</Table.Th>
                  <Table.Th scope="col">Who</Table.Th>
                  <Table.Th scope="col">What</Table.Th>
                  <Table.Th scope="col">Object</Table.Th>
                  <Table.Th scope="col">Changes</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.data.map((e) => {
                  const changed = changes(e);
                  return (
                    <Table.Tr key={e.id}>
                      <Table.Td className="nowrap">{dateTime(e.at)}</Table.Td>
                      <Table.Td>{e.actor_name ?? 'Trellis'}</Table.Td>
                      <Table.Td>
                        <Code>{e.action}</Code>
                      </Table.Td>
                      <Table.Td>
                        {e.object_kind === 'school' ? (
                          <Anchor component={Link} to={`/schools/${e.object_id}`} size="sm">
                            school
                          </Anchor>
                        ) : (
                          <Text size="sm">{e.object_kind}</Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        {changed.length === 0 ? (
                          <Text size="sm" c="dimmed">
                            —
                          </Text>
                        ) : (
                          <Text size="sm" className="changes">
                            {changed.slice(0, 6).join('; ')}
                            {changed.length > 6 ? `; and ${changed.length - 6} more` : ''}
                          </Text>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}
