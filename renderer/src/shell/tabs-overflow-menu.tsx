import { ChevronDown } from 'lucide-react';
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ArchiveTitle } from '../../../shared/tab-titles';
import { rovingIndex } from '../lib/roving-keys';
import { selectArchive, useActiveArchive, useOpenArchives } from '../stores/archives-store';

const MENU_KEYS: Record<string, string> = { ArrowDown: 'ArrowRight', ArrowUp: 'ArrowLeft', Home: 'Home', End: 'End' };

/** Every open archive in a menu, for when the tab strip cannot show them all. */
export function TabsOverflowMenu({ titles }: { titles: Map<string, ArchiveTitle> }) {
  const archives = useOpenArchives();
  const active = useActiveArchive();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const items = () => [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitemradio"]') ?? [])];

  useEffect(() => {
    if (!open) return;
    const list = items();
    (list.find((el) => el.getAttribute('aria-checked') === 'true') ?? list[0])?.focus();
    const away = (e: MouseEvent) => {
      if (!menu.current?.contains(e.target as Node) && !button.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      close();
      return;
    }
    const key = MENU_KEYS[e.key];
    const list = items();
    const to = key ? rovingIndex(key, list.indexOf(document.activeElement as HTMLElement), list.length) : null;
    if (to === null) return;
    e.preventDefault();
    list[to]?.focus();
  };

  return (
    <div className="tabs-overflow">
      <button
        ref={button}
        className="icon-btn"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`All ${archives.length} open archives`}
        title="All open archives"
        data-testid="tabs-overflow"
        onClick={() => setOpen(!open)}
      >
        <ChevronDown size={14} aria-hidden /> {archives.length}
      </button>
      {open && (
        <div
          ref={menu}
          className="menu"
          role="menu"
          aria-label="Open archives"
          data-testid="tabs-overflow-menu"
          onKeyDown={onKeyDown}
        >
          {archives.map((a) => (
            <button
              key={a.archiveId}
              role="menuitemradio"
              aria-checked={active?.archiveId === a.archiveId}
              tabIndex={-1}
              className="menu-item"
              title={titles.get(a.archiveId)?.tooltip}
              data-testid={`tabs-overflow-item-${a.archiveId}`}
              onClick={() => {
                selectArchive(a.archiveId);
                close();
              }}
            >
              {titles.get(a.archiveId)?.title ?? a.fileName}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
