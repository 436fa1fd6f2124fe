import { X } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { archiveTitles } from '../../../shared/tab-titles';
import { rovingIndex } from '../lib/roving-keys';
import { closeArchive, selectArchive, useActiveArchive, useOpenArchives } from '../stores/archives-store';
import { TabsOverflowMenu } from './tabs-overflow-menu';

const focusTab = (archiveId: string) => document.getElementById(`archive-tab-${archiveId}`)?.focus();

/** True while the strip's tabs are wider than the strip (some are scrolled out of sight). */
function useOverflowing(strip: React.RefObject<HTMLDivElement | null>, count: number): boolean {
  const [overflowing, setOverflowing] = useState(false);
  useEffect(() => {
    const el = strip.current;
    if (!el) return;
    const measure = () => setOverflowing(el.scrollWidth > el.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [strip, count]);
  return overflowing;
}

/**
 * One tab per open archive, titled so that they can be told apart: one tab
 * stop, Left/Right/Home/End inside (the ARIA tablist pattern), Delete closes;
 * when they do not fit, a menu lists them all.
 */
export function ArchiveTabs() {
  const archives = useOpenArchives();
  const active = useActiveArchive();
  const titles = useMemo(() => archiveTitles(archives), [archives]);
  const strip = useRef<HTMLDivElement>(null);
  const overflowing = useOverflowing(strip, archives.length);
  const stopId = active?.archiveId ?? archives[0]?.archiveId;

  useEffect(() => {
    if (active) document.getElementById(`archive-tab-${active.archiveId}`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const onKeyDown = (e: KeyboardEvent) => {
    const index = archives.findIndex((a) => `archive-tab-${a.archiveId}` === (e.target as HTMLElement).id);
    if (index < 0) return;
    if (e.key === 'Delete') {
      e.preventDefault();
      const next = archives[index + 1] ?? archives[index - 1];
      void closeArchive(archives[index]!.archiveId);
      if (next) requestAnimationFrame(() => focusTab(next.archiveId));
      return;
    }
    const to = rovingIndex(e.key, index, archives.length);
    const target = to === null ? undefined : archives[to];
    if (!target) return;
    e.preventDefault();
    selectArchive(target.archiveId);
    focusTab(target.archiveId);
  };

  if (archives.length === 0) return null;
  return (
    <>
      <div
        ref={strip}
        className="archive-tabs"
        role="tablist"
        aria-label="Open archives"
        data-testid="archive-tabs"
        data-overflowing={overflowing}
        onKeyDown={onKeyDown}
      >
        {archives.map((a) => {
          const selected = active?.archiveId === a.archiveId;
          const title = titles.get(a.archiveId);
          return (
            <span key={a.archiveId} className={selected ? 'place archive active' : 'place archive'}>
              <button
                id={`archive-tab-${a.archiveId}`}
                role="tab"
                aria-selected={selected}
                tabIndex={a.archiveId === stopId ? 0 : -1}
                className="place-label"
                title={title?.tooltip}
                data-testid={`archive-tab-${a.archiveId}`}
                onClick={() => selectArchive(a.archiveId)}
              >
                {title?.title ?? a.fileName}
              </button>
              <button
                className="icon-btn"
                tabIndex={-1}
                aria-label={`Close ${title?.title ?? a.fileName}`}
                title="Close (Delete on the tab, Ctrl+W)"
                onClick={() => void closeArchive(a.archiveId)}
              >
                <X size={12} aria-hidden />
              </button>
            </span>
          );
        })}
      </div>
      {overflowing && <TabsOverflowMenu titles={titles} />}
    </>
  );
}
