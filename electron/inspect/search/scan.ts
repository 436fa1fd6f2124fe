import { AppError } from '../../../shared/errors';
import type { MemoryRegions } from './memory-source';
import type { Matcher, RawMatch } from './pattern';

/** Small enough to stay in the CPU caches between the read and the search. */
export const DEFAULT_CHUNK = 2 * 1024 * 1024;

export interface Chunk {
  address: number;
  length: number;
  /** Matches must start before address + ownedLength; the rest is the next chunk's overlap. */
  ownedLength: number;
}

/**
 * The chunks covering each run, consecutive ones overlapping by `overlap`
 * bytes so that a match up to overlap + 1 bytes long lies whole in the
 * chunk that owns its first byte.
 */
export function* chunksOf(
  runs: readonly { start: number; end: number }[],
  chunkSize: number,
  overlap: number,
): Generator<Chunk> {
  if (chunkSize <= overlap)
    throw new AppError('INTERNAL', `chunk size ${chunkSize} must exceed the overlap ${overlap}`);
  for (const run of runs) {
    for (let at = run.start; at < run.end;) {
      const length = Math.min(chunkSize, run.end - at);
      const last = at + length >= run.end;
      yield { address: at, length, ownedLength: last ? length : length - overlap };
      if (last) break;
      at += length - overlap;
    }
  }
}

export interface ScanHit extends RawMatch {
  address: number;
  /** The chunk the match was found in, for context without another read. */
  chunk: Buffer;
  chunkAddress: number;
}

export interface ScanOptions {
  chunkSize?: number;
  signal?: AbortSignal;
  /** Called once per chunk with the bytes owned by it. */
  onBytes?: (owned: number) => void;
  /** Return false to stop the scan. */
  onHit: (hit: ScanHit) => boolean | Promise<boolean>;
}

/** Chunks in flight at once: one searched while the next ones are read. */
const DEPTH = 4;

/**
 * Scans a process's present runs chunk by chunk, the next chunks read while
 * this one is searched. Memory stays at DEPTH chunks; when the regions can
 * read into a given buffer, the same DEPTH buffers are reused throughout.
 * Returns false when stopped by onHit.
 */
export async function scanRegions(regions: MemoryRegions, matcher: Matcher, opts: ScanOptions): Promise<boolean> {
  const chunkSize = Math.min(opts.chunkSize ?? DEFAULT_CHUNK, regions.maxRead);
  const chunks = chunksOf(regions.runs, chunkSize, Math.max(matcher.maxLength - 1, 0));
  const readInto = regions.readInto?.bind(regions);
  const pool = readInto ? Array.from({ length: DEPTH }, () => Buffer.allocUnsafe(chunkSize)) : null;
  const queue: { chunk: Chunk; data: Promise<Buffer> }[] = [];
  let issued = 0;
  const issue = () => {
    const next = chunks.next();
    if (next.done) return;
    const c = next.value;
    // Slot k % DEPTH is free: chunks k - DEPTH + 1 .. k - 1 are the only others in use.
    const data =
      pool && readInto ? readInto(c.address, c.length, pool[issued % DEPTH]!) : regions.read(c.address, c.length);
    issued++;
    // A read left pending when we stop early must not reject unobserved.
    data.catch(() => undefined);
    queue.push({ chunk: c, data });
  };
  for (let i = 0; i < DEPTH - 1; i++) issue();
  for (let item = queue.shift(); item; item = queue.shift()) {
    const data = await item.data;
    opts.signal?.throwIfAborted();
    issue();
    const current = item.chunk;
    const hits: ScanHit[] = [];
    matcher.find(data, current.ownedLength, (m) => {
      hits.push({ ...m, address: current.address + m.index, chunk: data, chunkAddress: current.address });
      return hits.length < 100_000;
    });
    for (const hit of hits) {
      if (!(await opts.onHit(hit))) {
        opts.onBytes?.(current.ownedLength);
        return false;
      }
    }
    opts.onBytes?.(current.ownedLength);
  }
  return true;
}
