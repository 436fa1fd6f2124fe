// checkpointctl's comparison of two inspect nodes (cmd/diff.go computeDiff),
// rule for rule, so that `diff` gives the same lists, counts and summary.
// Where Go iterates a map (in random order) the lists here follow the
// dump's tree order: checkpoint B's for what B has, A's for what it lost.
import type {
  CtlChanges,
  CtlDiff,
  CtlDiffFlags,
  CtlFile,
  CtlNode,
  CtlProcess,
  CtlPsNode,
  CtlSocket,
} from './ctl-types';

type Compared = Omit<CtlDiff, 'rootfs_changes' | 'spec_changes' | 'config_changes' | 'problems'>;

/** Every process of a tree, parents before children, without recursion. */
export function flattenTree(tree: CtlPsNode | undefined): CtlPsNode[] {
  const out: CtlPsNode[] = [];
  const stack = tree ? [tree] : [];
  while (stack.length > 0) {
    const node = stack.pop() as CtlPsNode;
    out.push(node);
    const kids = node.children ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as CtlPsNode);
  }
  return out;
}

/** Go's `omitempty` on the lists of a change set. */
function omitEmpty<T>(c: Required<CtlChanges<T>>): CtlChanges<T> {
  const out: CtlChanges<T> = {};
  for (const k of ['added', 'removed', 'modified', 'unchanged'] as const) if (c[k].length > 0) out[k] = c[k];
  return out;
}

/**
 * B's entries split into added and unchanged (or modified), A's into
 * removed, by a key; a key seen twice in one side keeps its last entry, as a
 * Go map does.
 */
function compare<T>(
  a: readonly T[],
  b: readonly T[],
  key: (t: T) => string,
  modified: (before: T, after: T) => boolean = () => false,
): Required<CtlChanges<T>> {
  const mapA = new Map(a.map((t) => [key(t), t]));
  const mapB = new Map(b.map((t) => [key(t), t]));
  const out: Required<CtlChanges<T>> = { added: [], removed: [], modified: [], unchanged: [] };
  for (const [k, t] of mapB) {
    const before = mapA.get(k);
    if (before === undefined) out.added.push(t);
    else if (modified(before, t)) out.modified.push(t);
    else out.unchanged.push(t);
  }
  for (const [k, t] of mapA) if (!mapB.has(k)) out.removed.push(t);
  return out;
}

function processes(node: CtlNode, flags: CtlDiffFlags): CtlProcess[] {
  return flattenTree(node.process_tree).map((p) => {
    const out: CtlProcess = { pid: p.pid, command: p.command };
    // Go leaves an empty cmdline out (omitempty).
    if (flags.psTreeCmd && p.cmdline) out.cmdline = p.cmdline;
    return out;
  });
}

function files(node: CtlNode): CtlFile[] {
  return (node.file_descriptors ?? []).flatMap((e) =>
    (e.open_files ?? []).map((f) => ({ path: f.path, type: f.type, pid: e.pid, fd: f.fd })),
  );
}

function sockets(node: CtlNode): CtlSocket[] {
  return (node.sockets ?? []).flatMap((e) =>
    (e.open_sockets ?? []).map((s) => {
      const d = s.data;
      const out: CtlSocket = { pid: e.pid, protocol: s.protocol ?? '', type: d.type ?? '' };
      // The keys Go leaves out when empty or zero.
      const rest: Omit<CtlSocket, 'pid' | 'protocol' | 'type'> = {
        address: d.address,
        state: d.state,
        source: d.src,
        src_port: d.src_port,
        dest: d.dst,
        dst_port: d.dst_port,
      };
      for (const [k, v] of Object.entries(rest))
        if (v !== undefined && v !== '' && v !== 0) Object.assign(out, { [k]: v });
      return out;
    }),
  );
}

/** checkpointctl's socket key: pid, protocol, type, address, ports and peer (not the local address). */
const socketKey = (s: CtlSocket) =>
  `${s.pid}:${s.protocol}:${s.type}:${s.address ?? ''}:${s.src_port ?? 0}:${s.dest ?? ''}:${s.dst_port ?? 0}`;

/**
 * Megabytes with two decimals from a byte count, rounded as Go's `%.2f`
 * (half to even on the exact value: 128 KiB is 0.12, where toFixed says 0.13).
 */
export function megabytes2(bytes: number): string {
  const d = 1024n * 1024n;
  const n = BigInt(Math.abs(Math.trunc(bytes))) * 100n;
  let q = n / d;
  const r = n % d;
  if (r * 2n > d || (r * 2n === d && q % 2n === 1n)) q += 1n;
  return `${bytes < 0 ? '-' : ''}${q / 100n}.${(q % 100n).toString().padStart(2, '0')}`;
}

function summary(d: Compared): string {
  let s = `Checkpoint comparison for container ${d.container_name}`;
  const n = (c: CtlChanges<unknown> | undefined, k: keyof CtlChanges<unknown>) => c?.[k]?.length ?? 0;
  const p = d.process_changes;
  if (n(p, 'added') + n(p, 'removed') + n(p, 'modified') > 0)
    s += `\nProcesses: +${n(p, 'added')} -${n(p, 'removed')} ~${n(p, 'modified')}`;
  const f = d.file_changes;
  if (n(f, 'added') + n(f, 'removed') > 0) s += `\nFiles: +${n(f, 'added')} -${n(f, 'removed')}`;
  const k = d.socket_changes;
  if (n(k, 'added') + n(k, 'removed') > 0) s += `\nSockets: +${n(k, 'added')} -${n(k, 'removed')}`;
  const bytes = d.memory_changes.size_change_bytes;
  if (bytes !== 0) s += `\nMemory: ${bytes > 0 ? '+' : ''}${megabytes2(bytes)} MB`;
  return s;
}

/** checkpointctl's DiffResult of two inspect nodes (container and image named as in A), its keys in its order. */
export function compareNodes(a: CtlNode, b: CtlNode, flags: CtlDiffFlags): Compared {
  const procs = compare(
    processes(a, flags),
    processes(b, flags),
    (p) => String(p.pid),
    (before, after) => flags.psTreeCmd && (before.cmdline ?? '') !== (after.cmdline ?? ''),
  );
  const bytes = (b.checkpoint_size.memory_pages_size ?? 0) - (a.checkpoint_size.memory_pages_size ?? 0);
  const d: Compared = {
    container_id: a.id,
    container_name: a.container_name,
    image: a.image,
    checkpoint_a: { created: a.created, total_size: a.checkpoint_size.total_size ?? 0 },
    checkpoint_b: { created: b.created, total_size: b.checkpoint_size.total_size ?? 0 },
    process_changes: omitEmpty(procs),
    // Only processes can be "modified"; a file or socket is there or not.
    ...(flags.files
      ? { file_changes: omitEmpty(compare(files(a), files(b), (x) => `${x.pid}:${x.fd}:${x.path}`)) }
      : {}),
    memory_changes: { size_change_bytes: bytes, size_change_mb: bytes / 1024 / 1024 },
    ...(flags.sockets ? { socket_changes: omitEmpty(compare(sockets(a), sockets(b), socketKey)) } : {}),
    summary: '',
  };
  d.summary = summary(d);
  return d;
}
