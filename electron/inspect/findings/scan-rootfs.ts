import type { ProblemInfo } from '../../../shared/dto';
import { MAX_RANGE } from '../../../shared/schemas';
import { problemOf } from '../process-images';
import type { InspectSession } from '../session';
import { location, type FindingCollector } from './collector';

/** rootfs-diff files larger than this are not scanned (listed as a problem). */
export const MAX_ROOTFS_FILE = 4 * 1024 * 1024;
export const MAX_ROOTFS_TOTAL = 64 * 1024 * 1024;
/** Files skipped for the limits listed one by one; the rest are counted in one problem. */
const MAX_SKIPPED_LISTED = 50;
/** Reads in flight ahead of the file being scanned: many small files cost their reads' latency, not their size. */
const READ_AHEAD_FILES = 32;
const READ_AHEAD_BYTES = 8 * 1024 * 1024;

type Session = Pick<InspectSession, 'rootfs' | 'readRootfsFile'>;

/**
 * Line numbers of positions in one text. Hits come in order within a rule,
 * so counting on from the last position asked keeps a file's line numbers
 * linear in its size per rule (counting from the top for each hit was
 * quadratic in a file of many lines).
 */
function lineCounter(text: string): (index: number) => number {
  let at = 0;
  let line = 1;
  return (index) => {
    if (index < at) {
      at = 0;
      line = 1;
    }
    for (let i = text.indexOf('\n', at); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
    at = index;
    return line;
  };
}

async function readWhole(session: Session, path: string, size: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (let at = 0; at < size; at += MAX_RANGE)
    parts.push((await session.readRootfsFile(path, at, Math.min(MAX_RANGE, size - at))).data);
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/** The files to scan, in listing order, and the problems of those the limits leave out. */
async function planScan(session: Session, problems: ProblemInfo[]): Promise<{ path: string; size: number }[]> {
  const chosen: { path: string; size: number }[] = [];
  let total = 0;
  let skipped = 0;
  let skippedBytes = 0;
  for (const entry of await session.rootfs()) {
    if (entry.type !== 'file' || entry.change === 'deleted' || entry.size === 0) continue;
    if (entry.size <= MAX_ROOTFS_FILE && total + entry.size <= MAX_ROOTFS_TOTAL) {
      total += entry.size;
      chosen.push({ path: entry.path, size: entry.size });
      continue;
    }
    skipped++;
    skippedBytes += entry.size;
    if (skipped > MAX_SKIPPED_LISTED) continue;
    const limit =
      entry.size > MAX_ROOTFS_FILE ? `MAX_ROOTFS_FILE = ${MAX_ROOTFS_FILE}` : `MAX_ROOTFS_TOTAL = ${MAX_ROOTFS_TOTAL}`;
    problems.push({
      where: entry.path,
      code: 'LIMIT_EXCEEDED',
      message: `not scanned: ${entry.size} bytes is over ${limit} bytes`,
    });
  }
  if (skipped > MAX_SKIPPED_LISTED)
    problems.push({
      where: 'rootfs-diff.tar',
      code: 'LIMIT_EXCEEDED',
      message: `${skipped - MAX_SKIPPED_LISTED} more files (${skipped} in all, ${skippedBytes} bytes) not scanned: over MAX_ROOTFS_FILE = ${MAX_ROOTFS_FILE} or MAX_ROOTFS_TOTAL = ${MAX_ROOTFS_TOTAL} bytes`,
    });
  return chosen;
}

/**
 * The text rules over every rootfs-diff file within the limits, in listing
 * order, the next files read while one is scanned (at most READ_AHEAD_FILES
 * and READ_AHEAD_BYTES ahead). A file that cannot be read is a problem of
 * its own; the others are still scanned.
 */
export async function scanRootfs(
  session: Session,
  c: FindingCollector,
  problems: ProblemInfo[],
  signal?: AbortSignal,
): Promise<void> {
  const files = await planScan(session, problems);
  const queue: { path: string; size: number; data: Promise<Buffer> }[] = [];
  let next = 0;
  let ahead = 0;
  const fill = () => {
    while (
      next < files.length &&
      queue.length < READ_AHEAD_FILES &&
      (queue.length === 0 || ahead + files[next]!.size <= READ_AHEAD_BYTES)
    ) {
      const f = files[next++]!;
      const data = readWhole(session, f.path, f.size);
      // Read ahead of a stop (cancel) must not reject unobserved.
      data.catch(() => undefined);
      ahead += f.size;
      queue.push({ ...f, data });
    }
  };
  for (fill(); queue.length > 0; fill()) {
    const f = queue.shift()!;
    ahead -= f.size;
    signal?.throwIfAborted();
    let bytes: Buffer;
    try {
      bytes = await f.data;
    } catch (error) {
      if (signal?.aborted) throw error;
      problems.push(problemOf(error, f.path));
      continue;
    }
    const text = bytes.toString('latin1');
    const lineOf = lineCounter(text);
    c.scanText(text, 'rootfs', (i) => location('rootfs', `${f.path}:${lineOf(i)}`, { path: f.path }));
  }
}
