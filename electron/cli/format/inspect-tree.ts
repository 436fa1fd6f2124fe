import type { CliSession } from './archive-sessions';
import { byPid } from '../../inspect/by-pid';
import type { DisplayNode, InspectFlags, PsNode } from './display-node';
import { TreeNode } from './tree';
import { byteToString, formatMicros } from './units';
import { terminalSafe as safe } from '../../../shared/terminal-safe';

/** The nodes of a ps tree in pre-order (parents first, children in order), each with its parent; no recursion. */
function* psNodes(root: PsNode): Generator<{ n: PsNode; parent: PsNode | undefined }> {
  const stack: Array<{ n: PsNode; parent: PsNode | undefined }> = [{ n: root, parent: undefined }];
  while (stack.length > 0) {
    const top = stack.pop() as { n: PsNode; parent: PsNode | undefined };
    yield top;
    const kids = top.n.children ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ n: kids[i] as PsNode, parent: top.n });
  }
}

/**
 * The tree view of checkpointctl `inspect`, built from the same data as the
 * JSON. Every archive value is escaped as it enters a label: a newline in a
 * command line is shown as \x0a, never as a line of its own.
 */
export async function renderInspectTree(session: CliSession, node: DisplayNode, flags: InspectFlags): Promise<string> {
  const tree = new TreeNode(safe(node.container_name) || 'Container');
  tree.add(`Image: ${safe(node.image)}`);
  tree.add(`ID: ${safe(node.id)}`);
  tree.add(`Runtime: ${safe(node.runtime)}`);
  tree.add(`Created: ${safe(node.created)}`);
  if (node.checkpointed) tree.add(`Checkpointed: ${safe(node.checkpointed)}`);
  tree.add(`Engine: ${safe(node.engine)}`);
  if (node.ip) tree.add(`IP: ${safe(node.ip)}`);
  if (node.mac) tree.add(`MAC: ${safe(node.mac)}`);
  const size = tree.add(`Checkpoint size: ${byteToString(node.checkpoint_size.total_size ?? 0)}`);
  if (node.checkpoint_size.memory_pages_size)
    size.add(`Memory pages size: ${byteToString(node.checkpoint_size.memory_pages_size)}`);
  if (node.checkpoint_size.root_fs_diff_size)
    tree.add(`Root FS diff size: ${byteToString(node.checkpoint_size.root_fs_diff_size)}`);
  if (node.statistics) {
    const s = node.statistics;
    const stats = tree.add('CRIU dump statistics');
    stats.add(`Freezing time: ${formatMicros(s['freezing_time'] ?? 0)}`);
    stats.add(`Frozen time: ${formatMicros(s['frozen_time'] ?? 0)}`);
    stats.add(`Memdump time: ${formatMicros(s['memdump_time'] ?? 0)}`);
    stats.add(`Memwrite time: ${formatMicros(s['memwrite_time'] ?? 0)}`);
    stats.add(`Pages scanned: ${s['pages_scanned'] ?? 0}`);
    stats.add(`Pages written: ${s['pages_written'] ?? 0}`);
  }
  if (node.metadata) {
    const meta = tree.add('Metadata');
    if (node.metadata.pod_name) meta.add(`Pod name: ${safe(node.metadata.pod_name)}`);
    if (node.metadata.kubernetes_namespace)
      meta.add(`Kubernetes namespace: ${safe(node.metadata.kubernetes_namespace)}`);
    const ann = node.metadata.annotations;
    if (ann) {
      const a = meta.add('Annotations');
      for (const key of Object.keys(ann).sort()) a.add(`${safe(key)}: ${safe(ann[key] ?? '')}`);
    }
  }
  if (node.process_tree) {
    const psRoot = tree.add('Process tree');
    const env = new Map<number, string[]>();
    if (flags.psTreeEnv) {
      for (const { n } of psNodes(node.process_tree))
        if (n.environment_variables)
          env.set(
            n.pid,
            Object.entries(n.environment_variables).map(([k, v]) => safe(`${k}=${v}`)),
          );
    }
    // Their problems are in node.problems already (collectDisplayNode read the same views).
    const files = byPid(flags.files ? (await session.files()).rows : []);
    const sockets = byPid(flags.sockets ? (await session.socketDetails()).rows : []);
    const add = (parent: TreeNode, n: PsNode): TreeNode => {
      const alive = n.task_state === 'Alive';
      const label = flags.psTreeCmd && n.cmdline ? n.cmdline : n.command;
      const branch = parent.addMeta(alive ? String(n.pid) : `${n.pid} (${safe(n.task_state ?? '')})`, safe(label));
      const vars = env.get(n.pid);
      if (vars && vars.length > 0) {
        const e = branch.add('Environment variables');
        for (const v of vars) e.add(v);
      }
      const mine = files.get(n.pid) ?? [];
      if (flags.files && mine.length > 0) {
        const f = branch.add('Open files');
        for (const row of mine) f.addMeta(`${safe(row.type)} ${row.fd}`, safe(row.path));
      }
      const socks = sockets.get(n.pid) ?? [];
      if (flags.sockets && socks.length > 0) {
        const s = branch.add('Open sockets');
        for (const row of socks) {
          if (row.family === 'AF_UNIX') s.addMeta(`UNIX (${safe(row.type)})`, safe(row.path || '@'));
          else if (row.family === 'AF_INET' || row.family === 'AF_INET6') {
            const proto = safe(row.protocol === 'TCP' ? `TCP (${row.state})` : row.protocol);
            const bufs = `(↑ ${byteToString(row.sendBuffer ?? 0)} ↓ ${byteToString(row.recvBuffer ?? 0)})`;
            s.addMeta(
              proto,
              safe(`${row.localAddress}:${row.localPort ?? 0} -> ${row.remoteAddress}:${row.remotePort ?? 0} ${bufs}`),
            );
          } else
            s.addMeta(
              safe(row.protocol || row.family),
              `↑ ${byteToString(row.sendBuffer ?? 0)} ↓ ${byteToString(row.recvBuffer ?? 0)}`,
            );
        }
      }
      return branch;
    };
    // Iterative (a process tree can be deep): each node is added under its parent's branch.
    const branches = new Map<PsNode, TreeNode>();
    for (const { n, parent } of psNodes(node.process_tree))
      branches.set(n, add(parent ? (branches.get(parent) ?? psRoot) : psRoot, n));
  }
  if (node.mounts) {
    const m = tree.add('Overview of mounts');
    for (const mount of node.mounts) {
      const b = m.add(`Destination: ${safe(mount.destination)}`);
      b.add(`Type: ${safe(mount.type)}`);
      b.add(`Source: ${safe(mount.source)}`);
    }
  }
  return tree.render();
}
