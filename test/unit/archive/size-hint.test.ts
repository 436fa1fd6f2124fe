import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decompressedSizeHint } from '../../../electron/archive/disk-space';
import { frameHeader, zstdRaw, zstdSparse } from '../../hostile/zstd-writer';

const data = Buffer.alloc(300_000, 7);

describe('the decompressed size a stream declares', () => {
  it('zstd: the frame content size when the header has one, null when it does not', () => {
    const sized = zstdSparse(data, true);
    expect(decompressedSizeHint('zstd', sized.subarray(0, 18), sized.subarray(-4), sized.length)).toBe(data.length);
    const unsized = zstdRaw(data);
    expect(decompressedSizeHint('zstd', unsized.subarray(0, 18), unsized.subarray(-4), unsized.length)).toBeNull();
    expect(decompressedSizeHint('zstd', frameHeader().subarray(0, 3), Buffer.alloc(0), 3)).toBeNull();
  });

  it('gzip: ISIZE, raised by 4 GiB steps when it is below the compressed size (it counts mod 2^32)', () => {
    const gz = gzipSync(data);
    expect(decompressedSizeHint('gzip', gz.subarray(0, 18), gz.subarray(-4), gz.length)).toBe(data.length);
    const tail = Buffer.alloc(4);
    tail.writeUInt32LE(1000);
    expect(decompressedSizeHint('gzip', gz, tail, 5 * 2 ** 30)).toBe(1000 + 2 * 2 ** 32);
    expect(decompressedSizeHint('gzip', gz, Buffer.alloc(2), 2)).toBeNull();
  });
});
