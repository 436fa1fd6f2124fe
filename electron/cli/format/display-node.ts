import type { Overview, ProblemInfo, ProcessInfo } from '../../../shared/dto';
import { AppError } from '../../../shared/errors';
import { byPid } from '../../inspect/by-pid';
import { engineLabel } from '../../inspect/engine';
import { limitText, MAX_TREE_DEPTH } from '../../inspect/limits';
import { problemOf } from '../../inspect/process-images';
import type { CliSession } from './archive-sessions';
import { ProblemLog } from './problems';
import { byteToString, rfc3339 } from './units';

/** What `inspect` shows, as flags. */
export interface InspectFlags {
  psTree: boolean;
  psTreeCmd: boolean;
  psTreeEnv: boolean;
  files: boolean;
  sockets: boolean;
  mounts: boolean;
  stats: boolean;
  metadata: boolean;
  pid: number | undefined;
}

/** checkpointctl's JSON keys (internal/json.go), for tools that read its output. */
export interface PsNode {
  pid: number;
  command: string;
  cmdline?: string;
  task_state?: string;
  environment_variables?: Record<string, string>;
  children?: PsNode[];
}

export interface DisplayNode {
  container_name: string;
  image: string;
  id: string;
  runtime: string;
  created: string;
  checkpointed?: string;
  engine: string;
  ip?: string;
  mac?: string;
  checkpoint_size: { total_size?: number; memory_pages_size?: number; root_fs_diff_size?: number };
  statistics?: Record<string, number>;
  metadata?: { pod_name?: string; kubernetes_namespace?: string; annotations?: Record<string, string> };
  process_tree?: PsNode;
  file_descriptors?: Array<{ pid: number; open_files?: Array<{ type: string; fd: string; path: string }> }>;
  sockets?: Array<{ pid: number; open_sockets?: Array<{ protocol?: string; data: Record<string, string | number> }> }>;
  mounts?: Array<{ destination: string; type: string; source: string }>;
  /** What was asked for and could not be read (not in checkpointctl's output). */
  problems: ProblemInfo[];
}

function taskState(state: string): string {
  return state.charAt(0).toUpperCase() + state.slice(1);
}

function omitEmpty<T extends Record<string, unknown>>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined || o[k] === '' || o[k] === 0) delete o[k];
  return o;
}

/** Each pid's children, by pid: built with one push per process (never a copy per child). */
function childrenByPid(list: readonly ProcessInfo[], byPid: ReadonlyMap<number, ProcessInfo>): Map<number, number[]> {
  const kids = new Map<number, number[]>();
  for (const p of list) {
    if (!byPid.has(p.ppid) || p.ppid === p.pid) continue;
    const mine = kids.get(p.ppid);
    if (mine) mine.push(p.pid);
    else kids.set(p.ppid, [p.pid]);
  }
  for (const mine of kids.values()) mine.sort((a, b) => a - b);
  return kids;
}

/** How many processes lie below `pids` and were not shown (each counted once, iteratively). */
function countBelow(pids: readonly number[], kids: ReadonlyMap<number, number[]>, seen: Set<number>): number {
  let n = 0;
  const stack = pids.flatMap((pid) => kids.get(pid) ?? []);
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    n++;
    for (const c of kids.get(pid) ?? []) stack.push(c);
  }
  return n;
}

/**
 * checkpointctl's nested process tree from `rootPid` down, built without
 * recursion and at most MAX_TREE_DEPTH levels deep (a hostile pstree can be a
 * chain of thousands: JSON readers and terminals give up on such nesting).
 * What is not shown is a problem that names the limit and how to see it.
 */
async function psTree(
  session: CliSession,
  list: ProcessInfo[],
  flags: InspectFlags,
  log: ProblemLog,
): Promise<PsNode | undefined> {
  const byPid = new Map(list.map((p) => [p.pid, p]));
  const kids = childrenByPid(list, byPid);
  // The first process is the first root of the dump's tree (the list is in tree order).
  const rootPid = flags.pid ?? list[0]?.pid;
  if (rootPid === undefined) return undefined;
  if (!byPid.has(rootPid))
    throw new AppError('NOT_FOUND', `no process with PID ${rootPid} (use \`inspect --ps-tree\` to view all PIDs)`, {
      pid: rootPid,
    });
  const node = async (pid: number): Promise<PsNode> => {
    const p = byPid.get(pid) as ProcessInfo;
    const out: PsNode = { pid, command: p.comm, task_state: taskState(p.state) };
    if (p.state !== 'alive' && p.state !== 'stopped') return out;
    if (flags.psTreeCmd && p.cmdline.length > 0) out.cmdline = p.cmdline.join(' ');
    if (flags.psTreeEnv) {
      const env = await session.environment(pid).catch((error: unknown) => {
        log.add([problemOf(error, `checkpoint/mm-${pid}.img`, pid)]);
        return [];
      });
      if (env.length > 0) out.environment_variables = Object.fromEntries(env.map((e) => [e.name, e.value]));
    }
    return out;
  };
  const seen = new Set<number>([rootPid]);
  const root = await node(rootPid);
  const cut: number[] = [];
  const stack: Array<{ at: PsNode; depth: number }> = [{ at: root, depth: 1 }];
  while (stack.length > 0) {
    const { at, depth } = stack.pop() as { at: PsNode; depth: number };
    const children = (kids.get(at.pid) ?? []).filter((c) => !seen.has(c));
    if (children.length === 0) continue;
    if (depth >= MAX_TREE_DEPTH) {
      cut.push(at.pid);
      continue;
    }
    at.children = [];
    for (const c of children) {
      seen.add(c);
      at.children.push(await node(c));
    }
    for (let i = at.children.length - 1; i >= 0; i--) stack.push({ at: at.children[i] as PsNode, depth: depth + 1 });
  }
  if (cut.length > 0) {
    const hidden = countBelow(cut, kids, seen);
    log.add([
      {
        where: 'checkpoint/pstree.img',
        code: 'LIMIT_EXCEEDED',
        message: `the process tree is shown ${MAX_TREE_DEPTH} levels deep (${limitText('MAX_TREE_DEPTH')}): ${hidden} processes below pid ${cut.slice(0, 5).join(', ')}${cut.length > 5 ? ', ...' : ''} are not shown; \`--pid ${cut[0]}\` shows the tree from there`,
      },
    ]);
  }
  // Without --pid the tree is the dump's: processes under no root of it (broken ppid links) are named too.
  const elsewhere = flags.pid === undefined ? list.length - seen.size : 0;
  if (elsewhere > 0) {
    const first = list.find((p) => !seen.has(p.pid))?.pid;
    log.add([
      {
        where: 'checkpoint/pstree.img',
        code: 'IMAGE_CORRUPT',
        message: `${elsewhere} processes are not under pid ${rootPid}; \`--pid ${first}\` shows the tree from one of them`,
      },
    ]);
  }
  return root;
}

/**
 * checkpointctl's node of one archive, and the problems of what was asked
 * for (also in `node.problems`): a view that could not be read is a problem,
 * never an empty list.
 */
export async function collectDisplayNode(
  session: CliSession,
  flags: InspectFlags,
): Promise<{ node: DisplayNode; overview: Overview; problems: ProblemInfo[] }> {
  const log = new ProblemLog();
  // The header fields come from config.dump and spec.dump: what opening could not read is missing from them.
  log.add(session.summary().warnings);
  const o = await session.overview();
  const node: DisplayNode = {
    container_name: o.containerName ?? '',
    image: o.image ?? '',
    id: o.containerId ?? '',
    runtime: o.runtime ?? '',
    created: rfc3339(o.createdAt),
    engine: engineLabel(o.engine),
    checkpoint_size: omitEmpty({
      total_size: o.checkpointSize,
      memory_pages_size: o.memoryPagesSize,
      root_fs_diff_size: o.rootfsDiffSize,
    }),
    problems: [],
  };
  if (o.checkpointedAt) node.checkpointed = rfc3339(o.checkpointedAt);
  if (o.ip) node.ip = o.ip;
  if (o.mac) node.mac = o.mac;
  if (flags.stats && o.statistics) {
    const s = o.statistics;
    node.statistics = omitEmpty({
      freezing_time: s.freezingTimeUs,
      frozen_time: s.frozenTimeUs,
      memdump_time: s.memdumpTimeUs,
      memwrite_time: s.memwriteTimeUs,
      pages_scanned: s.pagesScanned,
      pages_written: s.pagesWritten,
    }) as Record<string, number>;
  }
  if (flags.metadata) {
    node.metadata = omitEmpty({
      pod_name: o.podName ?? undefined,
      kubernetes_namespace: o.podNamespace ?? undefined,
      annotations: Object.keys(o.annotations).length > 0 ? o.annotations : undefined,
    });
  }
  const list = flags.psTree ? log.rows(await session.processView()) : [];
  if (flags.psTree) {
    const tree = await psTree(session, list, flags, log);
    if (tree) node.process_tree = tree;
  }
  if (flags.files) {
    const rows = byPid(log.rows(await session.files()));
    node.file_descriptors = [];
    for (const p of list) {
      const mine = rows.get(p.pid) ?? [];
      const detail =
        p.state === 'alive'
          ? await session.fsOf(p.pid).catch((error: unknown) => {
              log.add([problemOf(error, `checkpoint/fs-${p.pid}.img`, p.pid)]);
              return null;
            })
          : null;
      const open = mine.map((r) => ({ type: r.type, fd: r.fd.toString(), path: r.path }));
      if (detail?.cwd) open.push({ type: '', fd: 'cwd', path: detail.cwd });
      if (detail?.root) open.push({ type: '', fd: 'root', path: detail.root });
      node.file_descriptors.push(open.length > 0 ? { pid: p.pid, open_files: open } : { pid: p.pid });
    }
  }
  if (flags.sockets) {
    const rows = byPid(log.rows(await session.socketDetails()));
    node.sockets = [];
    for (const p of list) {
      const mine = rows.get(p.pid) ?? [];
      if (mine.length === 0) continue;
      node.sockets.push({
        pid: p.pid,
        open_sockets: mine.map((r) => {
          const bufs = { send_buf: byteToString(r.sendBuffer ?? 0), recv_buf: byteToString(r.recvBuffer ?? 0) };
          if (r.family === 'AF_UNIX') return { data: { type: 'UNIX', address: r.path ?? '' } };
          if (r.family === 'AF_INET' || r.family === 'AF_INET6') {
            return {
              protocol: r.protocol,
              data: omitEmpty({
                type: r.protocol,
                state: r.state,
                src: r.localAddress,
                src_port: r.localPort ?? 0,
                dst: r.remoteAddress,
                dst_port: r.remotePort ?? 0,
                ...bufs,
              }),
            };
          }
          return { protocol: r.protocol, data: bufs };
        }),
      });
    }
  }
  if (flags.mounts) {
    // As checkpointctl, only the spec's mounts are shown: only spec.dump's problems are about them.
    const mounts = await session.mounts();
    log.add(mounts.problems.filter((p) => p.where === 'spec.dump'));
    node.mounts = mounts.rows
      .filter((m) => m.source === 'spec')
      .map((m) => ({ destination: m.destination, type: m.type, source: m.sourcePath }));
  }
  node.problems = log.problems;
  return { node, overview: o, problems: node.problems };
}
