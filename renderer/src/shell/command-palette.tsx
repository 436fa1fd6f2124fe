import { useMemo, useState, type KeyboardEvent } from 'react';
import { archiveTitles } from '../../../shared/tab-titles';
import { matchCommands, type Command } from '../lib/command-match';
import { ARCHIVE_VIEWS } from '../screens/archive/archive-views';
import {
  closeActiveArchive,
  selectArchive,
  setArchiveTab,
  showScreen,
  useActiveArchive,
  useOpenArchives,
} from '../stores/archives-store';
import { go } from '../stores/history-store';
import { showJobsList } from '../stores/jobs-store';
import { showOverlay } from '../stores/overlay-store';

function useCommands(onOpen: () => void): Command[] {
  const archives = useOpenArchives();
  const active = useActiveArchive();
  return useMemo(() => {
    const titles = archiveTitles(archives);
    const list: Command[] = archives.map((a) => ({
      id: `archive-${a.archiveId}`,
      label: titles.get(a.archiveId)?.title ?? a.fileName,
      group: 'Archives',
      keywords: `${a.fileName} ${a.image ?? ''}`,
      run: () => selectArchive(a.archiveId),
    }));
    if (active)
      for (const v of ARCHIVE_VIEWS)
        list.push({
          id: `view-${v.id}`,
          label: v.label,
          group: 'Views',
          keywords: v.id,
          run: () => setArchiveTab(active.archiveId, v.id),
        });
    const actions: Omit<Command, 'group'>[] = [
      { id: 'open', label: 'Open a checkpoint archive…', shortcut: 'Ctrl+O', run: onOpen },
      { id: 'start', label: 'Go to Start', run: () => showScreen('start') },
      {
        id: 'containers',
        label: 'Go to Containers',
        keywords: 'containerd checkpoint',
        run: () => showScreen('containers'),
      },
      ...(archives.length > 0 ? [{ id: 'diff', label: 'Compare two checkpoints', run: () => showScreen('diff') }] : []),
      ...(active
        ? [{ id: 'close', label: 'Close the archive shown', shortcut: 'Ctrl+W', run: closeActiveArchive }]
        : []),
      { id: 'jobs', label: 'Show jobs', keywords: 'running finished cancel', run: () => showJobsList(true) },
      { id: 'back', label: 'Back', shortcut: 'Alt+Left', run: () => go(-1) },
      { id: 'forward', label: 'Forward', shortcut: 'Alt+Right', run: () => go(1) },
      {
        id: 'shortcuts',
        label: 'Keyboard shortcuts',
        shortcut: '?',
        keywords: 'keys help',
        run: () => showOverlay('shortcuts'),
      },
    ];
    return [...list, ...actions.map((a) => ({ ...a, group: 'Actions' as const }))];
  }, [archives, active, onOpen]);
}

/** Ctrl+K: type to filter open archives, the archive's views and actions; Up/Down and Enter to run one. */
export function CommandPalette({ onOpen }: { onOpen: () => void }) {
  const commands = useCommands(onOpen);
  const [query, setQuery] = useState('');
  const [at, setAt] = useState(0);
  const hits = useMemo(() => matchCommands(query, commands), [query, commands]);
  const current = Math.min(at, Math.max(0, hits.length - 1));
  const close = () => showOverlay(null);
  const run = (c: Command | undefined) => {
    if (!c) return;
    // The shortcut list replaces the palette; everything else closes it first.
    if (c.id !== 'shortcuts') close();
    c.run();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') close();
    else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const by = e.key === 'ArrowDown' ? 1 : -1;
      setAt((current + by + hits.length) % Math.max(1, hits.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      run(hits[current]);
    }
  };
  return (
    <div className="modal-backdrop palette-backdrop" onClick={close}>
      <div
        className="modal palette"
        role="dialog"
        aria-modal="true"
        aria-label="Command palette"
        data-testid="command-palette"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={onKeyDown}
      >
        <input
          autoFocus
          className="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls="palette-list"
          aria-activedescendant={hits[current] ? `palette-${hits[current].id}` : undefined}
          placeholder="Archive, view or action…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setAt(0);
          }}
          data-testid="palette-input"
        />
        <ul id="palette-list" role="listbox" aria-label="Commands" className="palette-list">
          {hits.map((c, i) => (
            <li
              key={c.id}
              id={`palette-${c.id}`}
              role="option"
              aria-selected={i === current}
              className={i === current ? 'palette-item active' : 'palette-item'}
              data-testid={`palette-${c.id}`}
              onMouseEnter={() => setAt(i)}
              onClick={() => run(c)}
            >
              <span className="palette-group">{c.group}</span>
              <span className="palette-label">{c.label}</span>
              {c.shortcut && <kbd>{c.shortcut}</kbd>}
            </li>
          ))}
          {hits.length === 0 && <li className="muted">Nothing matches “{query}”.</li>}
        </ul>
      </div>
    </div>
  );
}
