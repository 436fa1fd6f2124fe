import { useRef, type PointerEvent } from 'react';
import { useElementHeight } from '../../lib/use-element-height';
import type { HexLayout } from './hex-layout';
import { mapBands, markAt, rowAtPixel, viewportBox } from './region-map-model';

interface Props {
  layout: HexLayout;
  first: number;
  visible: number;
  /** Rows to mark with a tick (bookmarks, the highlighted match). */
  marks: { row: number; kind: 'bookmark' | 'hit' }[];
  onGo: (row: number) => void;
}

/**
 * The whole address space at a glance, beside the scroll bar: one band per
 * mapping, coloured by protection, hollow where nothing was dumped; the
 * visible window as a box; ticks for bookmarks and the match. Click or drag
 * to go there (the keyboard has the jump box and Home/End).
 */
export function HexRegionMap({ layout, first, visible, marks, onGo }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const height = useElementHeight(box, 0);

  const go = (e: PointerEvent<HTMLDivElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    onGo(rowAtPixel(e.clientY - rect.top, layout.rowCount, rect.height) - Math.floor(visible / 2));
  };
  const bands = mapBands(layout, height);
  const view = viewportBox(first, visible, layout.rowCount, height);
  return (
    <div
      ref={box}
      className="hx-map"
      data-testid="hex-region-map"
      data-bands={bands.length}
      title="Region map: click or drag to go there"
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        go(e);
      }}
      onPointerMove={(e) => {
        if (e.buttons & 1) go(e);
      }}
    >
      {bands.map((b) => (
        <div
          key={b.segment}
          className={`hx-map-band tone-${b.tone}${b.dumped ? '' : ' hollow'}`}
          style={{ top: b.top, height: b.height }}
          title={b.dumped ? b.title : `${b.title} (not in the checkpoint)`}
        />
      ))}
      {marks.map((m, i) => (
        <div
          key={`${m.kind}-${i}`}
          className={`hx-map-mark ${m.kind}`}
          data-testid={`hex-map-${m.kind}`}
          style={{ top: markAt(m.row, layout.rowCount, height) }}
        />
      ))}
      <div className="hx-map-view" data-testid="hex-map-view" style={{ top: view.top, height: view.height }} />
    </div>
  );
}
