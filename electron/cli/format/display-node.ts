import type { Overview, ProblemInfo, ProcessInfo } from '../../../shared/dto';
import { engineLabel } from '../../inspect/engine';
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

async function psTree(
  session: CliSession,
  list: ProcessInfo[],
  flags: InspectFlags,
  log: ProblemLog,
): Promise<PsNode | undefined> {
  const byPid = new Map(list.map((p) => [p.pid, p]));
  const kids = new Map<number, number[]>();
  for (const p of list)
    if (byPid.has(p.ppid) && p.ppid !== p.pid) kids.set(p.ppid, [...(kids.get(p.ppid) ?? []), p.pid]);
  const rootPid = flags.pid ?? list.find((p) => !byPid.has(p.ppid))?.pid;
  if (rootPid === undefined) return undefined;
  const seen = new Set<number>();
  const build = async (pid: number): Promise<PsNode> => {
    seen.add(pid);
    const p = byPid.get(pid) as ProcessInfo;
    const node: PsNode = { pid, command: p.comm, task_state: taskState(p.state) };
    if (p.state !== 'alive' && p.state !== 'stopped') return node;
    if (flags.psTreeCmd && p.cmdline.length > 0) node.cmdline = p.cmdline.join(' ');
    if (flags.psTreeEnv) {
      const env = await session.environment(pid).catch((error: unknown) => {
        log.add([problemOf(error, `checkpoint/mm-${pid}.img`, pid)]);
        return [];
      });
      if (env.length > 0) node.environment_variables = Object.fromEntries(env.map((e) => [e.name, e.value]));
    }
    const children: PsNode[] = [];
    for (const c of (kids.get(pid) ?? []).sort((a, b) => a - b)) if (!seen.has(c)) children.push(await build(c));
    if (children.length > 0) node.children = children;
    return node;
  };
  if (!byPid.has(rootPid))
    throw new Error(`no process with PID ${rootPid} (use \`inspect --ps-tree\` to view all PIDs)`);
  return build(rootPid);
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
    const rows = log.rows(await session.files());
    node.file_descriptors = [];
    for (const p of list) {
      const mine = rows.filter((r) => r.pid === p.pid);
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
    const rows = log.rows(await session.socketDetails());
    node.sockets = [];
    for (const p of list) {
      const mine = rows.filter((r) => r.pid === p.pid);
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
