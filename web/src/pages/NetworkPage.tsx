// The home page: every school the person may see, with search, a district filter and sortable columns.
import { Button, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import { LIMITS } from '../../../src/domain/limits';
import { useFilters } from '../search-params';
import { PageHeading } from '../components/PageHeading';
import { EmptyState, ErrorMessage, Loading } from '../components/PageState';
import { SchoolTable, type SortKey, type SortOrder } from '../components/SchoolTable';
import { count, plural } from '../format';
import { useSignedIn } from '../session';
import { districtListQuery, schoolListQuery } from '../queries/network';

const SORTS: SortKey[] = ['name', 'district', 'grades', 'enrollment', 'support', 'start'];

export function NetworkPage() {
  const session = useSignedIn();
  // Filters live in the address, so a filtered view can be bookmarked, shared and reloaded.
  const [params, update] = useFilters();
  const district = params.get('district') ?? '';
  const sortParam = params.get('sort') as SortKey | null;
  const sort: SortKey = sortParam && SORTS.includes(sortParam) ? sortParam : 'name';
  const order: SortOrder = params.get('order') === 'desc' ? 'desc' : 'asc';
  const [search, setSearch] = useState(params.get('q') ?? '');
  const [q] = useDebouncedValue(search.trim(), 200);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only the debounced search text should write to the address.
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) update({ q: q || null });
  }, [q]);

  const districts = useQuery(districtListQuery());
  const schools = useQuery({ ...schoolListQuery({ q: q || undefined, district: district || undefined, sort, order }), placeholderData: keepPreviousData });

  const filtered = Boolean(q || district);
  const rows = schools.data ?? [];
  const students = rows.reduce((sum, s) => sum + (s.enrollment ?? 0), 0);
  const title = session.orgWide ? 'Network' : rows.length === 1 && !filtered ? 'Your school' : 'Your schools';

  return (
    <Stack gap="md">
      <div>
        <PageHeading>{title}</PageHeading>
        <Text c="dimmed" mt={4}>
          {session.orgWide
            ? `The schools of ${session.organization.name}: its partner schools, and any schools without a partnership that results compare them against.`
            : 'The schools your role includes.'}
        </Text>
      </div>

      <Group align="flex-end" gap="md" wrap="wrap" className="no-print filters" role="search" aria-label="Filter schools">
        <TextInput
          label="Search schools"
          description="By school, district, city or state code"
          placeholder="e.g. Maple Grove"
          type="search"
          maxLength={LIMITS.search}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', sm: 320 }}
        />
        {(districts.data?.length ?? 0) > 1 && (
          <NativeSelect
            label="District"
            description="Show one district"
            value={district}
            onChange={(e) => update({ district: e.currentTarget.value || null })}
            data={[{ value: '', label: 'All districts' }, ...(districts.data ?? []).map((d) => ({ value: d.id, label: d.name }))]}
            w={{ base: '100%', sm: 320 }}
          />
        )}
        {filtered && (
          <Button
            variant="subtle"
            onClick={() => {
              setSearch('');
              update({ q: null, district: null });
            }}
          >
            Clear filters
          </Button>
        )}
      </Group>

      {schools.isPending ? (
        <Loading what="schools" />
      ) : schools.isError ? (
        <ErrorMessage error={schools.error} title="Could not load the schools" />
      ) : (
        <>
          <Text fw={600} aria-live="polite" className="count-line" data-testid="school-count">
            {plural(rows.length, 'school')}, {count(students)} students{filtered ? ' match these filters' : ''}
          </Text>
          {rows.length === 0 ? (
            <EmptyState title={filtered ? 'No schools match' : 'No schools yet'}>
              {filtered
                ? 'Try a shorter search or another district.'
                : 'Schools appear here once they are added to the network, or when you are given a role at one.'}
            </EmptyState>
          ) : (
            <SchoolTable
              schools={rows}
              sort={sort}
              order={order}
              onSort={(key, o) => update({ sort: key === 'name' ? null : key, order: o === 'asc' ? null : o })}
              caption={`Schools, sorted by ${sort} ${order === 'asc' ? 'ascending' : 'descending'}`}
            />
          )}
        </>
      )}
    </Stack>
  );
}
