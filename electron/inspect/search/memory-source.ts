import type { ProcessInfo, Vma } from '../../../shared/dto';
import { MAX_RANGE } from '../../../shared/schemas';
import type { MemoryReaderLike, RandomAccessLike } from '../ports';
import { pagesRegions, type LocatedRange } from './pages-regions';
import { mergeRuns } from './runs';

export { mergeRuns };
import type { InspectSession } from '../session';

/** A process's dumped memory as address runs, read by address. */
export interface MemoryRegions {
  /** Present runs, ascending, virtually-contiguous ones merged. */
  readonly runs: readonly { start: number; end: number }[];
  /** The largest read() accepted. */
  readonly maxRead: number;
  read(address: number, length: number): Promise<Buffer>;
  /** Optional: fills target[0, length) instead of allocating (the scan reuses its buffers). */
  readInto?(address: number, length: number, target: Buffer): Promise<Buffer>;
}

/** What the forensic views need of an archive. */
export interface MemorySource {
  processes(): Promise<ProcessInfo[]>;
  vmas(pid: number): Promise<Vma[]>;
  regions(pid: number): Promise<MemoryRegions>;
}

/** Regions over a pagemap reader: one read per chunk straight from the pages file. */
export function readerRegions(reader: MemoryReaderLike): MemoryRegions {
  return {
    runs: mergeRuns(reader.allRanges().filter((r) => r.inFile)),
    maxRead: 16 * 1024 * 1024,
    read: async (address, length) => (await reader.read(address, length)).data,
  };
}

/**
 * Optional fast paths a session may offer (ArchiveSession offers memoryReader):
 * `memoryPages(pid)` (pagemap ranges with their pagesOffset, and the pages
 * file) or `memoryReader(pid)` (the pagemap reader).
 */
interface FastSession {
  memoryPages?(pid: number): Promise<{ ranges: readonly LocatedRange[]; pages: RandomAccessLike }>;
  memoryReader?(pid: number): Promise<MemoryReaderLike>;
}

/**
 * A session as a memory source. When the session exposes its pagemap
 * readers, reads go straight to the pages file; otherwise through the
 * contract's paged readMemory (1 MiB, base64), over the VMAs that have
 * dumped pages (absent pages inside them read as zeros).
 */
export function sessionSource(session: InspectSession): MemorySource {
  return {
    processes: () => session.processes(),
    vmas: (pid) => session.vmas(pid),
    regions: async (pid) => {
      const fast = session as FastSession;
      if (typeof fast.memoryPages === 'function') {
        const { ranges, pages } = await fast.memoryPages(pid);
        return pagesRegions(ranges, pages);
      }
      if (typeof fast.memoryReader === 'function') return readerRegions(await fast.memoryReader(pid));
      const vmas = await session.vmas(pid);
      return {
        runs: mergeRuns(vmas.filter((v) => v.dumped > 0)),
        maxRead: 16 * 1024 * 1024,
        read: async (address, length) => {
          const parts: Buffer[] = [];
          for (let at = address; at < address + length; at += MAX_RANGE) {
            const range = await session.readMemory(pid, at, Math.min(MAX_RANGE, address + length - at));
            parts.push(Buffer.from(range.data, 'base64'));
          }
          return Buffer.concat(parts);
        },
      };
    },
  };
}

/** The processes whose memory is in the dump (live ones), optionally one pid. */
export async function liveProcesses(source: MemorySource, pid?: number): Promise<ProcessInfo[]> {
  const all = await source.processes();
  // Zombies and dead tasks have no mm or pagemap.
  return all.filter((p) => (pid === undefined || p.pid === pid) && !/zombie|dead/i.test(p.state));
}
