import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BYTES_PER_ROW, HexLayout } from '../../../renderer/src/components/hex/hex-layout';
import { hexAddress, parseAddress } from '../../../renderer/src/lib/format';

describe('HexLayout', () => {
  const layout = new HexLayout([
    { start: 0x7f00_0000_1008, end: 0x7f00_0000_1040, label: 'rw-p [heap]' },
    { start: 0x400000, end: 0x401000, label: null },
  ]);

  it('sorts segments and counts label and data rows without materialising them', () => {
    expect(layout.segments[0]?.start).toBe(0x400000);
    // 0x1000 / 16 data rows, then a label and 0x1000..0x1040 (0x1008 rounded down) = 4 rows.
    expect(layout.rowCount).toBe(256 + 1 + 4);
    expect(layout.lastAddress).toBe(0x7f00_0000_1040);
  });

  it('maps rows to addresses and labels', () => {
    expect(layout.row(0)).toEqual({ kind: 'data', segment: 0, address: 0x400000 });
    expect(layout.row(255)).toEqual({ kind: 'data', segment: 0, address: 0x400ff0 });
    expect(layout.row(256)).toEqual({ kind: 'label', segment: 1, text: 'rw-p [heap]', address: 0x7f00_0000_1008 });
    expect(layout.row(257)).toEqual({ kind: 'data', segment: 1, address: 0x7f00_0000_1000 });
    expect(layout.row(-1)).toBeNull();
    expect(layout.row(layout.rowCount)).toBeNull();
  });

  it('finds the row of an address, and none in a hole', () => {
    expect(layout.rowOfAddress(0x400000)).toBe(0);
    expect(layout.rowOfAddress(0x400011)).toBe(1);
    expect(layout.rowOfAddress(0x7f00_0000_1039)).toBe(260);
    expect(layout.rowOfAddress(0x500000)).toBeNull();
    expect(layout.rowOfAddress(0x7f00_0000_1040)).toBeNull();
  });

  it('handles a terabyte-sized address space in O(segments)', () => {
    const big = new HexLayout([{ start: 0, end: 2 ** 40, label: null }]);
    expect(big.rowCount).toBe(2 ** 40 / BYTES_PER_ROW);
    expect(big.row(big.rowCount - 1)).toEqual({ kind: 'data', segment: 0, address: 2 ** 40 - 16 });
  });

  it('row(rowOfAddress(a)) is the row holding a, for any address in any segment', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 36 }), fc.integer({ min: 1, max: 5000 }), fc.boolean()), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.nat(),
        (specs, pick) => {
          // Disjoint segments, as VMAs are.
          let cursor = 0;
          const segments = specs.map(([gap, size, labelled]) => {
            const start = cursor + gap;
            cursor = start + size + 32;
            return { start, end: start + size, label: labelled ? 'vma' : null };
          });
          const l = new HexLayout(segments);
          const s = segments[pick % segments.length]!;
          const address = s.start + (pick % (s.end - s.start));
          const row = l.rowOfAddress(address);
          expect(row).not.toBeNull();
          const model = l.row(row!);
          expect(model?.kind).toBe('data');
          expect(address - model!.address).toBeGreaterThanOrEqual(0);
          expect(address - model!.address).toBeLessThan(BYTES_PER_ROW);
        },
      ),
    );
  });
});

describe('address text', () => {
  it('parses hex with or without 0x, # and underscores; refuses the rest', () => {
    expect(parseAddress('0x7fff_0000')).toBe(0x7fff0000);
    expect(parseAddress(' #1F ')).toBe(0x1f);
    expect(parseAddress('ff')).toBe(255);
    expect(parseAddress('0xzz')).toBeNull();
    expect(parseAddress('')).toBeNull();
    expect(parseAddress('1'.repeat(15))).toBeNull();
  });

  it('formats padded addresses that parse back', () => {
    expect(hexAddress(0x400000)).toBe('0x000000400000');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(parseAddress(hexAddress(n))).toBe(n);
      }),
    );
  });
});
