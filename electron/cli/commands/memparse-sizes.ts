import type { ProblemInfo, View } from '../../../shared/dto';
import { AppError } from '../../../shared/errors';
import type { CliSession } from '../format/archive-sessions';
import { sharedSize } from '../../inspect/vmas';

/** The page size checkpointctl counts a pagemap entry's pages in (os.Getpagesize() on x86-64). */
const PAGE_SIZE = 4096;
const ENTRY_PAGE = 1000;

export interface SizeRow {
  pid: number;
  comm: string;
  /** Pages the pagemap lists as dumped, in bytes, as checkpointctl's MEMORY SIZE (whether the pages file holds them or not). */
  memorySize: number;
  sharedSize: number;
}

/**
 * Bytes the pagemap of `pid` says are in this dump: nr_pages of its PE_PRESENT
 * entries (the head entry has none). checkpointctl counts every entry; they
 * differ only for an incremental dump, whose PE_PARENT pages are elsewhere.
 */
async function pagemapBytes(s: CliSession, pid: number): Promise<number> {
  const image = `checkpoint/pagemap-${pid}.img`;
  let bytes = 0;
  for (let offset = 0; ;) {
    const page = await s.decodeImage(image, offset, ENTRY_PAGE);
    if (page.error) throw new AppError('IMAGE_CORRUPT', page.error.message);
    if (page.raw) throw new AppError('IMAGE_CORRUPT', `${image} is not a pagemap image (${page.magic})`);
    for (const entry of page.entries as { nr_pages?: unknown; flags?: unknown; in_parent?: unknown }[]) {
      const n = entry.nr_pages;
      // Pages in this dump: PE_PRESENT (as every entry of a dump without a parent), not those of a parent dump.
      const here = typeof entry.flags === 'string' ? /\bPE_PRESENT\b/.test(entry.flags) : entry.in_parent !== true;
      if (typeof n === 'number' && here) bytes += n * PAGE_SIZE;
    }
    offset += page.entries.length;
    if (page.entries.length === 0 || offset >= page.total) return bytes;
  }
}

/**
 * The rows of `memparse`'s size table, read as checkpointctl reads them:
 * pstree, cores, pagemaps and mm images, never the pages files (an archive
 * without them still has its sizes). Zombies and dead tasks have no memory
 * and no row. What could not be read is a problem beside the rows.
 */
export async function memorySizes(s: CliSession): Promise<View<SizeRow>> {
  const view = await s.processView();
  // Of the process view's problems, those of the images this table reads (its others are of argv, from the pages).
  const problems: ProblemInfo[] = view.problems.filter((p) => /(^|\/)(pstree|core-\d+)\.img$/.test(p.where));
  const rows: SizeRow[] = [];
  for (const p of view.rows) {
    if (p.state !== 'alive' && p.state !== 'stopped') continue;
    try {
      const [memorySize, vmas] = await Promise.all([pagemapBytes(s, p.pid), s.vmas(p.pid)]);
      rows.push({ pid: p.pid, comm: p.comm, memorySize, sharedSize: sharedSize(vmas) });
    } catch (error) {
      const where =
        error instanceof AppError && typeof error.details?.member === 'string'
          ? error.details.member
          : `checkpoint/pagemap-${p.pid}.img`;
      problems.push({
        where,
        pid: p.pid,
        code: error instanceof AppError ? error.code : 'IMAGE_CORRUPT',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { rows, problems };
}
