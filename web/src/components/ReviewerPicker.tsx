// Choosing a review's reviewers from the people of the organization, each shown with their roles.
import { MultiSelect } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { ROLE_LABELS } from '../../../src/domain/access';
import { reviewerCandidatesQuery, type ReviewerCandidate } from '../queries/reviews';

interface Props {
  value: string[];
  onChange: (ids: string[]) => void;
  /** What is reviewed, for the sentence on who gives the self rating. */
  scope: 'school' | 'district';
  error?: string;
  /** People already named, listed even when the organization's list no longer has them (someone made inactive since). */
  named?: { id: string; name: string }[];
}

const label = (p: ReviewerCandidate) => [p.name, ...p.roles.map((r) => ROLE_LABELS[r])].join(' · ');

export function ReviewerPicker({ value, onChange, scope, error, named = [] }: Props) {
  const candidates = useQuery(reviewerCandidatesQuery());
  const people = candidates.data ?? [];
  const data = [
    ...people.map((p) => ({ value: p.id, label: label(p) })),
    ...named.filter((n) => !people.some((p) => p.id === n.id)).map((n) => ({ value: n.id, label: n.name })),
  ];
  return (
    <MultiSelect
      label="Reviewers"
      description={`They give the external and consensus ratings, with the partner's coaches, network directors and organization admins. The ${scope}'s own staff give the self rating.`}
      placeholder={value.length ? undefined : 'Search people'}
      data={data}
      value={value}
      onChange={onChange}
      searchable
      clearable
      error={error ?? (candidates.isError ? 'The list of people could not be loaded; reload the page to try again.' : undefined)}
    />
  );
}
