import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { writeChunks, writeOutputFile } from '../fs/output-file';
import type { SavedMemoryRange } from '../../shared/dto';
import type { MemoryRegions } from './search/memory-source';
import type { InspectSession } from './session';

/** Bytes read from the pages per step: the save's memory stays flat whatever the range's size. */
const STEP = 1024 * 1024;
/** Missing runs named in a refusal; the rest are counted. */
const LISTED = 8;

const hex = (n: number) => `0x${n.toString(16)}`;

/** The parts of [start, end) that are not in the checkpoint (pages never dumped), ascending. */
export function missingRuns(regions: MemoryRegions, start: number, end: number): { start: number; end: number }[] {
  const gaps: { start: number; end: number }[] = [];
  let at = start;
  for (const r of regions.runs) {
    if (r.end <= at) continue;
    if (r.start >= end) break;
    if (r.start > at) gaps.push({ start: at, end: Math.min(r.start, end) });
    at = Math.max(at, r.end);
    if (at >= end) break;
  }
  if (at < end) gaps.push({ start: at, end });
  return gaps;
}

/**
 * Refuses a range with bytes not in the checkpoint. We never write zeros
 * for pages CRIU did not dump (they may have held anything: file pages it
 * reads back from the file, zero pages, pages of a parent dump), and a
 * sparse marker would make a raw file that tools cannot read as memory; so
 * the refusal names the missing runs and the dumped ones to save instead.
 */
export function assertWholeRange(regions: MemoryRegions, start: number, end: number, pid: number): void {
  const gaps = missingRuns(regions, start, end);
  if (gaps.length === 0) return;
  const missing = gaps.reduce((s, g) => s + g.end - g.start, 0);
  const present = regions.runs
    .map((r) => ({ start: Math.max(r.start, start), end: Math.min(r.end, end) }))
    .filter((r) => r.end > r.start);
  const list = (runs: { start: number; end: number }[]) =>
    runs
      .slice(0, LISTED)
      .map((r) => `${hex(r.start)}-${hex(r.end)}`)
      .join(', ') + (runs.length > LISTED ? ` and ${runs.length - LISTED} more` : '');
  throw new AppError(
    'NOT_FOUND',
    `${missing} of the ${end - start} bytes of ${hex(start)}-${hex(end)} are not in the checkpoint ` +
      `(not dumped: ${list(gaps)}); nothing was written. ` +
      (present.length > 0 ? `Dumped parts you can save: ${list(present)}` : 'No byte of it was dumped'),
    { pid, start, end, missingBytes: missing, missing: gaps.slice(0, LISTED) },
  );
}

/** The name a saved range is offered under. */
export function rangeFileName(pid: number, start: number, end: number): string {
  return `memory-${pid}-${hex(start)}-${hex(end)}.bin`;
}

/** The regions of `pid` once [start, end) is known to be all in the checkpoint (before a save dialog asks for a name). */
export async function checkedRange(
  session: Pick<InspectSession, 'memoryRegions'>,
  pid: number,
  start: number,
  end: number,
): Promise<{ regions: MemoryRegions; range: SavedMemoryRange }> {
  if (!(end > start)) throw new AppError('INVALID_ARGUMENT', `${hex(start)}-${hex(end)} ends before it starts`);
  const regions = await session.memoryRegions(pid);
  assertWholeRange(regions, start, end, pid);
  return { regions, range: { saved: false, start, end, bytes: end - start, sha256: null } };
}

/** The bytes of [start, end), a step at a time, checked whole first. */
export async function* rangeBytes(
  regions: MemoryRegions,
  start: number,
  end: number,
  pid: number,
  signal?: AbortSignal,
): AsyncGenerator<Buffer> {
  assertWholeRange(regions, start, end, pid);
  const step = Math.min(STEP, regions.maxRead);
  for (let at = start; at < end; at += step) {
    if (signal?.aborted) throw new AppError('CANCELLED', 'save cancelled');
    yield await regions.read(at, Math.min(step, end - at));
  }
}

/**
 * Saves [start, end) of a process's memory as a raw file at `destination`
 * (through fs/output-file: temp file, fsync, rename), streaming from the
 * pages file. Refuses, writing nothing, when a byte is not in the checkpoint.
 */
export async function saveMemoryRange(
  regions: MemoryRegions,
  range: { pid: number; start: number; end: number },
  destination: string,
  opts: { replace: boolean; signal?: AbortSignal },
): Promise<SavedMemoryRange> {
  const { pid, start, end } = range;
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && end > start))
    throw new AppError('INVALID_ARGUMENT', `${hex(start)}-${hex(end)} is not a range of addresses`);
  assertWholeRange(regions, start, end, pid);
  const hash = createHash('sha256');
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const chunk of rangeBytes(regions, start, end, pid, opts.signal)) {
      hash.update(chunk);
      yield chunk;
    }
  }
  const bytes = await writeOutputFile(destination, (handle) => writeChunks(handle, hashed()), {
    replace: opts.replace,
  });
  return { saved: true, start, end, bytes, sha256: hash.digest('hex') };
}
