import type { ProcessInfo } from '../../../../../shared/dto';

export interface ProcessRow {
  process: ProcessInfo;
  depth: number;
  hasChildren: boolean;
}

const MAX_DEPTH = 256;

function childrenMap(processes: ProcessInfo[]): { roots: ProcessInfo[]; children: Map<number, ProcessInfo[]> } {
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
  return { roots, children };
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
      let pid: number | undefined = p.pid;
      for (let i = 0; pid !== undefined && i < MAX_DEPTH && !keep.has(pid); i++) {
        keep.add(pid);
        pid = parent.get(pid);
      }
    }
  }
  const out: ProcessRow[] = [];
  const seen = new Set<number>();
  const stack: { p: ProcessInfo; depth: number }[] = roots.map((p) => ({ p, depth: 0 })).reverse();
  while (stack.length > 0) {
    const { p, depth } = stack.pop() as { p: ProcessInfo; depth: number };
    if (seen.has(p.pid) || (needle && !keep.has(p.pid))) continue;
    seen.add(p.pid);
    const kids = children.get(p.pid) ?? [];
    out.push({ process: p, depth, hasChildren: kids.length > 0 });
    if ((needle || !collapsed.has(p.pid)) && depth < MAX_DEPTH) {
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ p: kids[i] as ProcessInfo, depth: depth + 1 });
    }
  }
  return out;
}
