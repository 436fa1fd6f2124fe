/** Positional reads of a byte range (a file, or a member of a parent file) for the tar walk. */
export interface TarSource {
  readonly size: number;
  /** Reads up to length bytes at pos (relative to the source); shorter only at its end. */
  read(pos: number, length: number): Promise<Buffer>;
}

const SMALL_MEMBER = 32 * 1024;
const WIDE_WINDOW = 64 * 1024;

/**
 * Reads headers through a window. After a large payload it reads just the
 * header block (so indexing a tar of large members touches only headers);
 * after a small payload it reads 64 KiB ahead, because the next headers are
 * likely inside it.
 */
export class BlockReader {
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;

  constructor(private readonly source: TarSource) {}

  async block(pos: number, lastPayload: number): Promise<Buffer> {
    if (pos >= this.windowStart && pos + 512 <= this.windowStart + this.window.length) {
      return this.window.subarray(pos - this.windowStart, pos - this.windowStart + 512);
    }
    const want = lastPayload < SMALL_MEMBER ? WIDE_WINDOW : 512;
    const length = Math.min(want, this.source.size - pos);
    this.window = await this.source.read(pos, length);
    this.windowStart = pos;
    return this.window.subarray(0, 512);
  }

  /** Extension-header payloads; length is already bounded by the caller's limit. */
  async bytes(pos: number, length: number): Promise<Buffer> {
    if (pos >= this.windowStart && pos + length <= this.windowStart + this.window.length) {
      return this.window.subarray(pos - this.windowStart, pos - this.windowStart + length);
    }
    return this.source.read(pos, length);
  }
}
