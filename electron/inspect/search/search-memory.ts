import type { ProblemInfo, Vma } from '../../../shared/dto';
import type { MemoryMatch, SearchSummary, VmaRef } from '../../../shared/dto/forensics';
import { AppError } from '../../../shared/errors';
import { problemOf } from '../process-images';
import { liveProcesses, type MemoryRegions, type MemorySource } from './memory-source';
import { compilePatterns, type PatternSpec } from './pattern';
import { isEmptyFilter, parseVmaFilter } from '../vma-filter';
import { narrowRegions } from './narrow-regions';
import { scanRegions, type ScanHit } from './scan';

export const DEFAULT_MAX_MATCHES = 10_000;
export const MAX_MATCHES = 100_000;
export const MAX_CONTEXT = 4096;

export interface SearchOptions extends PatternSpec {
  pid?: number;
  /** Further patterns searched in the same pass; a hit's `pattern` is 0 for the first (kind, query), i for also[i - 1]. Unset options are the first's. */
  also?: readonly (Pick<PatternSpec, 'kind' | 'query'> & Partial<PatternSpec>)[];
  /** VMA filter words (vma-filter.ts): only the memory of matching VMAs, clipped to range=, is searched. */
  filter?: readonly string[];
  /** Bytes of context on each side. */
  context?: number;
  maxMatches?: number;
  chunkSize?: number;
  signal?: AbortSignal;
  /** Batches of matches as they are found (about every chunk). */
  onMatches?: (matches: MemoryMatch[]) => void;
  onProgress?: (done: number, total: number) => void;
}

export interface SearchResult extends SearchSummary {
  matches: MemoryMatch[];
}

function vmaAt(vmas: readonly Vma[], address: number): VmaRef | null {
  let lo = 0;
  let hi = vmas.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (vmas[mid]!.end <= address) lo = mid + 1;
    else hi = mid;
  }
  const v = vmas[lo];
  return v && v.start <= address && address < v.end ? { start: v.start, end: v.end, prot: v.prot, file: v.file } : null;
}

async function contextOf(
  hit: ScanHit,
  context: number,
  regions: MemoryRegions,
): Promise<{ contextAddress: number; context: string }> {
  const from = Math.max(0, hit.address - context);
  const to = hit.address + hit.length + context;
  const chunkEnd = hit.chunkAddress + hit.chunk.length;
  if (from >= hit.chunkAddress && to <= chunkEnd) {
    return {
      contextAddress: from,
      context: hit.chunk.subarray(from - hit.chunkAddress, to - hit.chunkAddress).toString('hex'),
    };
  }
  const bytes = await regions.read(from, to - from);
  return { contextAddress: from, context: bytes.toString('hex') };
}

/**
 * Searches the dumped memory of one process or all of them. Memory use is
 * bounded by the chunk size, not the archive; results stream through
 * onMatches and are also returned (up to maxMatches).
 */
export async function searchMemory(source: MemorySource, opts: SearchOptions): Promise<SearchResult> {
  const started = process.hrtime.bigint();
  const { also = [], kind, query, ignoreCase, utf16, maxMatchLength, printableOnly } = opts;
  const first: PatternSpec = { kind, query, ignoreCase, utf16, maxMatchLength, printableOnly };
  const matcher = compilePatterns([first, ...also.map((p) => ({ ...first, ...p }))]);
  const filter = parseVmaFilter(opts.filter ?? []);
  const context = Math.min(Math.max(opts.context ?? 32, 0), MAX_CONTEXT);
  const maxMatches = Math.min(Math.max(opts.maxMatches ?? DEFAULT_MAX_MATCHES, 1), MAX_MATCHES);
  const processes = await liveProcesses(source, opts.pid);
  if (opts.pid !== undefined && processes.length === 0) {
    throw new AppError('NOT_FOUND', `no live process with pid ${opts.pid} in the dump`, { pid: opts.pid });
  }
  const problems: ProblemInfo[] = [];
  /** What was searched but is less described (no VMA names); not a gap in the bytes searched. */
  const notes: ProblemInfo[] = [];
  const targets: { pid: number; comm: string; regions: MemoryRegions; vmas: Vma[] }[] = [];
  for (const p of processes) {
    try {
      const regions = await source.regions(p.pid);
      if (!isEmptyFilter(filter)) {
        // A filter is about VMAs: without them nothing of this process can be said to pass it.
        const vmas = [...(await source.vmas(p.pid))].sort((a, b) => a.start - b.start);
        targets.push({ pid: p.pid, comm: p.comm, regions: narrowRegions(regions, vmas, filter), vmas });
        for (const problem of regions.problems)
          problems.push({
            ...problem,
            message: `memory of pid ${p.pid} (${p.comm}) partly skipped: ${problem.message}`,
          });
        continue;
      }
      // The VMAs only name where a hit lies; without them every byte is still searched.
      const vmas = [
        ...(await source.vmas(p.pid).catch((error: unknown) => {
          const problem = problemOf(error, `checkpoint/mm-${p.pid}.img`, p.pid);
          notes.push({ ...problem, message: `hits in pid ${p.pid} (${p.comm}) carry no VMA: ${problem.message}` });
          return [];
        })),
      ].sort((a, b) => a.start - b.start);
      targets.push({ pid: p.pid, comm: p.comm, regions, vmas });
      for (const problem of regions.problems)
        problems.push({ ...problem, message: `memory of pid ${p.pid} (${p.comm}) partly skipped: ${problem.message}` });
    } catch (error) {
      const problem = problemOf(error, `checkpoint/pagemap-${p.pid}.img`, p.pid);
      problems.push({ ...problem, message: `memory of pid ${p.pid} (${p.comm}) not searched: ${problem.message}` });
    }
  }
  const total = targets.reduce((sum, t) => sum + t.regions.runs.reduce((s, r) => s + r.end - r.start, 0), 0);
  const matches: MemoryMatch[] = [];
  let batch: MemoryMatch[] = [];
  let done = 0;
  let truncated = false;
  const flush = () => {
    if (batch.length > 0) opts.onMatches?.(batch);
    batch = [];
  };
  for (const t of targets) {
    if (truncated) break;
    const before = done;
    try {
      await scanRegions(t.regions, matcher, {
        ...(opts.chunkSize ? { chunkSize: opts.chunkSize } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
        onBytes: (n) => {
          done += n;
          flush();
          opts.onProgress?.(done, total);
        },
        onHit: async (hit) => {
          if (matches.length >= maxMatches) {
            truncated = true;
            return false;
          }
          const m: MemoryMatch = {
            pid: t.pid,
            comm: t.comm,
            address: hit.address,
            length: hit.length,
            encoding: hit.encoding,
            pattern: hit.pattern ?? 0,
            vma: vmaAt(t.vmas, hit.address),
            ...(await contextOf(hit, context, t.regions)),
          };
          matches.push(m);
          batch.push(m);
          return true;
        },
      });
    } catch (error) {
      if (opts.signal?.aborted) throw new AppError('CANCELLED', 'search cancelled');
      const size = t.regions.runs.reduce((s, r) => s + r.end - r.start, 0);
      const problem = problemOf(error, `checkpoint/pagemap-${t.pid}.img`, t.pid);
      problems.push({
        ...problem,
        message: `memory of pid ${t.pid} (${t.comm}): searched ${done - before} of ${size} bytes, the rest skipped: ${problem.message}`,
      });
    }
  }
  flush();
  return {
    matches,
    matchCount: matches.length,
    truncated,
    bytesSearched: done,
    processCount: targets.length,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    complete: problems.length === 0,
    problems: [...problems, ...notes],
  };
}
