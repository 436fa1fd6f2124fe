import { AppError } from '../../shared/errors';

/**
 * Bounded reading of an image's entries: `SIZE PAYLOAD [EXTRA]`, SIZE a
 * uint32 LE. Every length is checked against what is left and against the
 * per-entry limit before anything is sliced.
 */
export class ImageCursor {
  pos: number;

  constructor(
    readonly buf: Buffer,
    start: number,
    readonly maxEntrySize: number,
  ) {
    this.pos = start;
  }

  get left(): number {
    return this.buf.length - this.pos;
  }

  /** The size prefix of the next entry, or undefined at the end of the image. */
  sizePrefix(entry: number): number | undefined {
    if (this.left === 0) return undefined;
    if (this.left < 4) throw corrupt(entry, this.pos, `truncated size prefix (${this.left} of 4 bytes)`);
    const size = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return size;
  }

  /** `length` bytes of `what` for entry `entry`, bounded by the image and the limit. */
  take(length: number, entry: number, what: string): Buffer {
    if (!Number.isSafeInteger(length) || length < 0) throw corrupt(entry, this.pos, `invalid ${what} length ${length}`);
    if (length > this.left) {
      throw corrupt(entry, this.pos, `${what} of ${length} bytes runs past the end of the image (${this.left} left)`);
    }
    if (length > this.maxEntrySize) {
      throw new AppError(
        'LIMIT_EXCEEDED',
        `entry ${entry}: ${what} of ${length} bytes exceeds the limit of ${this.maxEntrySize}`,
        {
          entry,
          offset: this.pos,
          limit: this.maxEntrySize,
        },
      );
    }
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  /** Skip alignment padding that CRIU writes after some payloads. */
  skip(length: number, entry: number, what: string): void {
    if (length > this.left) throw corrupt(entry, this.pos, `${what} runs past the end of the image`);
    this.pos += length;
  }
}

export function corrupt(entry: number, offset: number, reason: string): AppError {
  return new AppError('IMAGE_CORRUPT', `entry ${entry}: ${reason}`, { entry, offset });
}

export function roundUp(value: number, to: number): number {
  return Math.ceil(value / to) * to;
}
