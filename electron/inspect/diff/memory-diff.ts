// The memory diff of two checkpoints of one container. Processes are paired
// by pid and command line, VMAs by start, end and backing file, pages by
// address; each page is compared by content (a differing one named by its
// SHA-256), streamed a chunk at a time
// (memory-walk.ts), so no process's memory is ever held whole.
import type { ProcessInfo, Vma } from '../../../shared/dto';
import type { MemoryDiff, MemoryDiffCounts, MemoryDiffProcess } from '../../../shared/dto/memory-diff';
import { MAX_MEMORY_DIFF_PAGES, limitText } from '../limits';
import { problemOf } from '../process-images';
import { liveProcesses, type MemoryRegions, type MemorySource } from '../search/memory-source';
import { pairVmas, vmaLocator } from './memory-vmas';
import { walkPages, type Run } from './memory-walk';
import { SideProblems } from './side-problems';

/** The pages of x86-64 Linux, as CRIU dumps them. */
const PAGE_SIZE = 4096;

export interface MemoryDiffOptions {
  signal?: AbortSignal;
  /** Bytes of both sides read so far, of all that will be. */
  onProgress?: (done: number, total: number) => void;
}

interface Side {
  info: ProcessInfo;
  vmas: Vma[] | null;
  regions: MemoryRegions | null;
}

/** The side of an archive with no process tree. */
export const NO_MEMORY: MemorySource = {
  processes: () => Promise.resolve([]),
  vmas: () => Promise.resolve([]),
  regions: () => Promise.reject(new Error('no memory')),
};

/**
 * One program in both: same pid and command line. A command line one side
 * could not read (it lives in the process's memory) is no evidence of
 * another program: then the same pid and name suffice.
 */
function sameProgram(a: ProcessInfo, b: ProcessInfo): boolean {
  if (a.pid !== b.pid) return false;
  if (a.cmdline.length === 0 || b.cmdline.length === 0) return a.comm === b.comm;
  return a.cmdline.join('\0') === b.cmdline.join('\0');
}
const bytesOf = (runs: readonly Run[]) => runs.reduce((n, r) => n + r.end - r.start, 0);
const zero = (): MemoryDiffCounts => ({ added: 0, removed: 0, changed: 0, same: 0, unread: 0 });

/** Whether ascending addresses lie in ascending runs: one cursor, linear over a walk. */
function inRuns(runs: readonly Run[] = []): (address: number) => boolean {
  let i = 0;
  return (address) => {
    while (i < runs.length && runs[i]!.end <= address) i++;
    const r = runs[i];
    return r !== undefined && r.start <= address;
  };
}

async function sideOf(source: MemorySource, info: ProcessInfo, q: SideProblems): Promise<Side> {
  const where = `checkpoint/pagemap-${info.pid}.img`;
  const vmas = await source.vmas(info.pid).catch((e: unknown) => {
    q.add([problemOf(e, `checkpoint/mm-${info.pid}.img`, info.pid)]);
    return null;
  });
  const regions = await source.regions(info.pid).catch((e: unknown) => {
    q.add([problemOf(e, where, info.pid)]);
    return null;
  });
  if (regions) q.add(regions.problems);
  return { info, vmas, regions };
}

/** A process only one side has: its dumped pages all added (or removed), counted per VMA, not listed. */
function oneSided(s: Side, match: 'added' | 'removed'): MemoryDiffProcess {
  const runs = s.regions?.runs ?? [];
  const vmas = pairVmas(match === 'removed' ? (s.vmas ?? []) : [], match === 'added' ? (s.vmas ?? []) : []);
  for (const v of vmas) {
    const r = (v.b ?? v.a)!;
    v[match] =
      bytesOf(
        runs
          .map((x) => ({ start: Math.max(x.start, r.start), end: Math.min(x.end, r.end) }))
          .filter((x) => x.end > x.start),
      ) / PAGE_SIZE;
  }
  return {
    pid: s.info.pid,
    comm: s.info.comm,
    cmdline: s.info.cmdline,
    match,
    ...zero(),
    [match]: bytesOf(runs) / PAGE_SIZE,
    vmas,
    vmasSame: 0,
    pages: [],
    complete: s.vmas !== null && s.regions !== null && s.regions.problems.length === 0,
  };
}

/** The memory diff of two checkpoints (A before, B after). */
export async function memoryDiff(a: MemorySource, b: MemorySource, opts: MemoryDiffOptions = {}): Promise<MemoryDiff> {
  const [qa, qb] = [new SideProblems('a'), new SideProblems('b')];
  const [la, lb] = [
    await qa.value(() => liveProcesses(a), 'checkpoint/pstree.img', []),
    await qb.value(() => liveProcesses(b), 'checkpoint/pstree.img', []),
  ];
  const right = new Map(lb.map((p) => [p.pid, p]));
  const paired = new Set<ProcessInfo>();
  const pairs: [Side, Side][] = [];
  const out: MemoryDiffProcess[] = [];
  for (const p of la) {
    const sa = await sideOf(a, p, qa);
    const other = right.get(p.pid);
    if (other && sameProgram(p, other)) {
      paired.add(other);
      pairs.push([sa, await sideOf(b, other, qb)]);
    } else out.push(oneSided(sa, 'removed'));
  }
  for (const p of lb) if (!paired.has(p)) out.push(oneSided(await sideOf(b, p, qb), 'added'));

  const total = pairs.reduce((n, [x, y]) => n + bytesOf(x.regions?.runs ?? []) + bytesOf(y.regions?.runs ?? []), 0);
  let done = 0;
  let listed = 0;
  let notListed = 0;
  for (const [x, y] of pairs) {
    const vmas = pairVmas(x.vmas ?? [], y.vmas ?? []);
    const proc: MemoryDiffProcess = {
      pid: y.info.pid,
      comm: y.info.comm,
      cmdline: y.info.cmdline,
      match: 'both',
      ...zero(),
      vmas,
      vmasSame: 0,
      pages: [],
      complete: x.vmas !== null && y.vmas !== null && x.regions !== null && y.regions !== null,
    };
    proc.complete &&= x.regions!.problems.length === 0 && y.regions!.problems.length === 0;
    if (x.regions && y.regions) {
      const locate = vmaLocator(vmas);
      /** inB: the page is B's (else A's only), which says whose VMA holds it. */
      const count = (address: number, kind: keyof MemoryDiffCounts, inB = kind !== 'removed') => {
        proc[kind]++;
        const v = locate(address, inB);
        if (v) v[kind]++;
      };
      const base = done;
      const [ra, rb] = [x.regions, y.regions];
      // A page one side lacks because that side's pagemap holds no bytes for it is not compared: unread, not added or removed.
      const [missingA, missingB] = [inRuns(ra.missing), inRuns(rb.missing)];
      await walkPages(
        { runs: ra.runs, read: (at, n) => ra.read(at, n) },
        { runs: rb.runs, read: (at, n) => rb.read(at, n) },
        {
          pageSize: PAGE_SIZE,
          ...(opts.signal ? { signal: opts.signal } : {}),
          onBytes: (n) => {
            done = base + n;
            opts.onProgress?.(done, total);
          },
          onSame: (address) => count(address, 'same'),
          onPage: (found) => {
            const unreadSide: 'a' | 'b' | null =
              found.kind === 'added' && missingA(found.address)
                ? 'a'
                : found.kind === 'removed' && missingB(found.address)
                  ? 'b'
                  : null;
            const page = unreadSide ? { ...found, kind: 'unread' as const, unreadSide } : found;
            count(page.address, page.kind, page.kind === 'unread' ? unreadSide === 'a' : page.kind !== 'removed');
            if (listed < MAX_MEMORY_DIFF_PAGES) {
              proc.pages.push(page);
              listed++;
            } else notListed++;
          },
        },
      );
    }
    // Listed: VMAs with a difference; the rest are counted.
    proc.vmas = vmas.filter(
      (v) => v.match !== 'same' || v.moved !== null || v.added + v.removed + v.changed + v.unread > 0,
    );
    proc.vmasSame = vmas.length - proc.vmas.length;
    out.push(proc);
  }
  out.sort((p, q) => p.pid - q.pid || p.match.localeCompare(q.match));
  const sum = (k: keyof MemoryDiffCounts) => out.reduce((n, p) => n + p[k], 0);
  const problems = [...qa.list, ...qb.list];
  if (notListed > 0)
    problems.push({
      side: 'b',
      where: 'checkpoint/',
      code: 'LIMIT_EXCEEDED',
      message: `${notListed} more differing pages are counted but not listed (${limitText('MAX_MEMORY_DIFF_PAGES')})`,
    });
  return {
    pageSize: PAGE_SIZE,
    added: sum('added'),
    removed: sum('removed'),
    changed: sum('changed'),
    same: sum('same'),
    unread: sum('unread'),
    processes: out,
    pagesNotListed: notListed,
    bytesCompared: done,
    problems,
  };
}
