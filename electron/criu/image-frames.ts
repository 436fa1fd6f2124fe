import { corrupt } from './image-cursor';

/**
 * Where each entry of a protobuf image without extra payloads lies, found by
 * walking the size words only: a view can index a million entries in a few
 * typed arrays and decode just the ones it needs.
 */
export interface ImageFrames {
  /** The magic words before the first entry. */
  header: Buffer;
  /** Payload start and size of entry i (its size word is the 4 bytes before). */
  starts: Uint32Array;
  sizes: Uint32Array;
  /** Entries in the image beyond `maxEntries`, not framed. */
  beyond: number;
}

/**
 * Frames the entries after an `headerLength`-byte header. The entries are
 * counted before anything is allocated; a size word running past the end
 * throws IMAGE_CORRUPT naming the entry, as decoding would.
 */
export function frameImage(bytes: Buffer, headerLength: number, maxEntries: number): ImageFrames {
  let count = 0;
  for (let at = headerLength; at < bytes.length; count++) {
    if (bytes.length - at < 4) throw corrupt(count, at, `truncated size prefix (${bytes.length - at} of 4 bytes)`);
    const size = bytes.readUInt32LE(at);
    if (size > bytes.length - at - 4)
      throw corrupt(
        count,
        at + 4,
        `entry of ${size} bytes runs past the end of the image (${bytes.length - at - 4} left)`,
      );
    at += 4 + size;
  }
  const framed = Math.min(count, maxEntries);
  const starts = new Uint32Array(framed);
  const sizes = new Uint32Array(framed);
  for (let i = 0, at = headerLength; i < framed; i++) {
    sizes[i] = bytes.readUInt32LE(at);
    starts[i] = at + 4;
    at += 4 + sizes[i]!;
  }
  return { header: bytes.subarray(0, headerLength), starts, sizes, beyond: count - framed };
}

/**
 * The values of the given top-level varint fields of one protobuf payload,
 * read without decoding it (an id, a type). Undefined where a field is
 * absent or the payload is not well-formed up to it.
 */
export function varintFields(payload: Uint8Array, fields: readonly number[]): (number | undefined)[] {
  const out: (number | undefined)[] = fields.map(() => undefined);
  let left = fields.length;
  let at = 0;
  const varint = (): number | undefined => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10 && at < payload.length; i++) {
      const b = payload[at++]!;
      value += (b & 0x7f) * scale;
      scale *= 128;
      if (b < 0x80) return value;
    }
    return undefined;
  };
  while (left > 0 && at < payload.length) {
    const tag = varint();
    if (tag === undefined) break;
    const wire = tag % 8;
    const field = Math.floor(tag / 8);
    let value: number | undefined;
    if (wire === 0) value = varint();
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      const length = varint();
      if (length === undefined) break;
      at += length;
    } else break;
    if (value === undefined && wire === 0) break;
    const slot = fields.indexOf(field);
    if (slot >= 0 && wire === 0 && out[slot] === undefined) {
      out[slot] = value;
      left--;
    }
  }
  return out;
}
