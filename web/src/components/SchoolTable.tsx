// The table of schools: sortable column headers that announce their order, and one row per school.
import { Anchor, Table, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import { gradeSpan } from '../../../src/domain/grades';
import { schoolYearRange } from '../../../src/domain/school-year';
import { coachDays, count, PHASE_LABELS, SUPPORT_LABELS } from '../format';
import type { SchoolRow, SchoolSort } from '../queries/network';

export type SortKey = SchoolSort;
export type SortOrder = 'asc' | 'desc';

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'name', label: 'School' },
  { key: 'district', label: 'District' },
  { key: 'grades', label: 'Grades' },
  { key: 'enrollment', label: 'Enrollment', numeric: true },
  { key: 'support', label: 'Support' },
  { key: 'start', label: 'Partnership' },
];

interface Props {
  schools: SchoolRow[];
  sort: SortKey;
  order: SortOrder;
  onSort?: (key: SortKey, order: SortOrder) => void;
  showDistrict?: boolean;
  caption: string;
}

export function SchoolTable({ schools, sort, order, onSort, showDistrict = true, caption }: Props) {
  const columns = COLUMNS.filter((c) => showDistrict || c.key !== 'district');
  return (
    <Table.ScrollContainer minWidth={640} type="native">
      <Table striped highlightOnHover verticalSpacing="sm" className="school-table">
        <caption className="visually-hidden">{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => {
              const active = sort === c.key;
              const ariaSort = active ? (order === 'asc' ? 'ascending' : 'descending') : 'none';
              return (
                <Table.Th key={c.key} aria-sort={onSort ? ariaSort : undefined} ta={c.numeric ? 'right' : undefined} scope="col" className={`col-${c.key}`}>
                  {onSort ? (
                    <UnstyledButton
                      className="sort-button"
                      data-active={active || undefined}
                      onClick={() => onSort(c.key, active && order === 'asc' ? 'desc' : 'asc')}
                    >
                      {c.label}
                      <span aria-hidden className="sort-arrow">
                        {active ? (order === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                    </UnstyledButton>
                  ) : (
                    c.label
                  )}
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {schools.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Th scope="row" fw={500}>
                <Anchor component={Link} to={`/schools/${s.id}`} fw={600} underline="hover">
                  {s.name}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {/* On narrow screens the district column is hidden and the district shows here instead. */}
                  {showDistrict && (
                    <span className="district-inline">
                      {s.districtName}
                      {s.city ? ' · ' : ''}
                    </span>
                  )}
                  {s.city}
                </Text>
              </Table.Th>
              {showDistrict && (
                <Table.Td className="col-district">
                  <Anchor component={Link} to={`/districts/${s.districtId}`} c="inherit" underline="hover">
                    {s.districtName}
                  </Anchor>
                </Table.Td>
              )}
              <Table.Td className="nowrap">{gradeSpan(s.gradeLow, s.gradeHigh)}</Table.Td>
              <Table.Td ta="right" className="numeric">
                {count(s.enrollment)}
              </Table.Td>
              <Table.Td>
                {s.supportLevel ? (
                  <>
                    <Text size="sm" fw={500}>
                      {SUPPORT_LABELS[s.supportLevel]}
                    </Text>
                    {s.coachDaysPerWeek !== null && (
                      <Text size="xs" c="dimmed">
                        {coachDays(s.coachDaysPerWeek)}
                      </Text>
                    )}
                  </>
                ) : (
                  <Text size="sm" c="dimmed">
                    No partnership
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {s.startYear !== null && s.endYear !== null ? (
                  <>
                    <Text size="sm" className="nowrap">
                      {schoolYearRange(s.startYear, s.endYear)}
                    </Text>
                    {s.phase && (
                      <Text size="xs" c="dimmed">
                        {PHASE_LABELS[s.phase]}
                      </Text>
                    )}
                  </>
                ) : (
                  <Text size="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
