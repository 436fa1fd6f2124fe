import { AppError } from '../../shared/errors';

const ZSTD_MAGIC = 0xfd2fb528;
const BLOCK_MAX = 128 * 1024;

type State = 'magic' | 'skip-size' | 'fhd' | 'frame-header' | 'block-header' | 'payload' | 'checksum';

/**
 * Walks zstd frame and block headers as compressed bytes stream past,
 * without decoding. fzstd allocates the window a frame header asks for (up
 * to 2 GiB) and accepts blocks larger than the format's 128 KiB, so both are
 * checked here before any byte reaches it.
 */
export class ZstdFrameGuard {
  private state: State = 'magic';
  private need = 4;
  private head: number[] = [];
  private skip = 0;
  private offset = 0;
  private fhd = 0;
  private lastBlock = false;
  private checksum = false;

  constructor(private readonly maxWindow: number) {}

  /** True when the stream may end here (between frames). */
  get atFrameBoundary(): boolean {
    return this.state === 'magic' && this.head.length === 0;
  }

  check(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        this.offset += n;
        if (this.skip === 0 && this.state === 'payload') this.afterPayload();
        continue;
      }
      this.head.push(chunk[i] ?? 0);
      i++;
      this.offset++;
      if (this.head.length === this.need) {
        const bytes = Buffer.from(this.head);
        this.head = [];
        this.onHeader(bytes);
      }
    }
  }

  private fail(reason: string): never {
    throw new AppError('ARCHIVE_CORRUPT', `zstd data at byte ${this.offset}: ${reason}`);
  }

  private onHeader(b: Buffer): void {
    switch (this.state) {
      case 'magic': {
        const magic = b.readUInt32LE(0);
        if (magic === ZSTD_MAGIC) this.expect('fhd', 1);
        else if (magic >>> 4 === 0x184d2a5) this.expect('skip-size', 4);
        else this.fail('not a zstd frame');
        return;
      }
      case 'skip-size':
        this.skipThen(b.readUInt32LE(0), 'magic', 4);
        return;
      case 'fhd': {
        this.fhd = b[0] ?? 0;
        if (this.fhd & 0x08) this.fail('reserved bit set in frame header');
        const single = (this.fhd >> 5) & 1;
        const dictBytes = [0, 1, 2, 4][this.fhd & 3] ?? 0;
        const fcsFlag = this.fhd >> 6;
        const fcsBytes = fcsFlag === 0 ? single : 1 << fcsFlag;
        this.checksum = ((this.fhd >> 2) & 1) === 1;
        const rest = (single ? 0 : 1) + dictBytes + fcsBytes;
        if (rest === 0) this.expect('block-header', 3);
        else this.expect('frame-header', rest);
        return;
      }
      case 'frame-header':
        this.checkWindow(b);
        this.expect('block-header', 3);
        return;
      case 'block-header': {
        const raw = b.readUIntLE(0, 3);
        this.lastBlock = (raw & 1) === 1;
        const type = (raw >> 1) & 3;
        const size = raw >>> 3;
        if (type === 3) this.fail('reserved block type');
        if (size > BLOCK_MAX) this.fail(`block of ${size} bytes is larger than the format's 128 KiB`);
        this.state = 'payload';
        this.skip = type === 1 ? 1 : size;
        if (this.skip === 0) this.afterPayload();
        return;
      }
      case 'checksum':
        this.expect('magic', 4);
        return;
      default:
        this.fail('internal state');
    }
  }

  private checkWindow(b: Buffer): void {
    const single = (this.fhd >> 5) & 1;
    const dictBytes = [0, 1, 2, 4][this.fhd & 3] ?? 0;
    let window: number;
    if (!single) {
      const wd = b[0] ?? 0;
      const base = 2 ** (10 + (wd >> 3));
      window = base + (base / 8) * (wd & 7);
    } else {
      const fcsStart = dictBytes;
      const fcsLen = b.length - fcsStart;
      let fcs = 0;
      for (let k = fcsLen - 1; k >= 0; k--) fcs = fcs * 256 + (b[fcsStart + k] ?? 0);
      window = fcsLen === 2 ? fcs + 256 : fcs;
    }
    if (window > this.maxWindow) {
      throw new AppError(
        'LIMIT_EXCEEDED',
        `zstd frame at byte ${this.offset} asks for a ${window}-byte window (limit ${this.maxWindow})`,
      );
    }
  }

  private afterPayload(): void {
    if (!this.lastBlock) this.expect('block-header', 3);
    else if (this.checksum) this.expect('checksum', 4);
    else this.expect('magic', 4);
  }

  private expect(state: State, need: number): void {
    this.state = state;
    this.need = need;
  }

  private skipThen(n: number, state: State, need: number): void {
    this.state = state;
    this.need = need;
    this.skip = n;
  }
}

/**
 * The content size a zstd frame header declares (bytes the frame decodes
 * to), or null when the header does not say (a streaming writer, a
 * skippable frame first). Only the first frame is read: for a stream of
 * several frames it is a lower bound of the whole.
 */
export function frameContentSize(head: Uint8Array): number | null {
  const b = Buffer.from(head.buffer, head.byteOffset, head.length);
  if (b.length < 5 || b.readUInt32LE(0) !== ZSTD_MAGIC) return null;
  const fhd = b[4] ?? 0;
  const fcsFlag = fhd >> 6;
  const single = (fhd >> 5) & 1;
  const fcsBytes = fcsFlag === 0 ? single : 1 << fcsFlag;
  if (fcsBytes === 0) return null;
  const start = 5 + (single ? 0 : 1) + ([0, 1, 2, 4][fhd & 3] ?? 0);
  if (b.length < start + fcsBytes) return null;
  let fcs = 0;
  for (let k = fcsBytes - 1; k >= 0; k--) fcs = fcs * 256 + (b[start + k] ?? 0);
  return fcsBytes === 2 ? fcs + 256 : fcs;
}
