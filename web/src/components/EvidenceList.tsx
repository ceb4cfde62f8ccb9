// The evidence behind one rating: what was seen or heard, by kind; added and removed while the review is open.
import { Alert, Button, Group, List, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { LIMITS } from '../../../src/domain/limits';
import { EVIDENCE_KIND_LABELS } from '../review-format';
import { addEvidence, removeEvidence, type Evidence, type EvidenceKind } from '../queries/reviews';

interface Props {
  reviewId: string;
  /** Who the list belongs to, for labels: "External rating of Shared vision". */
  label: string;
  evidence: Evidence[];
  readOnly: boolean;
  /** The rating's id, creating the rating first when it does not exist yet. */
  ensureRating: () => Promise<string | null>;
  onChange: (evidence: Evidence[]) => void;
}

const KINDS = Object.keys(EVIDENCE_KIND_LABELS) as EvidenceKind[];

export function EvidenceList({ reviewId, label, evidence, readOnly, ensureRating, onChange }: Props) {
  const [kind, setKind] = useState<EvidenceKind>('interview');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function add() {
    if (!note.trim()) {
      setError('Write what the evidence shows before adding it.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const ratingId = await ensureRating();
      if (!ratingId) throw new Error('The rating could not be saved, so the evidence was not added.');
      const row = await addEvidence(reviewId, ratingId, { kind, note: note.trim() });
      onChange([...evidence, row]);
      setNote('');
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The evidence was not added.');
    } finally {
      setBusy(false);
    }
  }

  async function remove(item: Evidence) {
    setError(null);
    try {
      await removeEvidence(reviewId, item.id);
      onChange(evidence.filter((e) => e.id !== item.id));
    } catch (e) {
      setError(e instanceof Error ? e.message : 'The evidence was not removed.');
    }
  }

  return (
    <Stack gap="xs">
      {evidence.length === 0 ? (
        <Text size="sm" c="dimmed">
          No evidence recorded yet.
        </Text>
      ) : (
        <List spacing={6} listStyleType="none" aria-label={`Evidence for the ${label}`} className="evidence-list">
          {evidence.map((e) => (
            <List.Item key={e.id}>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <div style={{ flex: 1 }}>
                  <Text span fw={600} size="sm">
                    {EVIDENCE_KIND_LABELS[e.kind]}:
                  </Text>{' '}
                  <Text span size="sm">
                    {e.note}
                  </Text>
                </div>
                {!readOnly && (
                  <Button
                    variant="subtle"
                    color="red.8"
                    size="compact-xs"
                    onClick={() => remove(e)}
                    aria-label={`Remove evidence: ${EVIDENCE_KIND_LABELS[e.kind]}, ${e.note.slice(0, 40)}`}
                  >
                    Remove
                  </Button>
                )}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
      {error && (
        <Alert color="red" role="alert" py="xs">
          {error}
        </Alert>
      )}
      {!readOnly && (
        <Group align="flex-end" gap="xs" wrap="wrap" className="no-print">
          <NativeSelect
            label="Evidence kind"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as EvidenceKind)}
            data={KINDS.map((k) => ({ value: k, label: EVIDENCE_KIND_LABELS[k] }))}
            w={200}
          />
          <Textarea
            label="What it shows"
            autosize
            minRows={1}
            maxLength={LIMITS.evidenceNote}
            value={note}
            onChange={(e) => setNote(e.currentTarget.value)}
            style={{ flex: 1, minWidth: 220 }}
          />
          <Button variant="default" onClick={add} loading={busy}>
            Add evidence
          </Button>
        </Group>
      )}
    </Stack>
  );
}
