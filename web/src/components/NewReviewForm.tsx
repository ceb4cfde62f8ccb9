// Starting a review: a published framework of the right kind, the type, title, dates, participants and focus indicators.
import { ActionIcon, Alert, Button, Card, Group, MultiSelect, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { LIMITS } from '../../../src/domain/limits';
import { currentSchoolYear, schoolYearLabel } from '../../../src/domain/school-year';
import { ApiError } from '../api';
import { REVIEW_TYPE_LABELS } from '../review-format';
import { frameworkListQuery, frameworkQuery } from '../queries/frameworks';
import { createReview, reviewListQuery, type Participant, type ReviewType } from '../queries/reviews';
import { ReviewerPicker } from './ReviewerPicker';

interface Props {
  scope: 'school' | 'district';
  id: string;
  name: string;
  onCancel: () => void;
}

// A school year starts in July, so an autumn date belongs to the year that began that summer.
const now = new Date();
const thisSchoolYear = currentSchoolYear(() => now);
const today = now.toISOString().slice(0, 10);

const SCHOOL_TYPES: ReviewType[] = ['self_assessment', 'support_review', 'transformation_fall', 'transformation_spring'];

export function NewReviewForm({ scope, id, name, onCancel }: Props) {
  const client = useQueryClient();
  const navigate = useNavigate();
  const types: ReviewType[] = scope === 'school' ? SCHOOL_TYPES : ['district_review'];
  const frameworks = useQuery(frameworkListQuery());
  const usable = (frameworks.data ?? []).filter((f) => f.status === 'published' && f.kind === scope);
  const [frameworkId, setFrameworkId] = useState('');
  const chosen = frameworkId || usable[0]?.id || '';
  const detail = useQuery({ ...frameworkQuery(chosen), enabled: Boolean(chosen) });

  const [type, setType] = useState<ReviewType>(types[0]!);
  const [title, setTitle] = useState('');
  const [year, setYear] = useState(thisSchoolYear);
  const [startsOn, setStartsOn] = useState(today);
  const [endsOn, setEndsOn] = useState(today);
  const [participants, setParticipants] = useState<Participant[]>([{ name: '', role: '' }]);
  const [focus, setFocus] = useState<string[]>([]);
  const [reviewers, setReviewers] = useState<string[]>([]);
  // A self-assessment is the school's own view: it has no reviewers.
  const reviewed = type !== 'self_assessment';

  const create = useMutation({
    mutationFn: () =>
      createReview(scope, id, {
        frameworkId: chosen,
        type,
        title: title.trim(),
        schoolYear: year,
        startsOn,
        endsOn,
        participants: participants.filter((p) => p.name.trim()).map((p) => ({ name: p.name.trim(), role: p.role.trim() })),
        focusIndicators: focus,
        reviewerIds: reviewed ? reviewers : [],
      }),
    onSuccess: async (review) => {
      await client.invalidateQueries({ queryKey: reviewListQuery(scope, id).queryKey });
      navigate(`/reviews/${review.id}`);
    },
  });
  const error = create.error instanceof ApiError ? create.error : null;
  const field = (name: string) => error?.fieldMessage(name);

  const indicatorOptions = (detail.data?.document.domains ?? []).map((d) => ({
    group: d.name,
    items: d.indicators.map((i) => ({ value: i.key, label: i.tags.includes('equity') ? `${i.name} (equity)` : i.name })),
  }));

  return (
    <Card
      withBorder
      padding="lg"
      mb="md"
      component="form"
      className="no-print"
      aria-labelledby="new-review-title"
      onSubmit={(e: React.FormEvent) => {
        e.preventDefault();
        create.mutate();
      }}
      noValidate
    >
      <Stack gap="md">
        <Title order={3} fz="lg" id="new-review-title">
          New review of {name}
        </Title>
        {error && (
          <Alert color="red" title="The review was not created" role="alert">
            {error.message}
          </Alert>
        )}
        {frameworks.isSuccess && usable.length === 0 && <Text c="dimmed">There is no published {scope} framework yet; publish one first.</Text>}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label="Framework"
            value={chosen}
            onChange={(e) => {
              setFrameworkId(e.currentTarget.value);
              setFocus([]);
            }}
            data={usable.map((f) => ({ value: f.id, label: `${f.name}, version ${f.version}` }))}
            error={field('frameworkId')}
            required
          />
          <NativeSelect
            label="Type"
            value={type}
            onChange={(e) => setType(e.currentTarget.value as ReviewType)}
            data={types.map((t) => ({ value: t, label: REVIEW_TYPE_LABELS[t] }))}
            error={field('type')}
          />
          <TextInput
            label="Title"
            placeholder={`e.g. ${type === 'transformation_spring' ? 'Spring follow-up' : 'Fall baseline'} ${schoolYearLabel(year)}`}
            value={title}
            maxLength={LIMITS.name}
            onChange={(e) => setTitle(e.currentTarget.value)}
            error={field('title')}
            required
          />
          <NativeSelect
            label="School year"
            value={String(year)}
            onChange={(e) => setYear(Number(e.currentTarget.value))}
            data={[thisSchoolYear - 1, thisSchoolYear, thisSchoolYear + 1].map((y) => ({ value: String(y), label: schoolYearLabel(y) }))}
            error={field('schoolYear')}
          />
          <TextInput label="Start date" type="date" value={startsOn} onChange={(e) => setStartsOn(e.currentTarget.value)} error={field('startsOn')} required />
          <TextInput label="End date" type="date" value={endsOn} onChange={(e) => setEndsOn(e.currentTarget.value)} error={field('endsOn')} required />
        </SimpleGrid>

        <fieldset className="plain-fieldset">
          <legend>
            <Text fw={500} size="sm">
              Participants
            </Text>
          </legend>
          <Stack gap="xs">
            {participants.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a participant row is its place in the list; its fields are read from that place.
              <Group key={i} align="flex-end" gap="xs" wrap="nowrap">
                <TextInput
                  label={`Participant ${i + 1} name`}
                  maxLength={LIMITS.name}
                  value={p.name}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setParticipants((ps) => ps.map((x, j) => (j === i ? { ...x, name: v } : x)));
                  }}
                  style={{ flex: 1 }}
                />
                <TextInput
                  label={`Participant ${i + 1} role`}
                  placeholder="e.g. Principal"
                  maxLength={LIMITS.participantRole}
                  value={p.role}
                  onChange={(e) => {
                    const v = e.currentTarget.value;
                    setParticipants((ps) => ps.map((x, j) => (j === i ? { ...x, role: v } : x)));
                  }}
                  style={{ flex: 1 }}
                />
                <ActionIcon
                  variant="default"
                  size="lg"
                  aria-label={`Remove participant ${i + 1}`}
                  onClick={() => setParticipants((ps) => ps.filter((_, j) => j !== i))}
                  disabled={participants.length === 1}
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Button variant="subtle" size="xs" onClick={() => setParticipants((ps) => [...ps, { name: '', role: '' }])} style={{ alignSelf: 'flex-start' }}>
              Add a participant
            </Button>
          </Stack>
        </fieldset>

        <MultiSelect
          label="Focus indicators"
          description="The few indicators this review looks at most closely"
          placeholder={focus.length ? undefined : 'Search indicators'}
          data={indicatorOptions}
          value={focus}
          onChange={setFocus}
          searchable
          clearable
          error={field('focusIndicators')}
        />

        {reviewed && <ReviewerPicker value={reviewers} onChange={setReviewers} scope={scope} error={field('reviewerIds')} />}

        <Group>
          <Button type="submit" loading={create.isPending} disabled={!chosen}>
            Create review
          </Button>
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
