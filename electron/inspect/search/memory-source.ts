import type { ProblemInfo, ProcessInfo, Vma } from '../../../shared/dto';
import type { MemoryReaderLike } from '../ports';
import { pagemapProblems, presentRuns } from '../pagemap';
import { mergeRuns } from './runs';

export { mergeRuns };
import type { InspectSession } from '../session';

/** A process's dumped memory as address runs, read by address. */
export interface MemoryRegions {
  /** Present runs, ascending, virtually-contiguous ones merged. */
  readonly runs: readonly { start: number; end: number }[];
  /** The largest read() accepted. */
  readonly maxRead: number;
  /** Memory of this process left out of `runs` (pagemap entries past the pages file, overlaps...): a search over it is incomplete. */
  readonly problems: readonly ProblemInfo[];
  /** Ranges the pagemap names whose bytes this dump does not hold (in a parent dump, lazy, past the pages file), ascending. */
  readonly missing?: readonly { start: number; end: number }[];
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
export function readerRegions(reader: MemoryReaderLike, pid: number): MemoryRegions {
  return {
    runs: presentRuns(reader),
    maxRead: 16 * 1024 * 1024,
    problems: pagemapProblems(reader, pid),
    missing: mergeRuns(reader.allRanges().filter((r) => !r.inFile)),
    read: async (address, length) => (await reader.read(address, length)).data,
  };
}

/** A session as a memory source: its regions read the pages files through the archive's descriptor. */
export function sessionSource(session: InspectSession): MemorySource {
  return {
    processes: () => session.processes(),
    vmas: (pid) => session.vmas(pid),
    regions: (pid) => session.memoryRegions(pid),
  };
}

/** The processes whose memory is in the dump (live ones), optionally one pid. */
export async function liveProcesses(source: MemorySource, pid?: number): Promise<ProcessInfo[]> {
  const all = await source.processes();
  // Zombies and dead tasks have no mm or pagemap.
  return all.filter((p) => (pid === undefined || p.pid === pid) && !/zombie|dead/i.test(p.state));
}
