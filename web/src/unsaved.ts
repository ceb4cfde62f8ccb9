// Warns before a person leaves a page holding unsaved edits: closing or reloading the tab, and following a link
// inside the app (the app runs under a plain BrowserRouter, where react-router's useBlocker is not available).
import { useEffect } from 'react';

export const LEAVE_WARNING = 'You have unsaved changes. Leave this page and lose them?';

/** Asks the person whether to drop their unsaved edits; true when there are none or they agree. */
export function confirmDiscard(dirty: boolean): boolean {
  return !dirty || window.confirm(LEAVE_WARNING);
}

export function useUnsavedWarning(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the dialog only when returnValue is set.
      event.returnValue = '';
    };
    // Captured on the window, before the router's own click handler on the app's root runs.
    const click = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.('a[href]');
      if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== '_self') || link.hasAttribute('download')) return;
      const to = new URL(link.href, window.location.href);
      // Other sites and files from the API (the PDF) leave through beforeunload, if at all.
      if (to.origin !== window.location.origin || to.pathname.startsWith('/api/')) return;
      if (to.pathname === window.location.pathname && to.search === window.location.search) return;
      if (!window.confirm(LEAVE_WARNING)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener('beforeunload', beforeUnload);
    window.addEventListener('click', click, true);
    return () => {
      window.removeEventListener('beforeunload', beforeUnload);
      window.removeEventListener('click', click, true);
    };
  }, [dirty]);
}
