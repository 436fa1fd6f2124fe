import type { StringsPage } from '../../../shared/dto/forensics';
import { AppError } from '../../../shared/errors';
import type { MemorySource } from './memory-source';

export interface StringsRequest {
  pid: number;
  /** Where to start: a VMA's start, or the `next` of the previous page. */
  from: number;
  /** Stop at this address (a VMA's end); default: the end of the process's memory. */
  to?: number;
  minLength: number;
  limit: number;
}

/** One page scans at most this much memory, so a page of a sparse VMA comes back quickly. */
export const MAX_SCAN_PER_PAGE = 32 * 1024 * 1024;
/** Longer runs are cut; the rest continues as the next string. */
export const MAX_STRING = 4096;
const READ = 1024 * 1024;

/**
 * Printable ASCII runs of at least minLength characters, in address order,
 * paged by address: `next` is where the following page starts, never in
 * the middle of a string.
 */
export async function memoryStrings(source: MemorySource, req: StringsRequest): Promise<StringsPage> {
  if (req.minLength < 1 || req.minLength > MAX_STRING)
    throw new AppError('INVALID_ARGUMENT', `minLength must be 1..${MAX_STRING}`);
  const regions = await source.regions(req.pid);
  const to = req.to ?? Number.MAX_SAFE_INTEGER;
  const strings: StringsPage['strings'] = [];
  let scanned = 0;
  const runs = /[\x20-\x7e\t]+/g;
  for (const r of regions.runs) {
    if (r.end <= req.from) continue;
    if (r.start >= to) break;
    const end = Math.min(r.end, to);
    // An open run at a read's end is carried into the next read of the same region.
    let carry = '';
    for (let at = Math.max(r.start, req.from); at < end; at += READ) {
      const base = at - carry.length;
      if (strings.length >= req.limit || scanned >= MAX_SCAN_PER_PAGE) return { pid: req.pid, strings, next: base };
      const len = Math.min(READ, end - at);
      const text = carry + (await regions.read(at, len)).toString('latin1');
      scanned += len;
      carry = '';
      const lastRead = at + len >= end;
      runs.lastIndex = 0;
      for (let m = runs.exec(text); m !== null; m = runs.exec(text)) {
        const run = m[0];
        if (!lastRead && m.index + run.length === text.length && run.length < MAX_STRING) {
          carry = run;
          break;
        }
        for (let i = 0; i < run.length; i += MAX_STRING) {
          const piece = run.slice(i, i + MAX_STRING);
          if (piece.length < req.minLength) continue;
          if (strings.length >= req.limit) return { pid: req.pid, strings, next: base + m.index + i };
          strings.push({ address: base + m.index + i, text: piece });
        }
      }
    }
  }
  return { pid: req.pid, strings, next: null };
}
