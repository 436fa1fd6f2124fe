import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../../renderer/src/components/hex/chunk-cache';
import { extendTo, readSelection, selectionRange } from '../../../renderer/src/components/hex/hex-selection';
import { formatBytesAs } from '../../../renderer/src/components/hex/selection-format';

const bytes = Uint8Array.from({ length: 20 }, (_, i) => i * 13);

describe('hex selection', () => {
  it('copies as spaced hex, base64 and a C array of 12 bytes a line', () => {
    const some = bytes.subarray(0, 14);
    expect(formatBytesAs(some.subarray(0, 3), 'hex', 0)).toBe('00 0d 1a');
    expect(formatBytesAs(some, 'base64', 0)).toBe(Buffer.from(some).toString('base64'));
    expect(formatBytesAs(Uint8Array.from([0x41, 0x00, 0x7a, 0x0a]), 'text', 0)).toBe('A.z.');
    expect(formatBytesAs(some, 'c', 0x10)).toBe(
      '/* 0x10, 14 bytes */\nunsigned char data_10[14] = {\n' +
        '  0x00, 0x0d, 0x1a, 0x27, 0x34, 0x41, 0x4e, 0x5b, 0x68, 0x75, 0x82, 0x8f,\n  0x9c, 0xa9\n};\n',
    );
  });

  it('runs either way from the anchor, inclusive, and stays inside the anchor segment', () => {
    const segs = [
      { start: 0x1000, end: 0x2000, label: null },
      { start: 0x3000, end: 0x4000, label: null },
    ];
    expect(selectionRange({ anchor: 0x1010, focus: 0x1004 })).toEqual({ start: 0x1004, end: 0x1011 });
    expect(extendTo({ anchor: 0x1010, focus: 0x1010 }, 0x3500, segs)).toEqual({ anchor: 0x1010, focus: 0x1fff });
    expect(extendTo({ anchor: 0x3010, focus: 0x3010 }, 0x10, segs)).toEqual({ anchor: 0x3010, focus: 0x3000 });
  });

  it('reads the selection through the viewer chunks, and refuses bytes of pages not in the checkpoint', async () => {
    const memory = Uint8Array.from({ length: 3 * 4096 }, (_, i) => i & 0xff);
    const asked: [number, number][] = [];
    const fetch = (start: number, length: number): Promise<Chunk> => {
      asked.push([start, length]);
      const present = [true, false, true].slice(Math.floor(start / 4096), Math.ceil((start + length) / 4096));
      return Promise.resolve({ start, bytes: memory.subarray(start, start + length), present });
    };
    const seg = { start: 0, end: 3 * 4096 };
    expect(await readSelection(10, 30, seg, fetch)).toEqual(memory.subarray(10, 30));
    expect(asked).toEqual([[0, 3 * 4096]]);
    await expect(readSelection(4000, 4200, seg, fetch)).rejects.toThrow(
      '104 of the 200 selected bytes are not in the checkpoint',
    );
  });
});
