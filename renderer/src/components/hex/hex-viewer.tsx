import { useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import { CHUNK, getChunk, requestChunk, subscribeChunks, type ChunkFetcher } from './chunk-cache';
import { HexJump } from './hex-jump';
import { HexLayout, type HexSegment } from './hex-layout';
import { HexRow } from './hex-row';

interface Props {
  segments: HexSegment[];
  fetchChunk: ChunkFetcher;
  /** Prefix of this view's chunk keys (e.g. archive, pid). */
  cacheKey: string;
  testId?: string;
  /** Jump here when `seq` changes (e.g. a search result was clicked). */
  jumpTo?: { address: number; seq: number } | null;
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
export function HexViewer({ segments, fetchChunk, cacheKey, testId = 'hex-viewer', jumpTo = null }: Props) {
  const layout = useMemo(() => new HexLayout(segments), [segments]);
  const scroller = useRef<HTMLDivElement>(null);
  const [viewH, setViewH] = useState(400);
  const [first, setFirst] = useState(0);
  const [subRow, setSubRow] = useState(0);
  const [highlight, setHighlight] = useState<number | null>(null);
  const expectedTop = useRef<number | null>(null);
  useChunkVersion();

  const visible = Math.ceil(viewH / ROW_H) + 1;
  const maxFirst = Math.max(0, layout.rowCount - visible + 1);
  const totalPx = layout.rowCount * ROW_H;
  const scaled = totalPx > MAX_PX;
  const spacerPx = scaled ? MAX_PX : totalPx;
  const addressWidth = Math.max(8, layout.lastAddress.toString(16).length);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewH(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

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

  const onKeyDown = (e: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: visible - 1, PageUp: 1 - visible };
    if (e.key in moves) goTo(first + (moves[e.key] as number));
    else if (e.key === 'Home') goTo(0);
    else if (e.key === 'End') goTo(maxFirst);
    else return;
    e.preventDefault();
  };

  const jump = (address: number): boolean => {
    const row = layout.rowOfAddress(address);
    if (row === null) return false;
    goTo(row - 2);
    setHighlight(address);
    return true;
  };

  const jumpRef = useRef(jump);
  jumpRef.current = jump;
  const jumpSeq = jumpTo?.seq ?? null;
  const jumpAddress = jumpTo?.address ?? null;
  useEffect(() => {
    if (jumpSeq !== null && jumpAddress !== null) jumpRef.current(jumpAddress);
  }, [jumpSeq, jumpAddress]);

  return (
    <div className="hex-viewer" data-testid={testId}>
      <HexJump onJump={jump} rowCount={layout.rowCount} first={first} />
      <div
        className="hx-scroll"
        ref={scroller}
        tabIndex={0}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        aria-label="Hex view"
      >
        <div className="hx-window" style={{ height: viewH, transform: `translateY(${-subRow}px)` }}>
          {rows}
        </div>
        <div style={{ height: Math.max(0, spacerPx - viewH) }} />
      </div>
    </div>
  );
}
