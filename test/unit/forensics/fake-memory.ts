import type { ProcessInfo, Vma } from '../../../shared/dto';
import { mergeRuns, type MemorySource } from '../../../electron/inspect/search/memory-source';

/** One fake process: runs of bytes at addresses (absent memory between them). */
export interface FakeProcess {
  pid: number;
  comm: string;
  runs: { start: number; bytes: Buffer }[];
  vmas?: Vma[];
  state?: string;
}

export function fakeSource(procs: FakeProcess[], maxRead = 1 << 30): MemorySource & { reads: number[] } {
  const reads: number[] = [];
  return {
    reads,
    processes: () =>
      Promise.resolve(
        procs.map((p): ProcessInfo => ({
          pid: p.pid,
          ppid: 0,
          pgid: p.pid,
          sid: p.pid,
          comm: p.comm,
          state: p.state ?? 'alive',
          cmdline: [],
          threads: [p.pid],
          uid: 0,
          gid: 0,
        })),
      ),
    vmas: (pid) => Promise.resolve(procs.find((p) => p.pid === pid)?.vmas ?? []),
    regions: (pid) => {
      const p = procs.find((x) => x.pid === pid);
      if (!p) return Promise.reject(new Error('no such pid'));
      return Promise.resolve({
        runs: mergeRuns(p.runs.map((r) => ({ start: r.start, end: r.start + r.bytes.length }))),
        maxRead,
        problems: [],
        read: (address: number, length: number) => {
          reads.push(length);
          const out = Buffer.alloc(length);
          for (const r of p.runs) {
            const from = Math.max(address, r.start);
            const to = Math.min(address + length, r.start + r.bytes.length);
            if (to > from) r.bytes.copy(out, from - address, from - r.start, to - r.start);
          }
          return Promise.resolve(out);
        },
      });
    },
  };
}

export function vma(start: number, end: number, file: string | null = null): Vma {
  return { start, end, prot: 'rw-p', flags: 'MAP_PRIVATE', offset: 0, file, dumped: end - start };
}
