// The audit log's filters: kind of change, school and person by name, a date range checked before it is asked for, and the page size.
import { Button, Group, NativeSelect, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { AuditFilters } from '../queries/people';

export interface AuditFilterValues {
  kind: string;
  school: string;
  person: string;
  from: string;
  to: string;
  size: string;
}

export const PAGE_SIZES = ['25', '50', '100'];
export const EMPTY_FILTERS: AuditFilterValues = { kind: '', school: '', person: '', from: '', to: '', size: '50' };

/** Whether any filter narrows the log; the page size does not. */
export function hasFilters(values: AuditFilterValues): boolean {
  return Object.entries(values).some(([k, v]) => k !== 'size' && v);
}

/** A refusal in words for a range that cannot be, or null. */
export function dateRangeProblem(from: string, to: string): string | null {
  return from && to && to < from ? '“To” is before “From”; choose a day on or after the “From” date.' : null;
}

export function AuditFilterForm({
  value,
  choices,
  onApply,
}: {
  value: AuditFilterValues;
  choices: AuditFilters | undefined;
  onApply: (v: AuditFilterValues) => void;
}) {
  const [draft, setDraft] = useState(value);
  const [problem, setProblem] = useState<string | null>(null);
  // The address is the truth: going back or opening a link shows its filters.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the filters' values, not the object holding them, say when the address changed.
  useEffect(() => setDraft(value), [value.kind, value.school, value.person, value.from, value.to, value.size]);
  const set = (k: keyof AuditFilterValues) => (e: { currentTarget: { value: string } }) => {
    const v = e.currentTarget.value;
    setDraft((d) => ({ ...d, [k]: v }));
    setProblem(null);
  };
  const any = hasFilters(value);

  return (
    // biome-ignore lint/a11y/useSemanticElements: a form with the search role is the landmark every screen reader knows; the <search> element is newer.
    <form
      className="no-print"
      role="search"
      aria-label="Filter the audit log"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const wrong = dateRangeProblem(draft.from, draft.to);
        setProblem(wrong);
        if (!wrong) onApply(draft);
      }}
    >
      <Group align="flex-start" wrap="wrap">
        <NativeSelect
          label="Kind of change"
          value={draft.kind}
          onChange={set('kind')}
          data={[{ value: '', label: 'Any kind' }, ...(choices?.kinds ?? [])]}
          w={200}
        />
        <NativeSelect
          label="School"
          value={draft.school}
          onChange={set('school')}
          data={[{ value: '', label: 'Any school' }, ...(choices?.schools ?? []).map((s) => ({ value: s.id, label: s.name }))]}
          w={230}
        />
        <NativeSelect
          label="Changed by"
          value={draft.person}
          onChange={set('person')}
          data={[{ value: '', label: 'Anyone' }, ...(choices?.people ?? []).map((p) => ({ value: p.id, label: p.name }))]}
          w={200}
        />
        <TextInput type="date" label="From" value={draft.from} onChange={set('from')} w={160} />
        <TextInput type="date" label="To" value={draft.to} onChange={set('to')} w={160} error={problem} />
        <NativeSelect label="Per page" value={draft.size} onChange={set('size')} data={PAGE_SIZES} w={100} />
      </Group>
      <Group mt="sm">
        <Button type="submit" variant="default">
          Show
        </Button>
        {any && (
          <Button variant="subtle" onClick={() => onApply({ ...EMPTY_FILTERS, size: value.size })}>
            Show everything
          </Button>
        )}
      </Group>
    </form>
  );
}
