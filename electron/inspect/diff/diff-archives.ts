import { createHash } from 'node:crypto';
import type { ProblemInfo, RootfsEntry } from '../../../shared/dto';
import type { ArchiveDiff } from '../../../shared/dto/forensics';
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
    hash.update(
      Buffer.from((await session.readRootfsFile(entry.path, at, Math.min(MAX_RANGE, entry.size - at))).data, 'base64'),
    );
  }
  return `sha256:${hash.digest('hex')}`;
}

async function processFacts(session: Session, problems: ProblemInfo[]): Promise<Map<number, ProcessFacts>> {
  const out = new Map<number, ProcessFacts>();
  const memory = await session.memoryUsage().catch(() => []);
  for (const info of await session.processes()) {
    const detail = await session.process(info.pid).catch((error: unknown) => {
      problems.push(problemOf(error, `pid ${info.pid}`));
      return null;
    });
    out.set(info.pid, { info, detail, memory: memory.find((m) => m.pid === info.pid) ?? null });
  }
  return out;
}

function sides<T>(a: readonly T[], b: readonly T[], key: (t: T) => string): { added: T[]; removed: T[] } {
  const left = new Set(a.map(key));
  const right = new Set(b.map(key));
  return { added: b.filter((t) => !left.has(key(t))), removed: a.filter((t) => !right.has(key(t))) };
}

async function rootfsDiff(a: Session, b: Session, signal?: AbortSignal): Promise<ArchiveDiff['rootfs']> {
  const [left, right] = [await a.rootfs(), await b.rootfs()];
  const byPath = new Map(left.map((e) => [e.path, e]));
  const rightPaths = new Set(right.map((e) => e.path));
  const brief = (e: RootfsEntry) => ({ path: e.path, type: e.change === 'deleted' ? 'deleted' : e.type, size: e.size });
  const changed: ArchiveDiff['rootfs']['changed'] = [];
  for (const e of right) {
    const old = byPath.get(e.path);
    if (!old) continue;
    const [before, after] = [await hashOf(a, old, signal), await hashOf(b, e, signal)];
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
  const problems: ProblemInfo[] = [];
  const who = (s: Session) => {
    const sum = s.summary();
    return { fileName: sum.fileName, containerName: sum.containerName, checkpointedAt: sum.checkpointedAt };
  };
  const [pa, pb] = [await processFacts(a, problems), await processFacts(b, problems)];
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
    await a.files().catch(() => []),
    await b.files().catch(() => []),
    (f) => `${f.pid}:${f.fd}:${f.type}:${f.path}`,
  );
  const sockRow = (s: Awaited<ReturnType<Session['sockets']>>[number]) => ({
    pid: s.pid,
    comm: s.comm,
    protocol: s.protocol,
    local: s.path ?? `${s.localAddress}:${s.localPort ?? ''}`,
    remote: `${s.remoteAddress}:${s.remotePort ?? ''}`,
    state: s.state,
  });
  const sockets = sides(
    (await a.sockets().catch(() => [])).map(sockRow),
    (await b.sockets().catch(() => [])).map(sockRow),
    (s) => JSON.stringify(s),
  );
  const pids = [...new Set([...pa.keys(), ...pb.keys()])].sort((x, y) => x - y);
  const memory = pids.map((pid) => ({
    pid,
    comm: pb.get(pid)?.info.comm ?? pa.get(pid)?.info.comm ?? '',
    before: pa.get(pid)?.memory?.dumpedSize ?? null,
    after: pb.get(pid)?.memory?.dumpedSize ?? null,
  }));
  let rootfs: ArchiveDiff['rootfs'] = { added: [], removed: [], changed: [] };
  try {
    rootfs = await rootfsDiff(a, b, signal);
  } catch (error) {
    problems.push(problemOf(error, 'rootfs-diff.tar'));
  }
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
    spec: jsonDiff(await a.spec().catch(() => null), await b.spec().catch(() => null)),
    config: jsonDiff(await a.config().catch(() => null), await b.config().catch(() => null)),
    problems,
  };
}
