// Every school's annual outcomes and plan progress in one table, filterable by district, coach and outcome type.
import { Anchor, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useFilters } from '../search-params';
import { ExportButtons } from '../components/ExportButtons';
import { PageHeading } from '../components/PageHeading';
import { districtListQuery } from '../queries/network';
import { EmptyState, ErrorMessage, Loading } from '../components/PageState';
import { StatusBadge } from '../components/StatusBadge';
import { fileSlug, type ExportTable } from '../export';
import { plural } from '../format';
import { currentSchoolYear } from '../../../src/domain/school-year';
import { STATUS_LABELS, yearLabel } from '../plan-format';
import { networkPlansQuery } from '../queries/plans';

const OUTCOME_STATUS = { draft: 'Draft', approved: 'Approved' } as const;

export default function NetworkPlansPage() {
  const [params, update] = useFilters();
  const thisYear = currentSchoolYear();
  const year = Number(params.get('year')) || thisYear;
  const district = params.get('district') ?? '';
  const coach = params.get('coach') ?? '';
  const type = params.get('type') ?? '';
  const status = params.get('status') ?? '';
  const plans = useQuery({ ...networkPlansQuery(year, district, coach, type), placeholderData: keepPreviousData });
  const districts = useQuery(districtListQuery());

  if (plans.isPending) return <Loading what="the plans" />;
  if (plans.isError) return <ErrorMessage error={plans.error} title="Could not load the plans" />;
  const n = plans.data;
  const rows = n.schools.filter((s) => !status || s.status === status);
  const counts = (['on_track', 'at_risk', 'off_track', 'no_data'] as const).map((s) => [s, n.schools.filter((x) => x.status === s).length] as const);

  const table = (): ExportTable => ({
    fileName: fileSlug('plans', n.yearLabel),
    sheet: `Plans ${n.yearLabel}`,
    notes: [`Annual outcomes and plan progress, ${n.yearLabel}. Goal status is computed from results and review ratings.`],
    columns: [
      'School',
      'District',
      'Coaches',
      'Outcomes',
      'Implementation outcomes',
      'Student outcomes',
      'Goals',
      'Met',
      'On track',
      'At risk',
      'Off track',
      'No data',
      'Plan status',
      'Last check-in',
    ],
    rows: rows.map((s) => [
      s.name,
      s.district.name,
      s.coaches.map((c) => c.name).join(', '),
      s.outcomes.status ? OUTCOME_STATUS[s.outcomes.status] : 'Not started',
      s.outcomes.implementation,
      s.outcomes.student,
      s.goals.total,
      s.goals.met,
      s.goals.onTrack,
      s.goals.atRisk,
      s.goals.offTrack,
      s.goals.noData,
      s.hasPlan ? STATUS_LABELS[s.status] : 'No plan',
      s.lastCheckin ? `${s.lastCheckin.on} ${STATUS_LABELS[s.lastCheckin.status]}` : null,
    ]),
  });

  return (
    <Stack gap="lg">
      <div>
        <PageHeading>{`Plans ${n.yearLabel}`}</PageHeading>
        <Text c="dimmed" mt={4}>
          Each partner school&apos;s annual outcomes and how its plan&apos;s goals are going, computed from results and review ratings.
          {n.unlistedWithoutPartnership > 0 &&
            ` Not listed: ${plural(n.unlistedWithoutPartnership, 'school')} without a partnership (comparison schools) and with no outcomes or plan for ${n.yearLabel}.`}
        </Text>
      </div>
      <Group align="flex-end" gap="md" wrap="wrap" className="no-print filters" role="group" aria-label="Filter plans">
        <NativeSelect
          label="School year"
          value={String(year)}
          onChange={(e) => update({ year: e.currentTarget.value === String(thisYear) ? null : e.currentTarget.value })}
          data={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: String(y), label: yearLabel(y) }))}
        />
        {(districts.data?.length ?? 0) > 1 && (
          <NativeSelect
            label="District"
            value={district}
            onChange={(e) => update({ district: e.currentTarget.value || null })}
            data={[{ value: '', label: 'All districts' }, ...(districts.data ?? []).map((d) => ({ value: d.id, label: d.name }))]}
          />
        )}
        {n.coaches.length > 0 && (
          <NativeSelect
            label="Partner coach"
            value={coach}
            onChange={(e) => update({ coach: e.currentTarget.value || null })}
            data={[{ value: '', label: 'All coaches' }, ...n.coaches.map((c) => ({ value: c.id, label: c.name }))]}
          />
        )}
        <NativeSelect
          label="Outcome type"
          value={type}
          onChange={(e) => update({ type: e.currentTarget.value || null })}
          data={[
            { value: '', label: 'Any' },
            { value: 'implementation', label: 'Has an implementation outcome' },
            { value: 'student', label: 'Has a student outcome' },
          ]}
        />
        <NativeSelect
          label="Plan status"
          value={status}
          onChange={(e) => update({ status: e.currentTarget.value || null })}
          data={[{ value: '', label: 'Any' }, ...counts.map(([s, c]) => ({ value: s, label: `${STATUS_LABELS[s]} (${c})` }))]}
        />
      </Group>

      <Group justify="space-between" align="flex-end" wrap="wrap">
        <Text fw={600} aria-live="polite" data-testid="plans-count">
          {plural(rows.length, 'school')} · {counts.map(([s, c]) => `${c} ${STATUS_LABELS[s].toLowerCase()}`).join(' · ')}
        </Text>
        <ExportButtons table={table} label="the plans table" />
      </Group>

      {rows.length === 0 ? (
        <EmptyState title="No schools match">Try another district, coach or status.</EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={880} type="native">
          <Table striped highlightOnHover className="data-table" data-testid="network-plans">
            <caption className="visually-hidden">Schools with their annual outcomes and plan status for {n.yearLabel}</caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">School</Table.Th>
                <Table.Th scope="col">Coaches</Table.Th>
                <Table.Th scope="col">Outcomes</Table.Th>
                <Table.Th scope="col">Goals</Table.Th>
                <Table.Th scope="col">Plan status</Table.Th>
                <Table.Th scope="col">Last check-in</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((s) => (
                <Table.Tr key={s.id} data-school={s.name}>
                  <Table.Th scope="row" fw={500}>
                    <Anchor component={Link} to={`/schools/${s.id}/plan?year=${year}`} fw={600}>
                      {s.name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {s.district.name}
                    </Text>
                  </Table.Th>
                  <Table.Td>{s.coaches.map((c) => c.name).join(', ') || '—'}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/schools/${s.id}/outcomes?year=${year}`} size="sm">
                      {s.outcomes.status ? OUTCOME_STATUS[s.outcomes.status] : 'Not started'}
                    </Anchor>
                    {s.outcomes.status && (
                      <Text size="xs" c="dimmed">
                        {s.outcomes.implementation} implementation, {s.outcomes.student} student
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {s.goals.total === 0 ? (
                      '—'
                    ) : (
                      <Text size="sm">
                        {s.goals.total}:{' '}
                        {[
                          ['met', s.goals.met],
                          ['on track', s.goals.onTrack],
                          ['at risk', s.goals.atRisk],
                          ['off track', s.goals.offTrack],
                          ['no data yet', s.goals.noData],
                        ]
                          .filter(([, c]) => Number(c) > 0)
                          .map(([l, c]) => `${c} ${l}`)
                          .join(', ')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {s.hasPlan ? (
                      <StatusBadge status={s.status} size="sm" />
                    ) : (
                      <Text size="sm" c="dimmed">
                        No plan
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td className="nowrap">
                    {s.lastCheckin ? (
                      <>
                        <Text size="sm">{s.lastCheckin.on}</Text>
                        <Text size="xs" c="dimmed">
                          {STATUS_LABELS[s.lastCheckin.status]}
                        </Text>
                      </>
                    ) : (
                      '—'
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
