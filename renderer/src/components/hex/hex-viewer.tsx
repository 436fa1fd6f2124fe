import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type KeyboardEvent,
  type MouseEvent,
} from 'react';
import { downloadBlob } from '../../lib/download';
import { useElementHeight } from '../../lib/use-element-height';
import { CHUNK, getChunk, requestChunk, subscribeChunks, type ChunkFetcher } from './chunk-cache';
import { DataInspector } from './data-inspector';
import { ContextMenu, type ContextMenuState } from '../context-menu';
import { CopyToast } from '../copy-toast';
import { useCopyFeedback } from '../use-copy-feedback';
import { bookmarksIn } from './bookmarks';
import { HexBookmarks } from './hex-bookmarks';
import { HexJump } from './hex-jump';
import { hexMenuItems } from './hex-menu';
import { HexRegionMap } from './hex-region-map';
import { BYTES_PER_ROW, HexLayout, type HexSegment } from './hex-layout';
import { HexRow, type ByteSpan } from './hex-row';
import { extendTo, readSelection, selectionRange, type HexSelection } from './hex-selection';
import { HexSelectionBar } from './hex-selection-bar';
import { useBookmarks } from './use-bookmarks';

interface Props {
  segments: HexSegment[];
  fetchChunk: ChunkFetcher;
  /** Prefix of this view's chunk keys (e.g. archive, pid). */
  cacheKey: string;
  testId?: string;
  /** Jump here when `seq` changes (e.g. a search result was clicked); `length` bytes are highlighted (default 1). */
  jumpTo?: { address: number; seq: number; length?: number } | null;
  /** Saves a selected range (memory: through main, which refuses pages not in the checkpoint); default: the selected bytes as a download. */
  onSaveRange?: (start: number, end: number) => Promise<string>;
  /** Where this view's bookmarks are remembered (stable across reloads); null: this session only. */
  bookmarkKey?: string | null;
  /** The base of exported file names. */
  exportName?: string;
}

const ROW_H = 20;
// Browsers cap an element's height (~33M px in Chromium); beyond this the scrollbar is scaled.
const MAX_PX = 4_000_000;

function useChunkVersion(): number {
  const version = useRef(0);
  return useSyncExternalStore(
    (cb) =>
      subscribeChunks(() => {
        version.current += 1;
        cb();
      }),
    () => version.current,
  );
}

/** Hex over sparse segments, virtualized by hand so that a GiB scrolls: only visible rows exist. */
export function HexViewer({
  segments,
  fetchChunk,
  cacheKey,
  testId = 'hex-viewer',
  jumpTo = null,
  onSaveRange,
  bookmarkKey = null,
  exportName = 'hex',
}: Props) {
  const layout = useMemo(() => new HexLayout(segments), [segments]);
  const scroller = useRef<HTMLDivElement>(null);
  const viewH = useElementHeight(scroller, 400);
  const [first, setFirst] = useState(0);
  const [subRow, setSubRow] = useState(0);
  const [highlight, setHighlight] = useState<ByteSpan | null>(null);
  const [selection, setSelection] = useState<HexSelection | null>(null);
  const dragging = useRef(false);
  const selected = selection ? selectionRange(selection) : null;
  const expectedTop = useRef<number | null>(null);
  const bookmarks = useBookmarks(bookmarkKey);
  const [menu, setMenu] = useState<ContextMenuState | null>(null);
  const [copyState, copy] = useCopyFeedback();
  const closeMenu = useCallback(() => setMenu(null), []);
  useChunkVersion();

  const visible = Math.ceil(viewH / ROW_H) + 1;
  const maxFirst = Math.max(0, layout.rowCount - visible + 1);
  const totalPx = layout.rowCount * ROW_H;
  const scaled = totalPx > MAX_PX;
  const spacerPx = scaled ? MAX_PX : totalPx;
  const addressWidth = Math.max(8, layout.lastAddress.toString(16).length);

  const goTo = (row: number) => {
    const target = Math.max(0, Math.min(maxFirst, row));
    setFirst(target);
    setSubRow(0);
    const el = scroller.current;
    if (!el) return;
    const top = scaled ? (maxFirst === 0 ? 0 : (target / maxFirst) * (spacerPx - viewH)) : target * ROW_H;
    expectedTop.current = top;
    el.scrollTop = top;
  };

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    if (expectedTop.current !== null && Math.abs(el.scrollTop - expectedTop.current) < 1.5) return;
    expectedTop.current = null;
    if (scaled) {
      setFirst(Math.round((el.scrollTop / Math.max(1, spacerPx - viewH)) * maxFirst));
      setSubRow(0);
    } else {
      setFirst(Math.floor(el.scrollTop / ROW_H));
      setSubRow(el.scrollTop % ROW_H);
    }
  };

  // In scaled mode a wheel tick would skip thousands of rows; move by rows instead.
  const wheelState = useRef({ first, goTo });
  wheelState.current = { first, goTo };
  useEffect(() => {
    const el = scroller.current;
    if (!el || !scaled) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const rows = e.deltaMode === 1 ? e.deltaY * 1 : e.deltaMode === 2 ? e.deltaY * visible : e.deltaY / ROW_H;
      const step = rows > 0 ? Math.max(1, Math.round(rows)) : Math.min(-1, Math.round(rows));
      wheelState.current.goTo(wheelState.current.first + step);
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [scaled, visible]);

  const rows = [];
  const firstRow = layout.row(first);
  const lastRow = layout.row(Math.min(layout.rowCount - 1, first + visible + 1));
  const shownMarks =
    firstRow && lastRow ? bookmarksIn(bookmarks.list, firstRow.address, lastRow.address + BYTES_PER_ROW) : [];
  const wanted = new Map<string, { start: number; length: number }>();
  for (let i = first; i < Math.min(layout.rowCount, first + visible + 1); i++) {
    const row = layout.row(i);
    if (!row) continue;
    const seg = layout.segments[row.segment] as HexSegment;
    if (row.kind === 'label') {
      rows.push(
        <div key={i} className="hx-label" data-testid={`hex-vma-0x${seg.start.toString(16)}`}>
          {row.text}
        </div>,
      );
      continue;
    }
    const base = Math.max(seg.start, row.address - (row.address % CHUNK));
    const chunkStart = Math.max(seg.start, base);
    const chunkEnd = Math.min(seg.end, row.address - (row.address % CHUNK) + CHUNK);
    const key = `${cacheKey}@${chunkStart}`;
    const slot = getChunk(key);
    if (!slot) wanted.set(key, { start: chunkStart, length: chunkEnd - chunkStart });
    rows.push(
      <HexRow
        key={i}
        address={row.address}
        segStart={seg.start}
        segEnd={seg.end}
        chunk={slot?.state === 'done' ? slot.chunk : null}
        failed={slot?.state === 'error'}
        addressWidth={addressWidth}
        highlight={highlight}
        selection={selected}
        marks={shownMarks}
      />,
    );
  }

  const wantedKey = [...wanted.keys()].join('|');
  useEffect(() => {
    if (!wantedKey) return;
    // Wait until scrolling settles so a dragged scrollbar does not read every page on the way.
    const timer = setTimeout(() => {
      for (const [key, { start, length }] of wanted) requestChunk(key, start, length, fetchChunk);
    }, 60);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `wanted` is derived from wantedKey within this render.
  }, [wantedKey, fetchChunk]);

  const byteAt = (e: MouseEvent): number | null => {
    const a = (e.target as HTMLElement).closest('[data-a]')?.getAttribute('data-a');
    return a === null || a === undefined ? null : Number(a);
  };
  const onMouseDown = (e: MouseEvent) => {
    const at = byteAt(e);
    if (at === null || e.button !== 0) return;
    e.preventDefault();
    scroller.current?.focus();
    dragging.current = true;
    setSelection((s) => (e.shiftKey && s ? extendTo(s, at, layout.segments) : { anchor: at, focus: at }));
  };
  const onMouseOver = (e: MouseEvent) => {
    const at = byteAt(e);
    if (!dragging.current || at === null) return;
    if ((e.buttons & 1) === 0) dragging.current = false;
    else setSelection((s) => (s ? extendTo(s, at, layout.segments) : s));
  };
  useEffect(() => {
    const up = () => (dragging.current = false);
    window.addEventListener('mouseup', up);
    return () => window.removeEventListener('mouseup', up);
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    // Shift+arrows grow the selection by a byte or a row, as in a text editor.
    const grow: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: BYTES_PER_ROW,
      ArrowUp: -BYTES_PER_ROW,
    };
    if (e.shiftKey && selection && e.key in grow) {
      const next = extendTo(selection, selection.focus + (grow[e.key] as number), layout.segments);
      setSelection(next);
      const row = layout.rowOfAddress(next.focus);
      if (row !== null && (row < first || row >= first + visible - 1)) goTo(row - Math.floor(visible / 2));
      e.preventDefault();
      return;
    }
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'b' && selected) {
      bookmarkSelection();
      e.preventDefault();
      return;
    }
    if (e.key === 'Escape' && selection) {
      setSelection(null);
      e.preventDefault();
      return;
    }
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: visible - 1, PageUp: 1 - visible };
    if (e.key in moves) goTo(first + (moves[e.key] as number));
    else if (e.key === 'Home') goTo(0);
    else if (e.key === 'End') goTo(maxFirst);
    else return;
    e.preventDefault();
  };

  const jump = (address: number, length = 1): boolean => {
    const row = layout.rowOfAddress(address);
    if (row === null) return false;
    goTo(row - 2);
    setHighlight({ start: address, end: address + Math.max(1, length) });
    return true;
  };

  const goToRange = (start: number, end: number) => {
    if (jump(start, end - start)) setSelection({ anchor: start, focus: end - 1 });
  };
  const bookmarkRange = (start: number, end: number) =>
    bookmarks.add(start, end, `${(end - start).toLocaleString()} bytes`);
  const bookmarkSelection = () => {
    if (selected) bookmarkRange(selected.start, selected.end);
  };
  const onContextMenu = (e: MouseEvent) => {
    const at = byteAt(e);
    const segment = at === null ? undefined : layout.segments.find((g) => g.start <= at && at < g.end);
    if (at === null || !segment) return;
    e.preventDefault();
    setMenu({
      x: e.clientX,
      y: e.clientY,
      items: hexMenuItems(at, selected, segment, {
        copy,
        select: (start, end) => setSelection({ anchor: start, focus: end - 1 }),
        bookmark: bookmarkRange,
      }),
    });
  };
  const mapMarks = [
    ...bookmarks.list.map((b) => ({ row: layout.rowOfAddress(b.start) ?? -1, kind: 'bookmark' as const })),
    ...(highlight ? [{ row: layout.rowOfAddress(highlight.start) ?? -1, kind: 'hit' as const }] : []),
  ].filter((m) => m.row >= 0);

  const jumpRef = useRef(jump);
  jumpRef.current = jump;
  const jumpSeq = jumpTo?.seq ?? null;
  const jumpAddress = jumpTo?.address ?? null;
  const jumpLength = jumpTo?.length ?? 1;
  useEffect(() => {
    if (jumpSeq !== null && jumpAddress !== null) jumpRef.current(jumpAddress, jumpLength);
  }, [jumpSeq, jumpAddress, jumpLength]);

  const selectedSegment = selected
    ? layout.segments.find((g) => g.start <= selected.start && selected.start < g.end)
    : undefined;
  const readSelected = () =>
    selected && selectedSegment
      ? readSelection(selected.start, selected.end, selectedSegment, fetchChunk)
      : Promise.reject(new Error('nothing selected'));
  const saveSelected = async (): Promise<string> => {
    if (!selected) throw new Error('nothing selected');
    if (onSaveRange) return onSaveRange(selected.start, selected.end);
    const bytes = await readSelected();
    downloadBlob(
      [bytes as Uint8Array<ArrayBuffer>],
      `bytes-0x${selected.start.toString(16)}-0x${selected.end.toString(16)}.bin`,
      'application/octet-stream',
    );
    return `Saved ${bytes.length} bytes`;
  };

  return (
    <div className="hex-viewer" data-testid={testId}>
      <HexJump onJump={jump} rowCount={layout.rowCount} first={first} />
      {selected && (
        <HexSelectionBar
          start={selected.start}
          end={selected.end}
          read={readSelected}
          save={saveSelected}
          onClear={() => setSelection(null)}
          onBookmark={bookmarkSelection}
        />
      )}
      <div className="hx-body">
        <div
          className="hx-scroll"
          ref={scroller}
          tabIndex={0}
          onScroll={onScroll}
          onKeyDown={onKeyDown}
          aria-label="Hex view"
        >
          <div
            className="hx-window"
            style={{ height: viewH, transform: `translateY(${-subRow}px)` }}
            onMouseDown={onMouseDown}
            onMouseOver={onMouseOver}
            onContextMenu={onContextMenu}
          >
            {rows}
          </div>
          <div style={{ height: Math.max(0, spacerPx - viewH) }} />
        </div>
        <HexRegionMap layout={layout} first={first} visible={visible} marks={mapMarks} onGo={goTo} />
        {((selected && selectedSegment) || bookmarks.list.length > 0 || bookmarks.problem) && (
          <div className="hx-side">
            {selected && selectedSegment && (
              <DataInspector cursor={selected.start} segment={selectedSegment} fetchChunk={fetchChunk} />
            )}
            <HexBookmarks bookmarks={bookmarks} onGo={goToRange} exportName={exportName} />
          </div>
        )}
      </div>
      {menu && <ContextMenu menu={menu} onClose={closeMenu} testId="hex-menu" />}
      <CopyToast state={copyState} />
    </div>
  );
}
