import { createHash } from 'node:crypto';
import type { ProblemInfo, RootfsEntry, View } from '../../../shared/dto';
import type { ArchiveDiff, DiffProblem } from '../../../shared/dto/forensics';
import { MAX_RANGE } from '../../../shared/schemas';
import { problemOf } from '../process-images';
import type { InspectSession } from '../session';
import { jsonDiff } from './json-diff';
import { processChange, type ProcessFacts } from './process-diff';

/** Files larger than this are compared by size and mode, not hashed. */
export const MAX_HASHED_FILE = 256 * 1024 * 1024;

type Session = Pick<
  InspectSession,
  | 'summary'
  | 'processes'
  | 'process'
  | 'files'
  | 'sockets'
  | 'memoryUsage'
  | 'rootfs'
  | 'readRootfsFile'
  | 'spec'
  | 'config'
>;

async function hashOf(session: Session, entry: RootfsEntry, signal?: AbortSignal): Promise<string> {
  if (entry.type === 'symlink' || entry.type === 'hardlink') return `${entry.type} -> ${entry.linkTarget ?? ''}`;
  if (entry.change === 'deleted') return 'deleted';
  if (entry.type !== 'file') return `${entry.type} mode ${entry.mode.toString(8)}`;
  if (entry.size > MAX_HASHED_FILE) return `size ${entry.size} (not hashed)`;
  const hash = createHash('sha256');
  for (let at = 0; at < entry.size; at += MAX_RANGE) {
    signal?.throwIfAborted();
    hash.update((await session.readRootfsFile(entry.path, at, Math.min(MAX_RANGE, entry.size - at))).data);
  }
  return `sha256:${hash.digest('hex')}`;
}

/** The problems of one side, each once. */
class SideProblems {
  readonly list: DiffProblem[] = [];
  private readonly seen = new Set<string>();
  constructor(readonly side: 'a' | 'b') {}

  add(problems: readonly ProblemInfo[]): void {
    for (const p of problems) {
      const key = JSON.stringify([p.where, p.pid ?? null, p.code, p.message]);
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.list.push({ ...p, side: this.side });
    }
  }

  /** The rows of a view (its problems kept), or none and a problem when the view failed as a whole. */
  async rows<T>(read: () => Promise<View<T>>, where: string): Promise<T[]> {
    try {
      const view = await read();
      this.add(view.problems);
      return view.rows;
    } catch (error) {
      this.add([problemOf(error, where)]);
      return [];
    }
  }

  async value<T>(read: () => Promise<T>, where: string, unread: T): Promise<T> {
    try {
      return await read();
    } catch (error) {
      this.add([problemOf(error, where)]);
      return unread;
    }
  }
}

async function processFacts(session: Session, problems: SideProblems): Promise<Map<number, ProcessFacts>> {
  const out = new Map<number, ProcessFacts>();
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

async function rootfsDiff(
  a: Session,
  b: Session,
  pa: SideProblems,
  pb: SideProblems,
  signal?: AbortSignal,
): Promise<ArchiveDiff['rootfs']> {
  const [left, right] = [
    await pa.value(() => a.rootfs(), 'rootfs-diff.tar', null),
    await pb.value(() => b.rootfs(), 'rootfs-diff.tar', null),
  ];
  // One side unread: what it holds is not known, so nothing is added, removed or changed.
  if (!left || !right) return { added: [], removed: [], changed: [] };
  const byPath = new Map(left.map((e) => [e.path, e]));
  const rightPaths = new Set(right.map((e) => e.path));
  const brief = (e: RootfsEntry) => ({ path: e.path, type: e.change === 'deleted' ? 'deleted' : e.type, size: e.size });
  const changed: ArchiveDiff['rootfs']['changed'] = [];
  for (const e of right) {
    const old = byPath.get(e.path);
    if (!old) continue;
    const where = `rootfs-diff.tar:${e.path}`;
    const [before, after] = [
      await pa.value(() => hashOf(a, old, signal), where, 'unread'),
      await pb.value(() => hashOf(b, e, signal), where, 'unread'),
    ];
    if (before !== after) changed.push({ path: e.path, before, after });
  }
  return {
    added: right.filter((e) => !byPath.has(e.path)).map(brief),
    removed: left.filter((e) => !rightPaths.has(e.path)).map(brief),
    changed,
  };
}

/** What differs between two checkpoints (of one container over time, or of two). */
export async function diffArchives(a: Session, b: Session, signal?: AbortSignal): Promise<ArchiveDiff> {
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
  const files = sides(
    await qa.rows(() => a.files(), 'checkpoint/files.img'),
    await qb.rows(() => b.files(), 'checkpoint/files.img'),
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
    (await qa.rows(() => a.sockets(), 'checkpoint/files.img')).map(sockRow),
    (await qb.rows(() => b.sockets(), 'checkpoint/files.img')).map(sockRow),
    (s) => JSON.stringify(s),
  );
  const pids = [...new Set([...pa.keys(), ...pb.keys()])].sort((x, y) => x - y);
  const memory = pids.map((pid) => ({
    pid,
    comm: pb.get(pid)?.info.comm ?? pa.get(pid)?.info.comm ?? '',
    before: pa.get(pid)?.memory?.dumpedSize ?? null,
    after: pb.get(pid)?.memory?.dumpedSize ?? null,
  }));
  const rootfs = await rootfsDiff(a, b, qa, qb, signal);
  const spec = jsonDiff(
    await qa.value(() => a.spec(), 'spec.dump', null),
    await qb.value(() => b.spec(), 'spec.dump', null),
  );
  const config = jsonDiff(
    await qa.value(() => a.config(), 'config.dump', null),
    await qb.value(() => b.config(), 'config.dump', null),
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
    rootfs,
    spec,
    config,
    problems: [...qa.list, ...qb.list],
  };
}
