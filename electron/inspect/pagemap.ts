import type { MemoryReaderLike } from './ports';

/** Bytes of a process's memory held in this dump's pages file. */
export function presentBytes(reader: MemoryReaderLike): number {
  return reader.allRanges().reduce((sum, r) => sum + (r.inFile ? r.end - r.start : 0), 0);
}

/** Bytes of [start, end) held in the pages file. */
export function presentBytesIn(reader: MemoryReaderLike, start: number, end: number): number {
  let sum = 0;
  for (const r of reader.allRanges()) {
    if (!r.inFile) continue;
    const lo = Math.max(start, r.start);
    const hi = Math.min(end, r.end);
    if (hi > lo) sum += hi - lo;
  }
  return sum;
}
