import { describe, expect, it } from 'vitest';
import { HexLayout } from '../../../renderer/src/components/hex/hex-layout';
import {
  MIN_PX,
  mapBands,
  rowAtPixel,
  toneOfProt,
  viewportBox,
} from '../../../renderer/src/components/hex/region-map-model';

describe('the hex region map', () => {
  const layout = new HexLayout([
    { start: 0x1000, end: 0x2000, label: 'code', tone: 'exec' },
    { start: 0x10000, end: 0x30000, label: 'heap', tone: 'write' },
    { start: 0x40000, end: 0x40010, label: 'tiny', tone: 'read', dumped: false },
  ]);

  it('puts each segment where the scroll bar shows it, small ones still visible', () => {
    const bands = mapBands(layout, 1000);
    expect(bands.map((b) => b.tone)).toEqual(['exec', 'write', 'read']);
    // 257 + 8193 + 2 rows: the heap takes ~97% of the map, the code ~3%.
    expect(bands[1]!.height / 1000).toBeCloseTo(8193 / layout.rowCount, 3);
    expect(bands[0]!.top).toBe(0);
    expect(bands[1]!.top).toBeCloseTo((257 / layout.rowCount) * 1000, 6);
    expect(bands[2]!.height).toBe(MIN_PX);
    expect(bands[2]!.dumped).toBe(false);
    expect(bands[2]!.top).toBeLessThanOrEqual(1000 - MIN_PX);
  });

  it('draws one band per pixel when thousands of mappings share it', () => {
    const many = new HexLayout(
      Array.from({ length: 5000 }, (_, i) => ({ start: i * 0x10000, end: i * 0x10000 + 16, label: null })),
    );
    const bands = mapBands(many, 100);
    expect(bands.length).toBeLessThanOrEqual(100);
    expect(bands.length).toBeGreaterThan(90);
  });

  it('maps clicks to rows and the visible window to a box, both inside the map', () => {
    expect(rowAtPixel(0, layout.rowCount, 500)).toBe(0);
    expect(rowAtPixel(500, layout.rowCount, 500)).toBe(layout.rowCount - 1);
    expect(rowAtPixel(250, layout.rowCount, 500)).toBe(Math.floor(layout.rowCount / 2));
    const box = viewportBox(layout.rowCount - 10, 40, layout.rowCount, 500);
    expect(box.top + box.height).toBeLessThanOrEqual(500);
    expect(box.height).toBeGreaterThanOrEqual(4);
    expect(mapBands(new HexLayout([]), 500)).toEqual([]);
  });

  it('colours by protection', () => {
    expect(toneOfProt('r-xp')).toBe('exec');
    expect(toneOfProt('rw-p')).toBe('write');
    expect(toneOfProt('r--s')).toBe('read');
    expect(toneOfProt('---p')).toBe('none');
  });
});
