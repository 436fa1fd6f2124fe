import { useEffect, useRef } from 'react';
import { closeActiveArchive } from '../stores/archives-store';

/** Ctrl+O opens, Ctrl+F focuses the current view's search, Ctrl+W closes the archive shown. */
export function useShortcuts(onOpen: () => void): void {
  const open = useRef(onOpen);
  open.current = onOpen;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'o') {
        e.preventDefault();
        open.current();
      } else if (key === 'f') {
        const fields = [...document.querySelectorAll<HTMLInputElement>('[data-view-search]')].filter(
          (el) => el.offsetParent !== null,
        );
        // The innermost view's field is the last in document order.
        const field = fields[fields.length - 1];
        if (field) {
          e.preventDefault();
          field.focus();
          field.select();
        }
      } else if (key === 'w') {
        e.preventDefault();
        closeActiveArchive();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
