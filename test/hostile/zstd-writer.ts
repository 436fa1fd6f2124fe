/**
 * Valid zstd frames made of raw and RLE blocks, so tests need no zstd
 * encoder: any conforming decoder must accept them.
 */
const MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);
export const BLOCK_MAX = 128 * 1024;

/** Frame header with a window descriptor: window = 2^(10 + exponent). */
export function frameHeader(windowExponent = 7): Buffer {
  return Buffer.concat([MAGIC, Buffer.from([0x00, (windowExponent & 0x1f) << 3])]);
}

export function blockHeader(last: boolean, type: 0 | 1 | 2 | 3, size: number): Buffer {
  const raw = (last ? 1 : 0) | (type << 1) | (size << 3);
  return Buffer.from([raw & 0xff, (raw >> 8) & 0xff, (raw >> 16) & 0xff]);
}

/** One frame holding data in raw (stored) blocks. */
export function zstdRaw(data: Buffer): Buffer {
  const parts = [frameHeader()];
  if (data.length === 0) parts.push(blockHeader(true, 0, 0));
  for (let pos = 0; pos < data.length; pos += BLOCK_MAX) {
    const chunk = data.subarray(pos, pos + BLOCK_MAX);
    parts.push(blockHeader(pos + BLOCK_MAX >= data.length, 0, chunk.length), chunk);
  }
  return Buffer.concat(parts);
}

/** A frame of RLE blocks: `total` bytes of `byte` in about total/32768 bytes (a zstd bomb). */
export function zstdRle(byte: number, total: number): Buffer {
  const blocks = Math.ceil(total / BLOCK_MAX);
  const parts = [frameHeader()];
  for (let i = 0; i < blocks; i++) {
    const size = Math.min(BLOCK_MAX, total - i * BLOCK_MAX);
    parts.push(blockHeader(i === blocks - 1, 1, size), Buffer.from([byte]));
  }
  return Buffer.concat(parts);
}

/**
 * One frame of `data`, each 128 KiB block RLE where it is one repeated byte
 * and raw otherwise (so a large sparse tar stays small). With `declareSize`
 * the frame header carries the content size (8-byte field), as `zstd FILE` writes it.
 */
export function zstdSparse(data: Buffer, declareSize: boolean): Buffer {
  const header = declareSize ? Buffer.concat([MAGIC, Buffer.from([0xc0, 7 << 3]), Buffer.alloc(8)]) : frameHeader();
  if (declareSize) header.writeBigUInt64LE(BigInt(data.length), 6);
  const parts = [header];
  for (let pos = 0; pos < data.length; pos += BLOCK_MAX) {
    const chunk = data.subarray(pos, pos + BLOCK_MAX);
    const last = pos + BLOCK_MAX >= data.length;
    const first = chunk[0] ?? 0;
    if (chunk.equals(Buffer.alloc(chunk.length, first)))
      parts.push(blockHeader(last, 1, chunk.length), Buffer.from([first]));
    else parts.push(blockHeader(last, 0, chunk.length), chunk);
  }
  return Buffer.concat(parts);
}
