import type { View } from '../../../shared/dto';
import type { ArchiveDiff } from '../../../shared/dto/forensics';
import { problemOf } from '../process-images';
import type { InspectSession } from '../session';
import { hasMember, memberDiff, type MemberSession } from './member-diff';
import { PSTREE, presenceNote, ROOTFS_DIFF } from './presence';
import { processChange, type ProcessFacts } from './process-diff';
import { SideProblems } from './side-problems';
import { memoryDiff, NO_MEMORY, type MemoryDiffOptions } from './memory-diff';

type Session = MemberSession &
  Pick<
    InspectSession,
    'summary' | 'processes' | 'process' | 'files' | 'sockets' | 'memoryUsage' | 'vmas' | 'memoryRegions'
  >;

async function processFacts(session: Session, problems: SideProblems): Promise<Map<number, ProcessFacts>> {
  const out = new Map<number, ProcessFacts>();
  // An archive of config and spec only (no CRIU images) has no processes: nothing to read, nothing failed.
  if (!hasMember(session, PSTREE)) return out;
  const memory = await problems.rows(() => session.memoryUsage(), 'checkpoint/');
  for (const info of await session.processes()) {
    const detail = await session.process(info.pid).catch((error: unknown) => {
      problems.add([problemOf(error, `checkpoint/core-${info.pid}.img`, info.pid)]);
      return null;
    });
    if (detail) problems.add(detail.problems);
    out.set(info.pid, { info, detail, memory: memory.find((m) => m.pid === info.pid) ?? null });
  }
  return out;
}

function sides<T>(a: readonly T[], b: readonly T[], key: (t: T) => string): { added: T[]; removed: T[] } {
  const left = new Set(a.map(key));
  const right = new Set(b.map(key));
  return { added: b.filter((t) => !left.has(key(t))), removed: a.filter((t) => !right.has(key(t))) };
}

/** What differs between two checkpoints (of one container over time, or of two). */
export async function diffArchives(
  a: Session,
  b: Session,
  signal?: AbortSignal,
  onMemory?: MemoryDiffOptions['onProgress'],
): Promise<ArchiveDiff> {
  const [qa, qb] = [new SideProblems('a'), new SideProblems('b')];
  const who = (s: Session) => {
    const sum = s.summary();
    return { fileName: sum.fileName, containerName: sum.containerName, checkpointedAt: sum.checkpointedAt };
  };
  const [pa, pb] = [await processFacts(a, qa), await processFacts(b, qb)];
  const brief = (f: ProcessFacts) => ({ pid: f.info.pid, comm: f.info.comm, cmdline: f.info.cmdline });
  // A pid reused by another program is a removal and an addition, not a change.
  const key = (f: ProcessFacts) => `${f.info.pid}:${f.info.comm}`;
  const proc = sides([...pa.values()], [...pb.values()], key);
  const changed = [...pb.values()].flatMap((f) => {
    const old = pa.get(f.info.pid);
    const c = old && key(old) === key(f) ? processChange(old, f) : null;
    return c ? [c] : [];
  });
  // Files and sockets are listed per process: none where there is no process tree.
  const view = async <T>(s: Session, q: SideProblems, read: () => Promise<View<T>>) =>
    hasMember(s, PSTREE) ? q.rows(read, 'checkpoint/files.img') : [];
  const files = sides(
    await view(a, qa, () => a.files()),
    await view(b, qb, () => b.files()),
    (f) => `${f.pid}:${f.fd}:${f.type}:${f.path}`,
  );
  const sockRow = (s: Awaited<ReturnType<Session['sockets']>>['rows'][number]) => ({
    pid: s.pid,
    comm: s.comm,
    protocol: s.protocol,
    local: s.path ?? `${s.localAddress}:${s.localPort ?? ''}`,
    remote: `${s.remoteAddress}:${s.remotePort ?? ''}`,
    state: s.state,
  });
  const sockets = sides(
    (await view(a, qa, () => a.sockets())).map(sockRow),
    (await view(b, qb, () => b.sockets())).map(sockRow),
    (s) => JSON.stringify(s),
  );
  const pids = [...new Set([...pa.keys(), ...pb.keys()])].sort((x, y) => x - y);
  const memory = pids.map((pid) => ({
    pid,
    comm: pb.get(pid)?.info.comm ?? pa.get(pid)?.info.comm ?? '',
    before: pa.get(pid)?.memory?.dumpedSize ?? null,
    after: pb.get(pid)?.memory?.dumpedSize ?? null,
  }));
  const { rootfs, spec, config } = await memberDiff(a, b, qa, qb, signal);
  const source = (s: Session) => ({
    processes: () => s.processes(),
    vmas: (pid: number) => s.vmas(pid),
    regions: (pid: number) => s.memoryRegions(pid),
  });
  // No process tree, no memory: nothing to compare and nothing failed (the presence note says so).
  const pages = await memoryDiff(
    hasMember(a, PSTREE) ? source(a) : NO_MEMORY,
    hasMember(b, PSTREE) ? source(b) : NO_MEMORY,
    {
      ...(signal ? { signal } : {}),
      ...(onMemory ? { onProgress: onMemory } : {}),
    },
  );
  return {
    a: who(a),
    b: who(b),
    processes: { added: proc.added.map(brief), removed: proc.removed.map(brief), changed },
    files: {
      added: files.added.map(({ pid, comm, fd, type, path }) => ({ pid, comm, fd, type, path })),
      removed: files.removed.map(({ pid, comm, fd, type, path }) => ({ pid, comm, fd, type, path })),
    },
    sockets,
    memory,
    pages,
    rootfs,
    spec,
    config,
    problems: [
      ...presenceNote(a, b, PSTREE, 'processes, files and sockets'),
      ...presenceNote(a, b, ROOTFS_DIFF, 'file system changes'),
      ...qa.list,
      ...qb.list,
      ...pages.problems,
    ],
  };
}
