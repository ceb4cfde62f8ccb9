// One rating of one indicator by one source: the level cards, what the evidence says of it, dimensions, note and evidence.
import { Alert, Button, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { LIMITS } from '../../../src/domain/limits';
import type { Framework, Indicator } from '../../../src/domain/framework';
import { consensusSuggestion, validation } from '../../../src/domain/rating';
import type { RatingSaver, RatingValues } from '../rating-saver';
import { levelName, SOURCE_LABELS } from '../review-format';
import type { RatingRow, RatingSource } from '../queries/reviews';
import { EvidenceList } from './EvidenceList';
import { LevelCards } from './LevelCards';

interface Props {
  reviewId: string;
  framework: Framework;
  indicator: Indicator;
  source: RatingSource;
  rating: RatingRow | undefined;
  self: number | null;
  external: number | null;
  saver: RatingSaver;
  readOnly: boolean;
}

const valuesOf = (r: RatingRow | undefined): RatingValues => ({ level: r?.level ?? null, dimensions: { ...(r?.dimensions ?? {}) }, note: r?.note ?? '' });

export function RatingPanel({ reviewId, framework, indicator, source, rating, self, external, saver, readOnly }: Props) {
  // Drawn once from the server's rating; the parent draws it again after a conflict.
  const [values, setValues] = useState<RatingValues>(() => valuesOf(rating));
  const sentNote = useRef(values.note);
  const noteTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const label = `${SOURCE_LABELS[source].toLowerCase()} rating of ${indicator.name}`;
  const conflict = saver.conflict && saver.conflict.indicatorKey === indicator.key && saver.conflict.source === source ? saver.conflict : null;

  useEffect(() => () => clearTimeout(noteTimer.current), []);

  function save(next: RatingValues) {
    setValues(next);
    sentNote.current = next.note;
    clearTimeout(noteTimer.current);
    saver.dismissConflict();
    void saver.save(indicator.key, source, next);
  }

  function typeNote(note: string) {
    setValues((v) => ({ ...v, note }));
    clearTimeout(noteTimer.current);
    // Notes save a moment after typing stops, and at once when the field is left.
    noteTimer.current = setTimeout(() => {
      if (note !== sentNote.current) save({ ...values, note });
    }, 1200);
  }

  const check = source === 'external' ? validation(self, values.level) : null;
  const suggestion = source === 'consensus' ? consensusSuggestion(self, external) : null;

  return (
    <Stack gap="md">
      {conflict && (
        <Alert color="orange" title="Someone else changed this rating" role="alert">
          <Stack gap={6} align="flex-start">
            <span>
              They saved <strong>{levelName(framework.levels, conflict.current?.level ?? null)}</strong>
              {conflict.current?.note ? ` with the note “${conflict.current.note}”` : ''}. Your change was not saved; it now shows their rating. Make your
              change again if it still applies.
            </span>
            <Button size="xs" variant="outline" color="orange.9" onClick={saver.dismissConflict}>
              Understood
            </Button>
          </Stack>
        </Alert>
      )}

      {source === 'external' && (
        <Text size="sm" className="rating-check" data-testid="validation">
          {self === null
            ? 'There is no self rating to check yet.'
            : values.level === null
              ? `Self rating: ${levelName(framework.levels, self)}. Pick the level the evidence supports.`
              : check?.status === 'validated'
                ? `✓ Validates the self rating (${levelName(framework.levels, self)}).`
                : `! Challenges the self rating (${levelName(framework.levels, self)}): the school rated itself ${check?.by} ${check?.by === 1 ? 'level' : 'levels'} ${check?.status === 'challenged' && check.direction === 'self_higher' ? 'higher' : 'lower'} than the evidence.`}
        </Text>
      )}
      {suggestion && (
        <Group gap="sm" align="center" wrap="wrap" className="rating-check">
          <Text size="sm" data-testid="suggestion">
            Self {levelName(framework.levels, self)} · External {levelName(framework.levels, external)} · Suggested:{' '}
            <strong>{levelName(framework.levels, suggestion.level)}</strong>. {suggestion.wideGap ? '! ' : ''}
            {suggestion.reason}
          </Text>
          {!readOnly && suggestion.level !== null && suggestion.level !== values.level && (
            <Button size="xs" variant="default" onClick={() => save({ ...values, level: suggestion.level })}>
              Use the suggested level
            </Button>
          )}
        </Group>
      )}

      <LevelCards
        name={`level-${indicator.key}-${source}`}
        legend={`${SOURCE_LABELS[source]} rating: level for ${indicator.name}`}
        levels={framework.levels}
        descriptors={indicator.levels}
        value={values.level}
        onChange={(level) => save({ ...values, level })}
        disabled={readOnly}
        suggested={suggestion?.level ?? null}
      />
      {!readOnly && values.level !== null && (
        <Button variant="subtle" size="compact-sm" onClick={() => save({ ...values, level: null })} style={{ alignSelf: 'flex-start' }} className="no-print">
          Clear the {SOURCE_LABELS[source].toLowerCase()} level
        </Button>
      )}

      {framework.dimensions && framework.dimensions.length > 0 && (
        <Group gap="lg" wrap="wrap" align="flex-start">
          {framework.dimensions.map((d) => (
            <div key={d.key}>
              <Text size="sm" fw={500} id={`dim-${indicator.key}-${source}-${d.key}`} title={d.description}>
                {d.label}
              </Text>
              <SegmentedControl
                size="xs"
                aria-labelledby={`dim-${indicator.key}-${source}-${d.key}`}
                disabled={readOnly}
                value={String(values.dimensions[d.key] ?? '')}
                onChange={(v) => {
                  const dimensions = { ...values.dimensions };
                  if (v) dimensions[d.key] = Number(v);
                  else delete dimensions[d.key];
                  save({ ...values, dimensions });
                }}
                data={[{ value: '', label: '—' }, ...framework.levels.map((l) => ({ value: String(l.value), label: String(l.value) }))]}
              />
            </div>
          ))}
        </Group>
      )}

      <Textarea
        label={`Note on the ${SOURCE_LABELS[source].toLowerCase()} rating`}
        autosize
        minRows={2}
        value={values.note}
        maxLength={LIMITS.ratingNote}
        readOnly={readOnly}
        onChange={(e) => typeNote(e.currentTarget.value)}
        onBlur={() => {
          if (!readOnly && values.note !== sentNote.current) save(values);
        }}
      />

      <div>
        <Text fw={600} size="sm" mb={4}>
          Evidence
        </Text>
        <EvidenceList
          reviewId={reviewId}
          label={label}
          evidence={rating?.evidence ?? []}
          readOnly={readOnly}
          ensureRating={async () => rating?.id ?? (await saver.save(indicator.key, source, values))?.id ?? null}
          onChange={(evidence) => saver.setEvidence(indicator.key, source, evidence)}
        />
      </div>
    </Stack>
  );
}
