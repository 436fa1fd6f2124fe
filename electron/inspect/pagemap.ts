import type { ProblemInfo } from '../../shared/dto';
import { PARENT_WHERE } from '../../shared/problems';
import type { MemoryReaderLike } from './ports';
import { mergeRuns } from './search/runs';

/** A reader's dumped bytes as disjoint runs in address order, with the bytes before each run. */
interface PresentIndex {
  starts: Float64Array;
  ends: Float64Array;
  /** before[i]: bytes of runs 0..i-1; before[n] is the total. */
  before: Float64Array;
}

const indexes = new WeakMap<MemoryReaderLike, PresentIndex>();
const presentRunsOf = new WeakMap<MemoryReaderLike, readonly { start: number; end: number }[]>();

/** A reader's dumped bytes as disjoint runs in address order, merged once per reader (search and VMA counts share them). */
export function presentRuns(reader: MemoryReaderLike): readonly { start: number; end: number }[] {
  let runs = presentRunsOf.get(reader);
  if (!runs) {
    runs = Object.freeze(mergeRuns(reader.allRanges().filter((r) => r.inFile)));
    presentRunsOf.set(reader, runs);
  }
  return runs;
}

/** Built once per reader: every VMA's count is then two binary searches, not a walk of the whole pagemap. */
function presentIndex(reader: MemoryReaderLike): PresentIndex {
  const known = indexes.get(reader);
  if (known) return known;
  const runs = presentRuns(reader);
  const index: PresentIndex = {
    starts: Float64Array.from(runs, (r) => r.start),
    ends: Float64Array.from(runs, (r) => r.end),
    before: new Float64Array(runs.length + 1),
  };
  runs.forEach((r, i) => (index.before[i + 1] = index.before[i]! + r.end - r.start));
  indexes.set(reader, index);
  return index;
}

/** The first i with values[i] > x, or with values[i] >= x when `orEqual` (values ascending). */
function firstAbove(values: Float64Array, x: number, orEqual = false): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < x || (!orEqual && values[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bytes of a process's memory held in this dump's pages file. */
export function presentBytes(reader: MemoryReaderLike): number {
  const { before } = presentIndex(reader);
  return before[before.length - 1]!;
}

/** Bytes of [start, end) held in the pages file. */
export function presentBytesIn(reader: MemoryReaderLike, start: number, end: number): number {
  if (!(end > start)) return 0;
  const { starts, ends, before } = presentIndex(reader);
  const first = firstAbove(ends, start);
  // Runs from `first` up to (not including) `last` start before `end`.
  const last = firstAbove(starts, end, true);
  if (first >= last) return 0;
  return before[last]! - before[first]! - Math.max(0, start - starts[first]!) - Math.max(0, ends[last - 1]! - end);
}

/** What a pagemap reader left out (overlaps, pages past the file...), as problems of one process. */

export function pagemapProblems(reader: MemoryReaderLike, pid: number): ProblemInfo[] {
  const out: ProblemInfo[] = reader.problems.map((message) => ({
    where: `checkpoint/pagemap-${pid}.img`,
    pid,
    code: 'IMAGE_CORRUPT' as const,
    message,
  }));
  if (reader.parentProblem) out.push({ where: PARENT_WHERE, pid, code: 'NOT_FOUND', message: reader.parentProblem });
  return out;
}
