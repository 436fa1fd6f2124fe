import { Readable } from 'node:stream';
import { AppError } from '../../../shared/errors';
import type { InspectSession } from '../session';
import { readRange } from './image-io';
import { STREAM_CHUNK } from './limits';

/**
 * Where an item's bytes lie: runs of a member, runs of zeros (a sparse ghost
 * file's holes, memfd pages never touched) or bytes held in an entry (tty
 * data). In item order, without gaps.
 */
export type Segment =
  | { length: number; member: string; offset: number }
  | { length: number; zeros: true }
  | { length: number; bytes: Buffer };

export function segmentsLength(segments: readonly Segment[]): number {
  return segments.reduce((sum, s) => sum + s.length, 0);
}

/** A streaming byte reader over one item: ranged reads and a stream of the whole. */
export interface RecoveredReader {
  readonly size: number;
  read(offset: number, length: number): Promise<Buffer>;
  stream(): Readable;
}

export function segmentReader(session: InspectSession, segments: readonly Segment[]): RecoveredReader {
  const size = segmentsLength(segments);
  const read = async (offset: number, length: number): Promise<Buffer> => {
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw new AppError('INVALID_ARGUMENT', `offset ${offset} / length ${length} is not a valid range`);
    }
    const end = Math.min(size, offset + length);
    const parts: Buffer[] = [];
    let at = 0;
    for (const s of segments) {
      const from = Math.max(offset, at);
      const to = Math.min(end, at + s.length);
      if (from < to) {
        const inner = from - at;
        if ('member' in s) parts.push(await readRange(session, s.member, s.offset + inner, to - from));
        else if ('bytes' in s) parts.push(s.bytes.subarray(inner, inner + (to - from)));
        else parts.push(Buffer.alloc(to - from));
      }
      at += s.length;
      if (at >= end) break;
    }
    return Buffer.concat(parts);
  };
  const stream = (): Readable => {
    let at = 0;
    return new Readable({
      read() {
        if (at >= size) {
          this.push(null);
          return;
        }
        const n = Math.min(STREAM_CHUNK, size - at);
        read(at, n).then(
          (chunk) => {
            at += n;
            this.push(chunk);
          },
          (error: unknown) => this.destroy(error instanceof Error ? error : new Error(String(error))),
        );
      },
    });
  };
  return { size, read, stream };
}
