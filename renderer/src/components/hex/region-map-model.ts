/**
 * The region map beside the hex scroll bar: each segment as a band at the
 * place the scroll bar would show it (rows, not bytes, so the map and the
 * scroll bar agree), a band at least MIN_PX tall so a small mapping is seen.
 */
import type { HexLayout, HexSegment, RegionTone } from './hex-layout';

export const MIN_PX = 2;

export interface MapBand {
  segment: number;
  top: number;
  height: number;
  tone: RegionTone | 'plain';
  dumped: boolean;
  title: string;
}

export function mapBands(layout: HexLayout, heightPx: number): MapBand[] {
  if (layout.rowCount === 0 || heightPx <= 0) return [];
  const scale = heightPx / layout.rowCount;
  const bands: MapBand[] = [];
  let lastPixel = -1;
  layout.segments.forEach((seg: HexSegment, i) => {
    const first = layout.firstRowOf(i);
    const next = i + 1 < layout.segments.length ? layout.firstRowOf(i + 1) : layout.rowCount;
    const top = Math.min(heightPx - MIN_PX, first * scale);
    // Thousands of small mappings share a pixel: draw the first of each pixel, the rest are behind it anyway.
    const pixel = Math.floor(top);
    if (pixel === lastPixel) return;
    lastPixel = pixel;
    bands.push({
      segment: i,
      top,
      height: Math.max(MIN_PX, (next - first) * scale),
      tone: seg.tone ?? 'plain',
      dumped: seg.dumped ?? true,
      title: seg.label ?? `0x${seg.start.toString(16)}–0x${seg.end.toString(16)}`,
    });
  });
  return bands;
}

/** The viewport box: where the visible rows sit on the map. */
export function viewportBox(first: number, visible: number, rowCount: number, heightPx: number) {
  if (rowCount === 0) return { top: 0, height: heightPx };
  const scale = heightPx / rowCount;
  const height = Math.min(heightPx, Math.max(4, visible * scale));
  return { top: Math.min(heightPx - height, first * scale), height };
}

/** The row at a point of the map (for a click or a drag). */
export function rowAtPixel(y: number, rowCount: number, heightPx: number): number {
  if (heightPx <= 0) return 0;
  return Math.max(0, Math.min(rowCount - 1, Math.floor((y / heightPx) * rowCount)));
}

/** A mark for a row range (a bookmark, the search hit) on the map. */
export function markAt(row: number, rowCount: number, heightPx: number): number {
  return rowCount === 0 ? 0 : Math.min(heightPx - 2, (row / rowCount) * heightPx);
}

export function toneOfProt(prot: string): RegionTone {
  if (prot.includes('x')) return 'exec';
  if (prot.includes('w')) return 'write';
  if (prot.startsWith('r')) return 'read';
  return 'none';
}
