import type { Overview, ProblemInfo, ProcessInfo, View } from '../../../shared/dto';
import { AppError } from '../../../shared/errors';
import { byPid } from '../../inspect/by-pid';
import { engineLabel } from '../../inspect/engine';
import { limitText, MAX_TREE_DEPTH } from '../../inspect/limits';
import { problemOf } from '../../inspect/process-images';
import type { CliSession } from './archive-sessions';
import {
  containerNameText,
  createdText,
  fsNode,
  networkNodes,
  omitEmpty,
  openFileNode,
  socketNode,
  type NetworkNode,
  type OpenFileNode,
  type SocketNode,
} from './checkpointctl-values';
import {
  checkpointImageNode,
  layoutNodes,
  type BindMountNode,
  type CheckpointImageNode,
  type LayoutMemberNode,
} from './display-layout';
import { ProblemLog } from './problems';
import { rfc3339 } from './units';

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

/** checkpointctl's DisplayNode, its keys in its order, plus `problems` (ours). */
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
  networks?: NetworkNode[];
  checkpoint_size: { total_size?: number; memory_pages_size?: number; root_fs_diff_size?: number };
  statistics?: Record<string, number>;
  metadata?: { pod_name?: string; kubernetes_namespace?: string; annotations?: Record<string, string> };
  process_tree?: PsNode;
  file_descriptors?: Array<{ pid: number; open_files?: OpenFileNode[] }>;
  sockets?: Array<{ pid: number; open_sockets?: SocketNode[] }>;
  mounts?: Array<{ destination: string; type: string; source: string }>;
  /** The OCI image the archive was read from (ours; checkpointctl does not open images). */
  checkpoint_image?: CheckpointImageNode;
  /** Ours from here: what was opened (tar, folder, criu-folder), the engine's members, CRI-O's bind.mounts. */
  layout: string;
  layout_members?: LayoutMemberNode[];
  bind_mounts?: BindMountNode[];
  /** What was asked for and could not be read (not in checkpointctl's output). */
  problems: ProblemInfo[];
}

const hasState = (p: Pick<ProcessInfo, 'state'>): boolean => p.state === 'alive' || p.state === 'stopped';

function taskState(state: string): string {
  return state.charAt(0).toUpperCase() + state.slice(1);
}

/** A view that could not be read at all is a problem naming `where`, and no rows: never an empty list passed off as read. */
async function rowsOf<T>(log: ProblemLog, where: string, read: () => Promise<View<T>>): Promise<T[]> {
  try {
    return log.rows(await read());
  } catch (error) {
    log.add([problemOf(error, where)]);
    return [];
  }
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
 * One process as checkpointctl's PsNode. Its command line is the argv area
 * as checkpointctl joins it (each NUL a space, so it ends in one); what was
 * asked for and cannot be read is a problem naming the member, and the node
 * keeps what could be read.
 */
async function psNode(session: CliSession, p: ProcessInfo, flags: InspectFlags, log: ProblemLog): Promise<PsNode> {
  const out: PsNode = { pid: p.pid, command: p.comm, task_state: taskState(p.state) };
  if (!hasState(p)) return out;
  if (flags.psTreeCmd) {
    const argv = await session.cmdline(p.pid).catch((error: unknown) => {
      log.add([problemOf(error, `checkpoint/mm-${p.pid}.img`, p.pid)]);
      return null;
    });
    if (argv && argv.length > 0) out.cmdline = `${argv.join(' ')} `;
  }
  if (flags.psTreeEnv) {
    const env = await session.environment(p.pid).catch((error: unknown) => {
      log.add([problemOf(error, `checkpoint/mm-${p.pid}.img`, p.pid)]);
      return [];
    });
    if (env.length > 0) out.environment_variables = Object.fromEntries(env.map((e) => [e.name, e.value]));
  }
  return out;
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
  const node = (pid: number): Promise<PsNode> => psNode(session, byPid.get(pid) as ProcessInfo, flags, log);
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

/** Where a process's argv and environment are read from: pstree's view reads them for its own rows. */
const MEMORY_MEMBER = /^checkpoint\/(?:mm|pagemap|pages)-\d+\.img$/;

/**
 * The processes, with the problems of reading them. The view also reads each
 * command line from memory; checkpointctl reads memory only for --ps-tree-cmd
 * and --ps-tree-env (psNode reads it again then, naming what it lacks), so
 * without them a missing mm or pages image is not a problem of this command.
 */
async function processes(session: CliSession, flags: InspectFlags, log: ProblemLog): Promise<ProcessInfo[]> {
  const wantsMemory = flags.psTreeCmd || flags.psTreeEnv;
  const mine = new ProblemLog();
  const rows = await rowsOf(mine, 'checkpoint/pstree.img', () => session.processView());
  log.add(mine.problems.filter((p) => wantsMemory || !MEMORY_MEMBER.test(p.where)));
  return rows;
}

/** --stats: the dump statistics, or a problem saying why there are none (no stats-dump, or one that does not decode). */
function statistics(session: CliSession, o: Overview, log: ProblemLog): Record<string, number> | undefined {
  const s = o.statistics;
  if (!s) {
    const unread = o.warnings.filter((w) => w.where === 'stats-dump');
    if (unread.length > 0) log.add(unread);
    else if (!session.members().some((m) => m.name === 'stats-dump'))
      log.add([
        { where: 'stats-dump', code: 'NOT_FOUND', message: 'stats-dump is not in the archive: no dump statistics' },
      ]);
    else log.add([{ where: 'stats-dump', code: 'IMAGE_CORRUPT', message: 'stats-dump holds no dump statistics' }]);
    return undefined;
  }
  return omitEmpty({
    freezing_time: s.freezingTimeUs,
    frozen_time: s.frozenTimeUs,
    memdump_time: s.memdumpTimeUs,
    memwrite_time: s.memwriteTimeUs,
    pages_scanned: s.pagesScanned,
    pages_written: s.pagesWritten,
  }) as Record<string, number>;
}

/** --files: each process with state, its descriptors then cwd and root (from fs-PID.img), as go-crit lists them. */
async function fileDescriptors(
  session: CliSession,
  list: readonly ProcessInfo[],
  log: ProblemLog,
): Promise<NonNullable<DisplayNode['file_descriptors']>> {
  const rows = byPid(await rowsOf(log, 'checkpoint/files.img', () => session.files()));
  const members = new Set(session.members().map((m) => m.name));
  const out: NonNullable<DisplayNode['file_descriptors']> = [];
  for (const p of list.filter(hasState)) {
    const open = (rows.get(p.pid) ?? []).map(openFileNode);
    const where = `checkpoint/fs-${p.pid}.img`;
    if (!members.has(where))
      log.add([{ where, pid: p.pid, code: 'NOT_FOUND', message: `${where} is not in the archive: no cwd and root` }]);
    else {
      const fs = await session.fsOf(p.pid).catch((error: unknown) => {
        log.add([problemOf(error, where, p.pid)]);
        return null;
      });
      if (fs) open.push(fsNode('cwd', fs.cwd), fsNode('root', fs.root));
    }
    out.push(open.length > 0 ? { pid: p.pid, open_files: open } : { pid: p.pid });
  }
  return out;
}

/** --sockets: the processes that have sockets, each with them in descriptor order. */
async function sockets(
  session: CliSession,
  list: readonly ProcessInfo[],
  log: ProblemLog,
): Promise<NonNullable<DisplayNode['sockets']>> {
  const rows = byPid(await rowsOf(log, 'checkpoint/files.img', () => session.socketDetails()));
  const out: NonNullable<DisplayNode['sockets']> = [];
  for (const p of list) {
    const mine = rows.get(p.pid) ?? [];
    if (mine.length > 0) out.push({ pid: p.pid, open_sockets: mine.map(socketNode) });
  }
  return out;
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
  const image = session.summary().checkpointImage;
  // Built in checkpointctl's key order, `problems` (ours) last.
  const node: Omit<DisplayNode, 'problems'> = {
    container_name: containerNameText(o),
    image: o.image ?? '',
    id: o.containerId ?? '',
    runtime: o.runtime ?? '',
    created: createdText(o),
    ...(o.checkpointedAt ? { checkpointed: rfc3339(o.checkpointedAt) } : {}),
    engine: engineLabel(o.engine),
    ...(o.ip ? { ip: o.ip } : {}),
    ...(o.mac ? { mac: o.mac } : {}),
    ...(o.networks.length > 0 ? { networks: networkNodes(o.networks) } : {}),
    checkpoint_size: omitEmpty({
      total_size: o.checkpointSize,
      memory_pages_size: o.memoryPagesSize,
      root_fs_diff_size: o.rootfsDiffSize,
    }),
    ...(image ? { checkpoint_image: checkpointImageNode(image) } : {}),
    ...layoutNodes(o),
  };
  if (flags.stats) {
    const stats = statistics(session, o, log);
    if (stats) node.statistics = stats;
  }
  if (flags.metadata) {
    node.metadata = omitEmpty({
      pod_name: o.podName ?? undefined,
      kubernetes_namespace: o.podNamespace ?? undefined,
      annotations: Object.keys(o.annotations).length > 0 ? o.annotations : undefined,
    });
  }
  const list = flags.psTree ? await processes(session, flags, log) : [];
  if (flags.psTree) {
    const tree = await psTree(session, list, flags, log);
    if (tree) node.process_tree = tree;
  }
  if (flags.files) node.file_descriptors = await fileDescriptors(session, list, log);
  if (flags.sockets) node.sockets = await sockets(session, list, log);
  if (flags.mounts) {
    // As checkpointctl, only the spec's mounts are shown: only spec.dump's problems are about them.
    const mounts = await session.mounts();
    log.add(mounts.problems.filter((p) => p.where === 'spec.dump'));
    node.mounts = mounts.rows
      .filter((m) => m.source === 'spec')
      .map((m) => ({ destination: m.destination, type: m.type, source: m.sourcePath }));
  }
  const problems = log.problems;
  return { node: { ...node, problems }, overview: o, problems };
}
