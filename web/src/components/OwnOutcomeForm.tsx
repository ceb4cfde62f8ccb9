// The team's own student-results outcome: a subject, grade and group whose baseline is read from the
// school's latest results (never typed), with the target the team sets.
import { Button, Card, Group, NativeSelect, NumberInput, Stack, Text, Textarea, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { LIMITS } from '../../../src/domain/limits';
import { outcomeKey, studentTargetFor, type StudentTarget } from '../../../src/domain/outcomes';
import { gradeLabel, subjectLabel } from '../results-format';
import { entityResultsQuery } from '../queries/results';

export function OwnOutcomeForm({
  schoolId,
  onAdd,
  disabled,
  taken,
}: {
  schoolId: string;
  onAdd: (target: StudentTarget, reason: string) => void;
  disabled: boolean /** Outcome keys already in the draft. */;
  taken: ReadonlySet<string>;
}) {
  const results = useQuery(entityResultsQuery('school', schoolId));
  const [choice, setChoice] = useState({ subject: 'ela', grade: 'all', group: 'all' });
  const [target, setTarget] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  if (!results.data || results.data.rows.length === 0) return null;
  const r = results.data;
  const rows = r.rows.filter(
    (x) => x.assessment === 'smarter-balanced' && x.subject === choice.subject && x.grade === choice.grade && x.group === choice.group,
  );
  const latest = rows.sort((a, b) => a.year.localeCompare(b.year)).pop();
  // A group under 11 students is shown to school staff but cannot be a published outcome: its figure is hidden from others.
  const small = typeof latest?.tested === 'number' && latest.tested < 11;
  const baseline = typeof latest?.pctMetOrAbove === 'number' && !small ? latest.pctMetOrAbove : null;
  const all = r.rows.find(
    (x) => x.assessment === 'smarter-balanced' && x.subject === choice.subject && x.grade === choice.grade && x.group === 'all' && x.year === latest?.year,
  );
  const suggested = baseline === null ? null : studentTargetFor(baseline, typeof all?.pctMetOrAbove === 'number' ? all.pctMetOrAbove : null);
  const goal = target ?? suggested;
  const label = r.groups.find((g) => g.code === choice.group)?.label ?? choice.group;
  const already = taken.has(
    outcomeKey({
      kind: 'student',
      subject: choice.subject,
      grade: choice.grade,
      group: choice.group,
      groupLabel: label,
      metric: 'pct_met_or_above',
      baseline: 0,
      baselineYear: '',
      target: 0,
    }),
  );
  const pick = (change: Partial<typeof choice>) => {
    setChoice({ ...choice, ...change });
    setTarget(null);
  };

  return (
    <Card withBorder padding="md">
      <Title order={3} fz="h5" mb={4}>
        Add the team&apos;s own student outcome
      </Title>
      <Stack gap="xs">
        <Group grow align="flex-start" wrap="wrap">
          <NativeSelect
            label="Subject"
            value={choice.subject}
            onChange={(e) => pick({ subject: e.currentTarget.value })}
            data={r.subjects.map((s) => ({ value: s, label: subjectLabel(s) }))}
          />
          <NativeSelect
            label="Grade"
            value={choice.grade}
            onChange={(e) => pick({ grade: e.currentTarget.value })}
            data={r.grades.map((g) => ({ value: g, label: gradeLabel(g) }))}
          />
          <NativeSelect
            label="Student group"
            value={choice.group}
            onChange={(e) => pick({ group: e.currentTarget.value })}
            data={r.groups.map((g) => ({ value: g.code, label: g.label }))}
          />
        </Group>
        <Text size="sm" data-testid="own-baseline">
          {baseline === null
            ? latest
              ? small
                ? `Fewer than 11 students in this group in ${latest.year}: too few to measure as an outcome that others can see.`
                : `The ${latest.year} figure for this group is hidden (*) or not reported, so it cannot be a measurable outcome.`
              : 'No result on file for this choice.'
            : `Baseline from the results: ${baseline}% at or above standard in ${latest!.year}.`}
        </Text>
        {baseline !== null && (
          <>
            <NumberInput
              label="Target, % at or above standard"
              description={`Suggested: ${suggested}% (a third of the gap to all students, at least 3 points)`}
              min={0}
              max={100}
              step={0.5}
              decimalScale={1}
              value={goal ?? ''}
              onChange={(v) => setTarget(typeof v === 'number' ? v : null)}
              w={280}
            />
            <Textarea
              label="Why this outcome"
              autosize
              minRows={2}
              maxLength={LIMITS.reason}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <Group>
              <Button
                variant="light"
                disabled={disabled || goal === null || goal <= baseline || already}
                onClick={() => {
                  onAdd(
                    {
                      kind: 'student',
                      subject: choice.subject,
                      grade: choice.grade,
                      group: choice.group,
                      groupLabel: label,
                      metric: 'pct_met_or_above',
                      baseline,
                      baselineYear: latest!.year,
                      target: goal!,
                    },
                    reason.trim(),
                  );
                  setReason('');
                }}
              >
                Add this outcome
              </Button>
              {goal !== null && goal <= baseline && <Text size="xs">The target must be above the baseline.</Text>}
              {already && <Text size="xs">This group, subject and grade is already an outcome.</Text>}
            </Group>
          </>
        )}
      </Stack>
    </Card>
  );
}
