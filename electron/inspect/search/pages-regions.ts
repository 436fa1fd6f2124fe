import type { ProblemInfo } from '../../../shared/dto';
import { AppError } from '../../../shared/errors';
import type { RandomAccessLike } from '../ports';
import type { MemoryRegions } from './memory-source';
import { mergeRuns } from './runs';

/** A pagemap entry located in its pages file (the real MemoryReader's PagemapRange has these fields). */
export interface LocatedRange {
  start: number;
  end: number;
  inFile: boolean;
  pagesOffset: number;
}

/** Located in this dump's own pages file (a range read from a parent dump is not: it goes through the reader). */
export function isLocated(range: { start: number; end: number; inFile: boolean }): range is LocatedRange {
  return (
    typeof (range as Partial<LocatedRange>).pagesOffset === 'number' &&
    (range as { fromParent?: boolean }).fromParent !== true
  );
}

/**
 * Regions read straight from the pages file: a read inside one stretch that
 * is contiguous both in memory and in the file is a single positional read
 * into a fresh buffer, with no copy and no zero-fill.
 */
export function pagesRegions(
  ranges: readonly LocatedRange[],
  pages: RandomAccessLike,
  opts: {
    /** Reads into the caller's buffers, offsets relative to the pages file. */
    file?: { readInto(offset: number, length: number, target: Buffer): Promise<Buffer> };
    maxRead?: number;
    /** What the pagemap reader left out of `ranges`. */
    problems?: readonly ProblemInfo[];
  } = {},
): MemoryRegions {
  const { file, maxRead = 16 * 1024 * 1024, problems = [] } = opts;
  const present = ranges.filter((r) => r.inFile).sort((a, b) => a.start - b.start);
  // Stretches: consecutive entries contiguous in memory and in the file.
  const stretches: LocatedRange[] = [];
  for (const r of present) {
    const last = stretches[stretches.length - 1];
    if (last && last.end === r.start && last.pagesOffset + (last.end - last.start) === r.pagesOffset) last.end = r.end;
    else stretches.push({ ...r });
  }
  const find = (address: number): number => {
    let lo = 0;
    let hi = stretches.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (stretches[mid]!.end <= address) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const within = (address: number, length: number): LocatedRange | null => {
    const s = stretches[find(address)];
    return s && s.start <= address && address + length <= s.end ? s : null;
  };
  const regions: MemoryRegions = {
    runs: mergeRuns(stretches),
    maxRead,
    problems,
    read: async (address, length) => {
      if (length > maxRead) throw new AppError('LIMIT_EXCEEDED', `reads are limited to ${maxRead} bytes`);
      const end = address + length;
      let i = find(address);
      const first = stretches[i];
      if (first && first.start <= address && end <= first.end) {
        const data = await pages.read(first.pagesOffset + (address - first.start), length);
        if (data.length !== length) throw new AppError('IMAGE_CORRUPT', 'pages file: short read');
        return data;
      }
      // Spans stretches (or gaps, read as zeros).
      const out = Buffer.alloc(length);
      for (; i < stretches.length && stretches[i]!.start < end; i++) {
        const s = stretches[i]!;
        const from = Math.max(address, s.start);
        const to = Math.min(end, s.end);
        if (to <= from) continue;
        const data = await pages.read(s.pagesOffset + (from - s.start), to - from);
        if (data.length !== to - from) throw new AppError('IMAGE_CORRUPT', 'pages file: short read');
        data.copy(out, from - address);
      }
      return out;
    },
  };
  if (file) {
    regions.readInto = async (address, length, target) => {
      const s = within(address, length);
      if (s) return file.readInto(s.pagesOffset + (address - s.start), length, target);
      const data = await regions.read(address, length);
      data.copy(target);
      return target.subarray(0, length);
    };
  }
  return regions;
}
