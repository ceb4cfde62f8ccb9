// The rating workspace: one indicator at a time with its level cards, for self, external and consensus ratings, saved as they are picked.
import { Alert, Anchor, Badge, Button, Grid, Group, Modal, NativeSelect, Stack, Tabs, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams, useParams } from 'react-router';
import { LIMITS } from '../../../src/domain/limits';
import { allIndicators } from '../../../src/domain/framework';
import { finalizingSource } from '../../../src/domain/access';
import { completeness, effectiveLevel } from '../../../src/domain/rating';
import { EquityTag } from '../components/DescriptorTable';
import { IndicatorList } from '../components/IndicatorList';
import { PageHeading } from '../components/PageHeading';
import { Loading, LoadFailure } from '../components/PageState';
import { RatingPanel } from '../components/RatingPanel';
import { ReviewReviewers } from '../components/ReviewReviewers';
import { useRatingSaver } from '../rating-saver';
import { day, levelName, REVIEW_TYPE_LABELS, SOURCE_LABELS } from '../review-format';
import {
  finalizeReview,
  reopenReview,
  reviewKey,
  reviewQuery,
  reviewReportPdfUrl,
  reviewReportUrl,
  reviewsKey,
  type RatingSource,
  type ReviewDetail,
} from '../queries/reviews';
import { useSignedIn } from '../session';

const SOURCES: RatingSource[] = ['self', 'external', 'consensus'];

/** The tabs a person sees: the sources they may give while the review is open; every source of the review to read once it is closed, or when they give none. */
function tabsFor(r: ReviewDetail): RatingSource[] {
  const own: RatingSource[] = r.type === 'self_assessment' ? ['self'] : SOURCES;
  return r.status === 'open' && r.mayRate.length ? SOURCES.filter((s) => r.mayRate.includes(s)) : own;
}

export default function ReviewPage() {
  const { id = '' } = useParams();
  const session = useSignedIn();
  const client = useQueryClient();
  const [params, setParams] = useSearchParams();
  const review = useQuery(reviewQuery(id));
  const saver = useRatingSaver(id);
  const [source, setSource] = useState<RatingSource>('self');
  const [confirmFinalize, setConfirmFinalize] = useState(false);
  const [reopening, setReopening] = useState(false);
  const [reason, setReason] = useState('');
  const [partialReason, setPartialReason] = useState('');

  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: reviewKey(id) }), client.invalidateQueries({ queryKey: reviewsKey })]);
  const finalize = useMutation({
    mutationFn: (partial: boolean) =>
      finalizeReview(id, partial ? { version: review.data!.version, partial, reason: partialReason.trim() } : { version: review.data!.version }),
    onSuccess: async () => {
      setConfirmFinalize(false);
      setPartialReason('');
      await refresh();
    },
  });
  const reopen = useMutation({
    mutationFn: () => reopenReview(id, reason.trim()),
    onSuccess: async () => {
      setReopening(false);
      setReason('');
      await refresh();
    },
  });

  if (review.isPending) return <Loading what="the review" />;
  if (review.isError) return <LoadFailure error={review.error} what="Review" />;
  const r = review.data;
  const framework = r.framework.document;
  const indicators = allIndicators(framework);
  const currentKey = indicators.some((i) => i.key === params.get('indicator')) ? params.get('indicator')! : indicators[0]!.key;
  const index = indicators.findIndex((i) => i.key === currentKey);
  const indicator = indicators[index]!;
  const ratings = r.ratings.map((x) => ({ indicatorKey: x.indicatorKey, source: x.source, level: x.level }));
  const rated = indicators.filter((i) => effectiveLevel(ratings, i.key) !== null).length;
  const ratingOf = (s: RatingSource) => r.ratings.find((x) => x.indicatorKey === indicator.key && x.source === s);
  const finalized = r.status === 'finalized';
  // The server says which sources this person gives here; the others are not offered (and are refused if sent).
  const tabs = tabsFor(r);
  const shown = tabs.includes(source) ? source : tabs[0]!;
  const readOnlyFor = (s: RatingSource) => finalized || !r.mayRate.includes(s);
  const canFinalize = !finalized && r.mayRate.includes(finalizingSource(r.type));
  const done = completeness(framework, ratings, r.type);
  const admin = session.roles.includes('org_admin');
  const place = r.schoolName ?? r.districtName;

  const pick = (key: string) => {
    const next = new URLSearchParams(params);
    next.set('indicator', key);
    setParams(next, { replace: true });
  };

  return (
    <Stack gap="lg">
      <div>
        <Anchor component={Link} to={r.schoolId ? `/schools/${r.schoolId}` : `/districts/${r.districtId}`} size="sm" className="no-print">
          ← {place}
        </Anchor>
        <Group justify="space-between" align="flex-end" mt={4} wrap="wrap">
          <PageHeading>{r.title}</PageHeading>
          <Group gap="md" className="no-print">
            <Anchor component={Link} to={`/reviews/${r.id}/results`}>
              Results
            </Anchor>
            <Anchor href={reviewReportUrl(r.id)} target="_blank" rel="noopener">
              Printable report
            </Anchor>
            <Anchor href={reviewReportPdfUrl(r.id)}>Report as PDF</Anchor>
          </Group>
        </Group>
        <Text c="dimmed">
          {place} · {REVIEW_TYPE_LABELS[r.type]} · {r.startsOn === r.endsOn ? day(r.startsOn) : `${day(r.startsOn)} to ${day(r.endsOn)}`} · {r.framework.name},
          version {r.framework.version}
        </Text>
        {r.participants.length > 0 && (
          <Text size="sm" mt={4}>
            Participants: {r.participants.map((p) => (p.role ? `${p.name} (${p.role})` : p.name)).join(', ')}
          </Text>
        )}
        {r.type !== 'self_assessment' && <ReviewReviewers review={r} />}
      </div>

      {finalized && (
        <Alert color="gray" title="This review is finalized" role="status" className="finalized-banner">
          <Group justify="space-between" wrap="wrap" gap="sm">
            <span>
              {r.partial
                ? `Finalized as partial, with ${done.rated} of ${done.total} indicators rated: “${r.partialReason ?? ''}” It does not feed next year's outcome proposals. `
                : ''}
              Its ratings are read-only.{admin ? ' An organization admin can reopen it, with a reason.' : ''}
            </span>
            {admin && (
              <Button size="xs" variant="outline" onClick={() => setReopening(true)} className="no-print">
                Reopen
              </Button>
            )}
          </Group>
        </Alert>
      )}

      <Group justify="space-between" wrap="wrap" gap="sm" className="review-bar">
        <Text fw={600} data-testid="progress" className="numeric">
          {rated} of {indicators.length} indicators rated
        </Text>
        <Group gap="md">
          <Text
            role="status"
            aria-live="polite"
            size="sm"
            className="save-status"
            data-state={saver.status.state}
            c={saver.status.state === 'error' ? 'red.8' : undefined}
          >
            {saver.status.state === 'saving'
              ? 'Saving…'
              : saver.status.state === 'saved'
                ? 'Saved'
                : saver.status.state === 'error'
                  ? saver.status.message
                  : ''}
          </Text>
          {canFinalize && (
            <Button variant="default" onClick={() => setConfirmFinalize(true)} className="no-print">
              Finalize
            </Button>
          )}
        </Group>
      </Group>

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }} visibleFrom="md" className="no-print">
          <IndicatorList framework={framework} ratings={r.ratings} focus={r.focusIndicators} current={currentKey} onPick={pick} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack gap="md" component="section" aria-labelledby="indicator-name">
            <NativeSelect
              hiddenFrom="md"
              className="no-print"
              label="Indicator"
              value={currentKey}
              onChange={(e) => pick(e.currentTarget.value)}
              data={framework.domains.map((d) => ({
                group: d.name,
                items: d.indicators.map((i) => ({ value: i.key, label: `${r.focusIndicators.includes(i.key) ? '★ ' : ''}${i.name}` })),
              }))}
            />
            <div>
              <Text size="sm" c="dimmed">
                {indicator.domainName} · indicator {index + 1} of {indicators.length}
              </Text>
              <Group gap="xs" align="center">
                <Title order={2} fz="h2" id="indicator-name">
                  {indicator.name}
                </Title>
                {r.focusIndicators.includes(indicator.key) && (
                  <Badge variant="filled" tt="none" leftSection="★">
                    Focus indicator
                  </Badge>
                )}
                {indicator.tags.includes('equity') && <EquityTag />}
              </Group>
            </div>

            <Tabs value={shown} onChange={(v) => v && setSource(v as RatingSource)} keepMounted={false}>
              <Tabs.List aria-label="Who is rating">
                {tabs.map((s) => (
                  <Tabs.Tab key={s} value={s} fz="md">
                    {SOURCE_LABELS[s]}: {levelName(framework.levels, ratingOf(s)?.level ?? null)}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              {tabs.map((s) => (
                <Tabs.Panel key={s} value={s} pt="md">
                  <RatingPanel
                    key={`${indicator.key}-${s}-${saver.resets}`}
                    reviewId={r.id}
                    framework={framework}
                    indicator={indicator}
                    source={s}
                    rating={ratingOf(s)}
                    self={ratingOf('self')?.level ?? null}
                    external={ratingOf('external')?.level ?? null}
                    saver={saver}
                    readOnly={readOnlyFor(s)}
                  />
                </Tabs.Panel>
              ))}
            </Tabs>

            <Group justify="space-between" className="no-print">
              <Button variant="default" disabled={index === 0} onClick={() => pick(indicators[index - 1]!.key)}>
                ← Previous indicator
              </Button>
              <Button variant="default" disabled={index === indicators.length - 1} onClick={() => pick(indicators[index + 1]!.key)}>
                Next indicator →
              </Button>
            </Group>
          </Stack>
        </Grid.Col>
      </Grid>

      <Modal opened={confirmFinalize} onClose={() => setConfirmFinalize(false)} title="Finalize this review?">
        <Stack>
          <Text data-testid="finalize-count">
            {done.rated} of {done.total} indicators rated{r.type === 'self_assessment' ? '' : ' with an external or consensus level'}.
          </Text>
          <Text>Once finalized, the ratings are locked; only an organization admin can reopen the review.</Text>
          {!done.complete && (
            <Textarea
              label="Why finalize it as partial"
              description="A partial review is kept with this reason and never replaces a complete review as the source of next year's outcome proposals."
              value={partialReason}
              onChange={(e) => setPartialReason(e.currentTarget.value)}
              autosize
              minRows={2}
            />
          )}
          {finalize.error && (
            <Alert color="red" role="alert">
              {finalize.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmFinalize(false)}>
              Cancel
            </Button>
            {done.complete ? (
              <Button onClick={() => finalize.mutate(false)} loading={finalize.isPending}>
                Finalize the review
              </Button>
            ) : (
              <Button onClick={() => finalize.mutate(true)} loading={finalize.isPending} disabled={partialReason.trim().length < 5}>
                Finalize as partial
              </Button>
            )}
          </Group>
        </Stack>
      </Modal>

      <Modal opened={reopening} onClose={() => setReopening(false)} title="Reopen this review?">
        <Stack>
          <Textarea
            label="Why it is reopened"
            description="Kept in the audit log"
            maxLength={LIMITS.reason}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            autosize
            minRows={2}
            error={reopen.error?.message}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setReopening(false)}>
              Cancel
            </Button>
            <Button onClick={() => reopen.mutate()} loading={reopen.isPending} disabled={reason.trim().length < 5}>
              Reopen the review
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
