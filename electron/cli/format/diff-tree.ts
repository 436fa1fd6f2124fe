// `diff` as text: checkpointctl's layout (cmd/diff.go renderTreeDiff), box
// for box, then ours (rootfs diff, spec.dump, config.dump) before its
// summary. Every archive value is escaped where it becomes a line.
import type { ArchiveDiff, JsonChange } from '../../../shared/dto/forensics';
import { byteToString } from './units';
import { terminalSafe } from '../../../shared/terminal-safe';
import { megabytes2 } from '../../inspect/diff/ctl-diff';
import type { CtlDiff, CtlPsNode, CtlSocket } from '../../inspect/diff/ctl-types';
import { TreeNode } from './tree';

export interface DiffTextFlags {
  psTreeCmd: boolean;
  showUnchanged: boolean;
}

/** Go's truncate: at most `max` bytes, the last three of them dots. */
function truncate(s: string, max: number): string {
  const bytes = Buffer.from(s, 'utf8');
  return bytes.length <= max ? s : `${bytes.subarray(0, max - 3).toString('utf8')}...`;
}

/** Go's `%-Ns` / `%-Nd`: padded to N characters (code points), never cut. */
const pad = (v: string | number, n: number) => {
  const s = String(v);
  return s + ' '.repeat(Math.max(0, n - [...s].length));
};

/** A value from the archive, truncated as checkpointctl does, then escaped. */
const safe = (s: string, max?: number) => terminalSafe(max === undefined ? s : truncate(s, max));

function socketColumns(s: CtlSocket): { state: string; local: string; peer: string } {
  if (s.type === 'TCP' || s.type === 'UDP')
    return {
      local: `${s.source ?? ''}:${s.src_port ?? 0}`,
      peer: s.dst_port ? `${s.dest ?? ''}:${s.dst_port}` : '-',
      state: s.state || '-',
    };
  return { local: s.address || '@', state: '-', peer: '-' };
}

/** B's tree with each process marked `+` added, `~` modified, `=` unchanged; children by pid. */
function annotatedTree(tree: CtlPsNode, status: ReadonlyMap<number, string>): string {
  const root = new TreeNode('Process tree');
  const stack: Array<{ node: CtlPsNode; parent: TreeNode }> = [{ node: tree, parent: root }];
  while (stack.length > 0) {
    const { node, parent } = stack.pop() as { node: CtlPsNode; parent: TreeNode };
    const branch = parent.addMeta(`${status.get(node.pid) ?? ' '} PID ${node.pid}`, safe(node.cmdline || node.command));
    const kids = [...(node.children ?? [])].sort((x, y) => x.pid - y.pid);
    // TreeNode prints children in the order added: push so that the lowest pid is added first.
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i] as CtlPsNode, parent: branch });
  }
  return root.render();
}

const BOTTOM = '└──────────────────────────────────────────────────────────────┘';

/** One of our boxes, as wide as checkpointctl's (64 columns); none when it would be empty. */
function box(title: string, rows: string[]): string[] {
  if (rows.length === 0) return [];
  return [`┌─ ${title} ${'─'.repeat(Math.max(3, 59 - title.length))}┐`, ...rows.map((r) => `│   ${r}`), BOTTOM];
}

function jsonLines(title: string, changes: readonly JsonChange[]): string[] {
  return box(
    title,
    changes.map((c) => `~ ${safe(c.path)}: ${safe(show(c.before))} -> ${safe(show(c.after))}`),
  );
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Ours with --details: what else changed in each process (the Compare screen's), and each one's dumped memory. */
function detailLines(d: ArchiveDiff): string[] {
  const size = (n: number | null) => (n === null ? '-' : byteToString(n));
  const proc = (mark: string) => (p: ArchiveDiff['processes']['added'][number]) =>
    `${mark} PID ${pad(p.pid, 5)} ${safe(p.comm)}  ${safe(p.cmdline.join(' '))}`;
  return [
    ...box('Archives', [`A: ${safe(d.a.fileName)}`, `B: ${safe(d.b.fileName)}`]),
    ...box('Process Details', [
      // A pid another program took over is a removal and an addition here (by pid and name).
      ...d.processes.added.map(proc('+')),
      ...d.processes.removed.map(proc('-')),
      ...d.processes.changed.flatMap((c) => [
        `~ PID ${pad(c.pid, 5)} ${safe(c.comm)}: ${c.fields.join(', ')}`,
        ...c.details.map((x) => `    ${x.field}: ${safe(show(x.before))} -> ${safe(show(x.after))}`),
      ]),
    ]),
    ...box(
      'Memory Per Process (dumped size, not content)',
      d.memory
        .filter((m) => m.before !== m.after)
        .map((m) => `PID ${pad(m.pid, 5)} ${safe(m.comm)}: ${size(m.before)} -> ${size(m.after)}`),
    ),
  ];
}

function rootfsLines(r: CtlDiff['rootfs_changes']): string[] {
  return box('Root FS Diff Changes', [
    ...r.added.map((e) => `+ ${safe(e.path)} (${safe(e.type)}, ${e.size} bytes)`),
    ...r.removed.map((e) => `- ${safe(e.path)} (${safe(e.type)})`),
    ...r.changed.map((e) => `~ ${safe(e.path)}: ${safe(e.before)} -> ${safe(e.after)}`),
  ]);
}

function processLines(d: CtlDiff, treeB: CtlPsNode | undefined, flags: DiffTextFlags): string[] {
  const p = d.process_changes;
  const [added, removed, modified] = [p.added ?? [], p.removed ?? [], p.modified ?? []];
  const out = ['┌─ Process Tree ───────────────────────────────────────────────┐'];
  const removedLines = () =>
    removed.length === 0 ? [] : ['│ Removed:', ...removed.map((x) => `│   - PID ${pad(x.pid, 5)} ${safe(x.command)}`)];
  if (flags.showUnchanged && treeB) {
    const status = new Map<number, string>();
    for (const x of added) status.set(x.pid, '+');
    for (const x of modified) status.set(x.pid, '~');
    for (const x of p.unchanged ?? []) status.set(x.pid, '=');
    const lines = annotatedTree(treeB, status).replace(/\n+$/, '').split('\n');
    out.push(...lines.map((l) => `│ ${l}`), ...removedLines());
  } else if (added.length + removed.length + modified.length === 0) {
    out.push('│ = No change');
  } else {
    if (added.length > 0) {
      out.push('│ Added:');
      for (const x of added) {
        out.push(`│   + PID ${pad(x.pid, 5)} ${safe(x.command)}`);
        if (flags.psTreeCmd && x.cmdline) out.push(`│             ${safe(x.cmdline, 55)}`);
      }
    }
    out.push(...removedLines());
    if (modified.length > 0)
      out.push('│ Modified:', ...modified.map((x) => `│   ~ PID ${pad(x.pid, 5)} ${safe(x.command)}`));
  }
  out.push(BOTTOM);
  return out;
}

function fileLines(f: NonNullable<CtlDiff['file_changes']>, flags: DiffTextFlags): string[] {
  const out = ['┌─ File Descriptor Changes ────────────────────────────────────┐'];
  const rows = (title: string, mark: string, list: NonNullable<typeof f.added>) => {
    if (list.length === 0) return;
    out.push(`│ ${title}:`);
    for (const x of list) out.push(`│   ${mark} PID ${pad(x.pid, 5)} ${pad(safe(x.type), 8)} ${safe(x.path, 38)}`);
  };
  rows('Added', '+', f.added ?? []);
  rows('Removed', '-', f.removed ?? []);
  if (flags.showUnchanged) rows('Unchanged', '=', f.unchanged ?? []);
  out.push(BOTTOM);
  return out;
}

function socketLines(s: NonNullable<CtlDiff['socket_changes']>, flags: DiffTextFlags): string[] {
  const out = ['┌─ Socket Changes ──────────────────────────────────────────────────────┐'];
  const unchanged = flags.showUnchanged ? (s.unchanged ?? []) : [];
  const rows: Array<[string, CtlSocket]> = [
    ...(s.added ?? []).map((x): [string, CtlSocket] => ['+', x]),
    ...(s.removed ?? []).map((x): [string, CtlSocket] => ['-', x]),
    ...unchanged.map((x): [string, CtlSocket] => ['=', x]),
  ];
  if (rows.length > 0) {
    out.push(`│     ${pad('PID', 5)} ${pad('PROTO', 5)} ${pad('STATE', 12)} ${pad('LOCAL', 21)} PEER`);
    for (const [mark, x] of rows) {
      const c = socketColumns(x);
      out.push(
        `│  ${mark}  ${pad(x.pid, 5)} ${pad(safe(x.protocol), 5)} ${pad(safe(c.state), 12)} ${pad(safe(c.local), 21)} ${safe(c.peer)}`,
      );
    }
  }
  out.push('└───────────────────────────────────────────────────────────────────────┘');
  return out;
}

/** The whole text of `diff`; `details` (ours, --details) adds the Compare screen's per-process changes. */
export function diffText(
  d: CtlDiff,
  treeB: CtlPsNode | undefined,
  flags: DiffTextFlags,
  details?: ArchiveDiff,
): string {
  const field = (label: string, value: string) => `║ ${label}${pad(safe(value, 51), 51)} ║`;
  // The summary's first line names the container (archive text, escaped); the lines after it are our counts.
  const counts = d.summary.slice(`Checkpoint comparison for container ${d.container_name}`.length);
  const bytes = d.memory_changes.size_change_bytes;
  const lines = [
    '╔════════════════════════════════════════════════════════════════╗',
    '║ Checkpoint Diff                                                ║',
    '╠════════════════════════════════════════════════════════════════╣',
    field('Container: ', d.container_name),
    field('Image:     ', d.image),
    field('ID:        ', d.container_id),
    '╚════════════════════════════════════════════════════════════════╝',
    '',
    'Checkpoint A:',
    `  Created: ${safe(d.checkpoint_a.created)}`,
    `  Size:    ${d.checkpoint_a.total_size} bytes`,
    '',
    'Checkpoint B:',
    `  Created: ${safe(d.checkpoint_b.created)}`,
    `  Size:    ${d.checkpoint_b.total_size} bytes`,
    '',
    '┌─ Memory Changes ─────────────────────────────────────────────┐',
    bytes > 0
      ? `│ ↑ Increased by ${megabytes2(bytes)} MB`
      : bytes < 0
        ? `│ ↓ Decreased by ${megabytes2(-bytes)} MB`
        : '│ = No change',
    BOTTOM,
    ...processLines(d, treeB, flags),
    ...(d.file_changes ? fileLines(d.file_changes, flags) : []),
    ...(d.socket_changes ? socketLines(d.socket_changes, flags) : []),
    ...(details ? detailLines(details) : []),
    ...rootfsLines(d.rootfs_changes),
    ...jsonLines('spec.dump Changes', d.spec_changes),
    ...jsonLines('config.dump Changes', d.config_changes),
    'Summary:',
    `Checkpoint comparison for container ${safe(d.container_name)}${counts}`,
  ];
  return `${lines.join('\n')}\n`;
}
