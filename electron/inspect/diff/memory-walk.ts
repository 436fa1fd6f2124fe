// The page walk of a memory diff: the dumped runs of one process on both
// sides, in address order, read a chunk at a time and compared page by page
// (bytes first; each differing page is named by its SHA-256). Nothing but
// one chunk of each side is held: RAM stays flat.
import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import type { MemoryDiffPage } from '../../../shared/dto/memory-diff';
import { MEMORY_DIFF_CHUNK_BYTES } from '../limits';

export interface Run {
  start: number;
  end: number;
}

/** One side's dumped memory of a process: present runs (ascending, disjoint) and a reader. */
export interface WalkSide {
  runs: readonly Run[];
  read(address: number, length: number): Promise<Buffer>;
}

export interface WalkOptions {
  pageSize: number;
  signal?: AbortSignal;
  /** Bytes of both sides read so far, after each chunk. */
  onBytes?: (bytes: number) => void;
  /** Every page that differs, in address order; `same` pages are only counted. */
  onPage: (page: MemoryDiffPage) => void;
  onSame: (address: number) => void;
}

const HASH_DIGITS = 16;
const pageHash = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex').slice(0, HASH_DIGITS);

/** One window of one side (null: the side has no pages there). */
async function bytesOf(side: WalkSide, inSide: boolean, start: number, length: number): Promise<Buffer | null> {
  if (!inSide) return null;
  const data = await side.read(start, length);
  if (data.length !== length) throw new AppError('IMAGE_CORRUPT', `short read of memory at 0x${start.toString(16)}`);
  return data;
}

/**
 * Walks the union of both sides' runs. Each window lies wholly inside or
 * wholly outside a run of each side, and holds at most one chunk.
 */
export async function walkPages(a: WalkSide, b: WalkSide, opts: WalkOptions): Promise<number> {
  const { pageSize } = opts;
  const chunk = Math.max(pageSize, MEMORY_DIFF_CHUNK_BYTES - (MEMORY_DIFF_CHUNK_BYTES % pageSize));
  let [i, j, x, bytes] = [0, 0, 0, 0];
  for (;;) {
    if (opts.signal?.aborted) throw new AppError('CANCELLED', 'memory diff cancelled');
    while (i < a.runs.length && a.runs[i]!.end <= x) i++;
    while (j < b.runs.length && b.runs[j]!.end <= x) j++;
    const [ra, rb] = [a.runs[i], b.runs[j]];
    if (!ra && !rb) return bytes;
    const start = Math.max(x, Math.min(ra?.start ?? Infinity, rb?.start ?? Infinity));
    const inA = ra !== undefined && ra.start <= start;
    const inB = rb !== undefined && rb.start <= start;
    let end = start + chunk;
    for (const r of [ra, rb]) if (r) end = Math.min(end, r.start > start ? r.start : r.end);
    // Runs are page aligned (the pagemap reader drops unaligned entries), so is every window.
    const length = end - start;
    const [da, db] = [await bytesOf(a, inA, start, length), await bytesOf(b, inB, start, length)];
    for (let at = 0; at < length; at += pageSize) {
      const address = start + at;
      const [pa, pb] = [da?.subarray(at, at + pageSize) ?? null, db?.subarray(at, at + pageSize) ?? null];
      // Equal bytes are equal hashes: memcmp first (GB/s), SHA-256 only for the pages listed.
      if (pa && pb && pa.equals(pb)) {
        opts.onSame(address);
        continue;
      }
      const [hashA, hashB] = [pa && pageHash(pa), pb && pageHash(pb)];
      opts.onPage({ address, kind: pa === null ? 'added' : pb === null ? 'removed' : 'changed', hashA, hashB });
    }
    bytes += (inA ? length : 0) + (inB ? length : 0);
    opts.onBytes?.(bytes);
    x = end;
  }
}
