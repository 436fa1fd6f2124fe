import type { ProcessInfo } from '../../../../../shared/dto';

export interface ProcessRow {
  process: ProcessInfo;
  depth: number;
  hasChildren: boolean;
}

/** Levels of indentation drawn; a deeper row is drawn at this level and shows its depth. */
export const MAX_INDENT_LEVELS = 32;

function childrenMap(processes: readonly ProcessInfo[]): {
  roots: ProcessInfo[];
  children: Map<number, ProcessInfo[]>;
} {
  const byPid = new Set(processes.map((p) => p.pid));
  const children = new Map<number, ProcessInfo[]>();
  const roots: ProcessInfo[] = [];
  for (const p of processes) {
    // A crafted pstree may loop (pid its own parent); such a process is a root.
    if (p.ppid === p.pid || !byPid.has(p.ppid)) roots.push(p);
    else {
      const list = children.get(p.ppid) ?? [];
      list.push(p);
      children.set(p.ppid, list);
    }
  }
  const byPidOrder = (a: ProcessInfo, b: ProcessInfo) => a.pid - b.pid;
  roots.sort(byPidOrder);
  for (const list of children.values()) list.sort(byPidOrder);
  return { roots: [...roots, ...loopRoots(processes, roots, children)], children };
}

/**
 * Processes no root reaches (a crafted pstree's ppid loop), in list order,
 * each reaching the rest of its loop: shown as roots after the others, so
 * that none is hidden.
 */
function loopRoots(
  processes: readonly ProcessInfo[],
  roots: readonly ProcessInfo[],
  children: ReadonlyMap<number, ProcessInfo[]>,
): ProcessInfo[] {
  const reached = new Set<number>();
  const reach = (from: ProcessInfo) => {
    const stack = [from];
    while (stack.length > 0) {
      const p = stack.pop() as ProcessInfo;
      if (reached.has(p.pid)) continue;
      reached.add(p.pid);
      for (const c of children.get(p.pid) ?? []) stack.push(c);
    }
  };
  roots.forEach(reach);
  const extra: ProcessInfo[] = [];
  for (const p of processes) {
    if (reached.has(p.pid)) continue;
    extra.push(p);
    reach(p);
  }
  return extra;
}

export function matchesProcess(p: ProcessInfo, needle: string): boolean {
  return (
    String(p.pid) === needle ||
    p.comm.toLowerCase().includes(needle) ||
    p.cmdline.join(' ').toLowerCase().includes(needle)
  );
}

/** The tree as visible rows; with a query, only matches and their ancestors. */
export function visibleRows(processes: ProcessInfo[], collapsed: Set<number>, query: string): ProcessRow[] {
  const { roots, children } = childrenMap(processes);
  const needle = query.trim().toLowerCase();
  const keep = new Set<number>();
  if (needle) {
    const parent = new Map(processes.map((p) => [p.pid, p.ppid]));
    for (const p of processes) {
      if (!matchesProcess(p, needle)) continue;
      // Up to the first ancestor already kept: each process is kept once, so a deep chain stays linear.
      let pid: number | undefined = p.pid;
      while (pid !== undefined && !keep.has(pid)) {
        keep.add(pid);
        pid = parent.get(pid);
      }
    }
  }
  const out: ProcessRow[] = [];
  const seen = new Set<number>();
  const stack: { p: ProcessInfo; depth: number }[] = roots.map((p) => ({ p, depth: 0 })).reverse();
  // Without recursion and without a depth limit: rows are virtualized, and the depth only indents.
  while (stack.length > 0) {
    const { p, depth } = stack.pop() as { p: ProcessInfo; depth: number };
    if (seen.has(p.pid) || (needle && !keep.has(p.pid))) continue;
    seen.add(p.pid);
    const kids = children.get(p.pid) ?? [];
    out.push({ process: p, depth, hasChildren: kids.length > 0 });
    if (needle || !collapsed.has(p.pid)) {
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ p: kids[i] as ProcessInfo, depth: depth + 1 });
    }
  }
  return out;
}
