// A review's named reviewers, and changing them under the review's version: a stale change shows who changed them to what.
import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../api';
import { reviewKey, reviewsKey, setReviewers, type ReviewDetail, type ReviewersNow } from '../queries/reviews';
import { ReviewerPicker } from './ReviewerPicker';
import { StaleSaveAlert } from './StaleSaveAlert';

type Reviewer = ReviewDetail['reviewers'][number];

const names = (people: Reviewer[]) => people.map((p) => p.name).join(', ');

/** What a stale change answers with: the review's version and reviewers as they are now. */
function currentOf(error: ApiError): ReviewersNow | null {
  const current = (error.body as { current?: ReviewersNow | null } | undefined)?.current;
  return current && Array.isArray(current.reviewers) ? current : null;
}

export function ReviewReviewers({ review }: { review: ReviewDetail }) {
  const client = useQueryClient();
  // The version the person started from: a newer one fetched meanwhile must not turn their change into a silent overwrite.
  const [editing, setEditing] = useState<{ version: number; ids: string[] } | null>(null);
  const [saved, setSaved] = useState(false);
  const scope = review.schoolId ? 'school' : 'district';

  const save = useMutation({
    mutationFn: (e: { version: number; ids: string[] }) => setReviewers(review.id, e.version, e.ids),
    onSuccess: async () => {
      setEditing(null);
      setSaved(true);
      // Naming or removing the signed-in person changes the ratings they may give, so the whole review is read again.
      await Promise.all([client.invalidateQueries({ queryKey: reviewKey(review.id) }), client.invalidateQueries({ queryKey: reviewsKey })]);
    },
  });
  const error = save.error instanceof ApiError ? save.error : null;
  const stale = error?.code === 'stale_version';
  const current = stale ? currentOf(error) : null;

  const open = () => {
    save.reset();
    setSaved(false);
    setEditing({ version: review.version, ids: review.reviewers.map((p) => p.id) });
  };
  const cancel = () => {
    save.reset();
    setEditing(null);
  };
  const reload = async () => {
    save.reset();
    await client.invalidateQueries({ queryKey: reviewKey(review.id) });
    const fresh = client.getQueryData<ReviewDetail>(reviewKey(review.id));
    if (fresh) setEditing(fresh.status === 'open' && fresh.mayEdit ? { version: fresh.version, ids: fresh.reviewers.map((p) => p.id) } : null);
  };

  const editable = review.mayEdit && review.status === 'open';
  return (
    <Stack gap="xs" mt={4}>
      <Group gap="sm" align="baseline" wrap="wrap">
        <Text size="sm" data-testid="reviewers" style={{ flex: 1, minWidth: '16rem' }}>
          {review.reviewers.length ? `Reviewers: ${names(review.reviewers)}` : 'No reviewers named'}. They give the external and consensus ratings, with the
          partner's coaches, network directors and organization admins; {scope === 'school' ? "the school's own staff" : "the district's own staff"} give the
          self rating.
        </Text>
        {editable && !editing && (
          <Button size="xs" variant="default" onClick={open} className="no-print">
            Change reviewers
          </Button>
        )}
        <Text size="sm" role="status" className="save-status">
          {saved && !editing ? 'Reviewers saved.' : ''}
        </Text>
      </Group>
      {editable && editing && (
        <form
          className="no-print"
          aria-label="Change reviewers"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(editing);
          }}
        >
          <Stack gap="sm" maw={640}>
            {stale && (
              <StaleSaveAlert
                id="reviewers-error"
                title="Someone else changed this review"
                message={`${error.message}${current ? ` Its reviewers are now: ${current.reviewers.length ? names(current.reviewers) : 'none'}.` : ''}`}
                onReload={reload}
              />
            )}
            {error && !stale && (
              <Alert color="red" title="The reviewers were not changed" role="alert" id="reviewers-error">
                {error.message}
              </Alert>
            )}
            <ReviewerPicker
              value={editing.ids}
              onChange={(ids) => setEditing({ ...editing, ids })}
              scope={scope}
              named={review.reviewers}
              error={stale ? undefined : error?.fieldMessage('reviewerIds')}
            />
            <Group>
              <Button type="submit" loading={save.isPending} disabled={stale}>
                Save reviewers
              </Button>
              <Button variant="default" onClick={cancel}>
                Cancel
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
