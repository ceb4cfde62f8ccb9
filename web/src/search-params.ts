// Filters live in the address, so a filtered view can be bookmarked, shared and reloaded.
import { useSearchParams } from 'react-router';

/** The page's query parameters, and a way to change some of them (an empty value removes one) without a new history entry. */
export function useFilters(): [URLSearchParams, (changes: Record<string, string | null>) => void] {
  const [params, setParams] = useSearchParams();
  function update(changes: Record<string, string | null>) {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  }
  return [params, update];
}
