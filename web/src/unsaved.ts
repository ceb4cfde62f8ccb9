// Warns before a person leaves a page holding unsaved edits: following a link inside the app, the browser's Back
// and Forward buttons and any other move within the app (such as switching the school year), and closing or
// reloading the tab.
import { useCallback, useEffect } from 'react';
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
