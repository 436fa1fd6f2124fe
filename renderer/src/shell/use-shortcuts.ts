import { useEffect, useRef } from 'react';
import { isTyping } from '../lib/command-match';
import { closeActiveArchive } from '../stores/archives-store';
import { go } from '../stores/history-store';
import { showOverlay } from '../stores/overlay-store';

/** Alt+Left/Right go back and forward; "?" (not while typing) lists the shortcuts. */
function plainKey(e: KeyboardEvent): boolean {
  if (e.altKey && !e.ctrlKey && !e.metaKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
    e.preventDefault();
    go(e.key === 'ArrowLeft' ? -1 : 1);
    return true;
  }
  if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target)) {
    e.preventDefault();
    showOverlay('shortcuts');
    return true;
  }
  return false;
}

/** Ctrl+O opens (Ctrl+Shift+O a folder, where there is a native dialog), Ctrl+K the command palette, Ctrl+F focuses the current view's search, Ctrl+W closes the archive shown. */
export function useShortcuts(onOpen: () => void, onOpenFolder: (() => void) | null): void {
  const open = useRef(onOpen);
  open.current = onOpen;
  const openFolder = useRef(onOpenFolder);
  openFolder.current = onOpenFolder;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (plainKey(e) || !(e.ctrlKey || e.metaKey) || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 'k') {
        e.preventDefault();
        showOverlay('palette');
      } else if (key === 'o') {
        e.preventDefault();
        if (e.shiftKey && openFolder.current) openFolder.current();
        else open.current();
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
