// The audit log: who changed what and when, in words, filtered by kind of change, school, person and dates,
// a page at a time; the filters live in the address.
import { Anchor, Button, Code, Group, List, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { AuditFilterForm, dateRangeProblem, EMPTY_FILTERS, hasFilters, PAGE_SIZES, type AuditFilterValues } from '../components/AuditFilterForm';
import { PageHeading } from '../components/PageHeading';
import { auditFiltersQuery, auditQuery, type AuditAnswer, type AuditEntry as Entry } from '../queries/people';
import { EmptyState, ErrorMessage, Loading, NotFound } from '../components/PageState';
import { count, dateTime } from '../format';
import { useFilters } from '../search-params';
import { useSignedIn } from '../session';

const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

function EntryRow({ entry }: { entry: Entry }) {
  const { object } = entry;
  return (
    <Table.Tr data-testid="audit-entry">
      <Table.Td className="nowrap">{dateTime(entry.at)}</Table.Td>
      <Table.Td>{entry.actor?.name ?? 'Trellis'}</Table.Td>
      <Table.Td>
        {object.link ? (
          <Anchor component={Link} to={object.link} size="sm">
            {object.label}
          </Anchor>
        ) : (
          <Text size="sm" span>
            {object.label}
          </Text>
        )}
        <Text size="sm" c="dimmed">
          {entry.actionWords}
        </Text>
      </Table.Td>
      <Table.Td>
        {entry.changes.length === 0 ? (
          <Text size="sm" c="dimmed">
            No fields to show
          </Text>
        ) : (
          <List size="sm" spacing={2} className="changes">
            {entry.changes.map((c) => (
              <List.Item key={`${c.where ?? ''}\u0000${c.field}\u0000${c.text}`}>{c.text}</List.Item>
            ))}
          </List>
        )}
        {(entry.before !== null || entry.after !== null) && (
          <details className="audit-record no-print">
            <summary>Show the full record</summary>
            <Text size="xs" fw={600} mt={4}>
              Before
            </Text>
            <Code block>{entry.before === null ? 'nothing' : JSON.stringify(entry.before, null, 2)}</Code>
            <Text size="xs" fw={600} mt={4}>
              After
            </Text>
            <Code block>{entry.after === null ? 'nothing' : JSON.stringify(entry.after, null, 2)}</Code>
          </details>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

export default function AuditPage() {
  const session = useSignedIn();
  const [params, update] = useFilters();
  // Older links name one object; a school's link shows everything about the school.
  const objectKind = params.get('objectKind') ?? '';
  const objectId = params.get('objectId') ?? '';
  const schoolLink = objectKind === 'school' && objectId;
  const filters: AuditFilterValues = {
    kind: params.get('kind') ?? '',
    school: params.get('school') ?? (schoolLink ? objectId : ''),
    person: params.get('person') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    size: PAGE_SIZES.includes(params.get('size') ?? '') ? params.get('size')! : EMPTY_FILTERS.size,
  };
  const page = Math.max(1, Number(params.get('page')) || 1);
  const size = Number(filters.size);
  const rangeProblem = dateRangeProblem(filters.from, filters.to);
  const oneObject = !schoolLink && objectKind && objectId ? { objectKind, objectId } : {};

  const choices = useQuery({ ...auditFiltersQuery(), enabled: session.can.readAudit });
  const entries = useQuery({
    ...auditQuery({
      ...oneObject,
      kind: filters.kind,
      school: filters.school,
      person: filters.person,
      from: filters.from,
      to: filters.to,
      timeZone: filters.from || filters.to ? timeZone : '',
      limit: String(size),
      offset: String((page - 1) * size),
    }),
    enabled: session.can.readAudit && !rangeProblem,
    placeholderData: keepPreviousData,
  });

  if (!session.can.readAudit) return <NotFound what="Page" message="The audit log needs the organization admin or network director role." />;
  const schoolName = choices.data?.schools.find((s) => s.id === filters.school)?.name;
  const apply = (v: AuditFilterValues) =>
    update({ ...v, size: v.size === EMPTY_FILTERS.size ? null : v.size, page: null, objectKind: null, objectId: null, name: null });
  const filtered = hasFilters(filters) || Boolean(oneObject.objectId);

  return (
    <Stack gap="lg">
      <div>
        <PageHeading>{schoolName ? `History of ${schoolName}` : params.get('name') ? `History of ${params.get('name')}` : 'Audit log'}</PageHeading>
        <Text c="dimmed" mt={4}>
          Every change in Trellis is recorded here: who made it, when, and what it changed. The newest come first.
        </Text>
      </div>
      <AuditFilterForm value={filters} choices={choices.data} onApply={apply} />
      {filters.school && schoolName && (
        <Text size="sm">
          <Anchor component={Link} to={`/schools/${filters.school}`}>
            Back to {schoolName}
          </Anchor>
        </Text>
      )}
      {rangeProblem ? (
        <ErrorMessage error={new Error(rangeProblem)} title="Those dates cannot be shown" />
      ) : entries.isPending ? (
        <Loading what="the audit log" />
      ) : entries.isError ? (
        <ErrorMessage error={entries.error} title="Could not load the audit log" />
      ) : entries.data.total === 0 ? (
        <EmptyState title="No changes recorded">{filtered ? 'Nothing matches these filters.' : 'Changes appear here as people use Trellis.'}</EmptyState>
      ) : (
        <Results answer={entries.data} page={page} size={size} onPage={(p) => update({ page: p === 1 ? null : String(p) })} />
      )}
    </Stack>
  );
}

function Results({ answer, page, size, onPage }: { answer: AuditAnswer; page: number; size: number; onPage: (page: number) => void }) {
  const first = (page - 1) * size + 1;
  const last = first + answer.entries.length - 1;
  const pages = Math.max(1, Math.ceil(answer.total / size));
  const pager = (
    <Group justify="space-between" className="no-print">
      <Text fw={600} aria-live="polite" data-testid="audit-range">
        {answer.entries.length === 0
          ? `No entries on this page, of ${count(answer.total)}`
          : answer.total === 1
            ? '1 change'
            : `Showing ${count(first)}–${count(last)} of ${count(answer.total)} changes`}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" disabled={page <= 1} onClick={() => onPage(Math.min(page - 1, pages))}>
          Previous
        </Button>
        <Button variant="default" size="xs" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          Next
        </Button>
      </Group>
    </Group>
  );
  return (
    <>
      {pager}
      <Table.ScrollContainer minWidth={760} type="native">
        <Table striped verticalSpacing="xs" className="audit-table">
          <caption className="visually-hidden">Audit log entries, newest first</caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">When</Table.Th>
              <Table.Th scope="col">Who</Table.Th>
              <Table.Th scope="col">What</Table.Th>
              <Table.Th scope="col">Changes</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {answer.entries.map((e) => (
              <EntryRow key={e.id} entry={e} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {answer.entries.length > 10 && pager}
    </>
  );
}
