import { checkpointImageSource, type CheckpointImageInfo } from '../../../shared/dto/archive';
import type { DisplayNode, PsNode } from './display-node';
import { socketTreeLabel } from './checkpointctl-values';
import { TreeNode } from './tree';
import { byteToString, formatMicros } from './units';
import { terminalSafe as safe } from '../../../shared/terminal-safe';

/** The nodes of a ps tree in pre-order (parents first, children by pid), each with its parent; no recursion. */
function* psNodes(root: PsNode): Generator<{ n: PsNode; parent: PsNode | undefined }> {
  const stack: Array<{ n: PsNode; parent: PsNode | undefined }> = [{ n: root, parent: undefined }];
  while (stack.length > 0) {
    const top = stack.pop() as { n: PsNode; parent: PsNode | undefined };
    yield top;
    const kids = [...(top.n.children ?? [])].sort((a, b) => b.pid - a.pid);
    for (const kid of kids) stack.push({ n: kid, parent: top.n });
  }
}

/** A process whose state CRIU kept (open files, sockets, children), as checkpointctl tells them. */
const withState = (n: PsNode): boolean =>
  !n.task_state || n.task_state === 'Alive' || n.task_state === 'Running' || n.task_state === 'Stopped';

function addNetworks(tree: TreeNode, node: DisplayNode): void {
  if (!node.networks) {
    if (node.ip) tree.add(`IP: ${safe(node.ip)}`);
    if (node.mac) tree.add(`MAC: ${safe(node.mac)}`);
    return;
  }
  const nets = tree.add('Network Interfaces');
  for (const net of node.networks) {
    for (const ifName of Object.keys(net.interfaces).sort()) {
      const iface = net.interfaces[ifName] ?? {};
      const b = nets.add(`${safe(net.name)} (${safe(ifName)})`);
      if (iface.ip) b.add(`IP: ${safe(iface.ip)}`);
      if (iface.mac) b.add(`MAC: ${safe(iface.mac)}`);
      if (iface.gateway) b.add(`Gateway: ${safe(iface.gateway)}`);
    }
  }
}

function addStatsAndMetadata(tree: TreeNode, node: DisplayNode): void {
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
}

const LAYOUT_TEXT: Record<string, string> = {
  folder: 'folder (an unpacked checkpoint archive)',
  'criu-folder': 'folder of CRIU images only (criu dump -D: no config.dump, no spec.dump)',
};

/** Ours: how the checkpoint was laid out, the engine's members and CRI-O's bind mounts. */
function addLayout(tree: TreeNode, node: DisplayNode): void {
  // A tar's tree stays checkpointctl's line for line (its members are in the JSON); a folder checkpointctl cannot open.
  const members = node.layout === 'tar' ? [] : (node.layout_members ?? []);
  if (members.length > 0) {
    const m = tree.add('Checkpoint members');
    for (const row of members) {
      const what = `${row.role.replace(/-/g, ' ')}, ${row.writer}`;
      const size = row.files > 1 ? `${row.files} files, ${byteToString(row.size)}` : byteToString(row.size);
      const link = row.link_target !== undefined ? ` -> ${safe(row.link_target)}` : '';
      m.add(`${safe(row.name)}${link} (${what}): ${size}`);
    }
  }
  if (node.bind_mounts && node.bind_mounts.length > 0) {
    const b = tree.add('Bind mounts (bind.mounts)');
    for (const mount of node.bind_mounts) {
      const perm = mount.permissions !== undefined ? `, mode ${mount.permissions.toString(8)}` : '';
      b.add(`${safe(mount.destination)} <- ${safe(mount.source)} (${safe(mount.file_type)}${perm})`);
    }
  }
}

/** The process tree with each process's environment, open files and sockets under it, all from the node. */
function addProcessTree(tree: TreeNode, node: DisplayNode, ps: PsNode): void {
  const psRoot = tree.add('Process tree');
  const files = new Map((node.file_descriptors ?? []).map((f) => [f.pid, f.open_files ?? []]));
  const sockets = new Map((node.sockets ?? []).map((s) => [s.pid, s.open_sockets ?? []]));
  const add = (parent: TreeNode, n: PsNode): TreeNode => {
    const tag = !n.task_state || n.task_state === 'Alive' ? String(n.pid) : `${n.pid} (${safe(n.task_state)})`;
    const branch = parent.addMeta(tag, safe(n.cmdline || n.command));
    if (!withState(n)) return branch;
    const vars = Object.entries(n.environment_variables ?? {});
    if (vars.length > 0) {
      const e = branch.add('Environment variables');
      for (const [k, v] of vars) e.add(safe(`${k}=${v}`));
    }
    const open = files.get(n.pid) ?? [];
    if (open.length > 0) {
      const f = branch.add('Open files');
      for (const file of open) f.addMeta(safe(file.fd), safe(file.path));
    }
    const socks = sockets.get(n.pid) ?? [];
    if (socks.length > 0) {
      const s = branch.add('Open sockets');
      for (const sock of socks) {
        const { meta, text } = socketTreeLabel(sock);
        s.addMeta(safe(meta), safe(text));
      }
    }
    return branch;
  };
  // Iterative (a process tree can be deep): each node is added under its parent's branch.
  const branches = new Map<PsNode, TreeNode>();
  for (const { n, parent } of psNodes(ps)) {
    // Children of a process without state are kept (checkpointctl drops them; the JSON has them, so does the tree).
    branches.set(n, add(parent ? (branches.get(parent) ?? psRoot) : psRoot, n));
  }
}

function addCheckpointImage(tree: TreeNode, image: NonNullable<DisplayNode['checkpoint_image']>): void {
  const containerd = image.format === 'containerd';
  const from = checkpointImageSource({
    layout: image.layout as CheckpointImageInfo['layout'],
    format: containerd ? 'containerd' : 'oci',
    ...(image.namespace !== undefined ? { namespace: image.namespace } : {}),
  });
  const ref = image.ref_name ? ` ${safe(image.ref_name)}` : '';
  const b = tree.add(`Checkpoint image:${ref} (${safe(from)})`);
  b.add(`${containerd ? 'Index' : 'Manifest'}: ${safe(image.manifest_digest)}`);
  const size = `${safe(image.layer_media_type)}, ${byteToString(image.layer_size)}`;
  b.add(`${containerd ? 'CRIU images' : 'Layer'}: ${safe(image.layer_digest)} (${size})`);
}

/**
 * The tree view of checkpointctl `inspect`, built from the node the JSON
 * prints, so the two agree. Every archive value is escaped as it enters a
 * label: a newline in a command line is shown as \x0a, never as a line of
 * its own.
 */
export function renderInspectTree(node: DisplayNode): string {
  const tree = new TreeNode(safe(node.container_name) || 'Container');
  tree.add(`Image: ${safe(node.image)}`);
  tree.add(`ID: ${safe(node.id)}`);
  tree.add(`Runtime: ${safe(node.runtime)}`);
  tree.add(`Created: ${safe(node.created)}`);
  if (node.checkpointed) tree.add(`Checkpointed: ${safe(node.checkpointed)}`);
  tree.add(`Engine: ${safe(node.engine)}`);
  if (node.checkpoint_image) addCheckpointImage(tree, node.checkpoint_image);
  const layout = LAYOUT_TEXT[node.layout];
  if (layout) tree.add(`Layout: ${layout}`);
  addNetworks(tree, node);
  const size = tree.add(`Checkpoint size: ${byteToString(node.checkpoint_size.total_size ?? 0)}`);
  if (node.checkpoint_size.memory_pages_size)
    size.add(`Memory pages size: ${byteToString(node.checkpoint_size.memory_pages_size)}`);
  if (node.checkpoint_size.root_fs_diff_size)
    tree.add(`Root FS diff size: ${byteToString(node.checkpoint_size.root_fs_diff_size)}`);
  addStatsAndMetadata(tree, node);
  addLayout(tree, node);
  if (node.process_tree) addProcessTree(tree, node, node.process_tree);
  if (node.mounts && node.mounts.length > 0) {
    const m = tree.add('Overview of mounts');
    for (const mount of node.mounts) {
      const b = m.add(`Destination: ${safe(mount.destination)}`);
      b.add(`Type: ${safe(mount.type)}`);
      b.add(`Source: ${safe(mount.source)}`);
    }
  }
  return tree.render();
}
