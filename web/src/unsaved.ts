// Unsaved edits: kept through fresh data from the server, and warned about before a person leaves the page
// holding them: following a link inside the app, the browser's Back and Forward buttons and any other move
// within the app (such as switching the school year), and closing or reloading the tab.
import { useCallback, useEffect, useState } from 'react';
import { useBlocker, type BlockerFunction } from 'react-router';

export const LEAVE_WARNING = 'You have unsaved changes. Leave this page and lose them?';

export function useUnsavedWarning(dirty: boolean): void {
  // Only a move to another page or other search parameters loses the edits; a jump to an anchor (the skip link) does not.
  const leaving = useCallback<BlockerFunction>(
    ({ currentLocation, nextLocation }) => dirty && (currentLocation.pathname !== nextLocation.pathname || currentLocation.search !== nextLocation.search),
    [dirty],
  );
  const blocker = useBlocker(leaving);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm(LEAVE_WARNING)) blocker.proceed();
    else blocker.reset();
  }, [blocker]);

  // The router cannot hold back a reload, closing the tab or going to another site: the browser asks instead.
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => window.removeEventListener('beforeunload', beforeUnload);
  }, [dirty]);
}

/** What a person is editing of a school year's saved value: their edits, the saved value they started from, and its version. */
export interface Draft<T> {
  year: number;
  version: number | null;
  saved: T;
  edited: T;
}

/**
 * Keeps a person's edits of what a page loaded for a school year, and warns before they are lost. Fresh data
 * (after a comment, a check-in or a refetch) replaces the draft only when it holds no unsaved edits: a dirty
 * draft keeps the version it started from, so saving it over someone else's save gets the stale-save answer
 * instead of overwriting their work. `key` gives what a save keeps of a value, to tell edits from the saved value.
 */
export function useDraft<A extends { schoolYear: number }, T>(answer: A | undefined, draftOf: (answer: A) => Draft<T>, key: (value: T) => string) {
  const [draft, setDraft] = useState<Draft<T> | null>(null);
  const isDirty = (d: Draft<T>) => key(d.edited) !== key(d.saved);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on a fresh answer only; draftOf and key are fixed functions of the page.
  useEffect(() => {
    if (answer) setDraft((d) => (d && d.year === answer.schoolYear && isDirty(d) ? d : draftOf(answer)));
  }, [answer]);
  const dirty = draft !== null && isDirty(draft);
  useUnsavedWarning(dirty);
  return {
    /** The draft of the answer's school year; null until there is one. */
    draft: draft && draft.year === answer?.schoolYear ? draft : null,
    dirty,
    edit: (edited: T) => setDraft((d) => d && { ...d, edited }),
    /** After a save of `sent` answered with `saved`: edits made while the save was on its way stay, on top of what was saved. */
    afterSave: (saved: A, sent: T) => setDraft((d) => (d && key(d.edited) !== key(sent) ? { ...draftOf(saved), edited: d.edited } : draftOf(saved))),
    /** Drops the edits: the draft starts again from `answer`. */
    reset: (answer: A) => setDraft(draftOf(answer)),
  };
}
