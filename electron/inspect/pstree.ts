import type { ProblemInfo } from '../../shared/dto';
import { arr, nums, numField } from './crit-values';

export interface PstreeTask {
  pid: number;
  ppid: number;
  pgid: number;
  sid: number;
  threads: number[];
}

export interface Pstree {
  /** Tasks in pstree.img order, duplicates and invalid entries dropped. */
  tasks: PstreeTask[];
  /** Pids whose parent is not a task of the dump (normally one: the container's init). */
  roots: number[];
  children: Map<number, number[]>;
  problems: ProblemInfo[];
}

const MAX_TASKS = 65_536;
const MAX_THREADS = 65_536;
const WHERE = 'checkpoint/pstree.img';

/**
 * The process tree from pstree.img entries. The image is not trusted: a
 * duplicate pid, a task that is its own parent, or a ppid loop is reported
 * and broken (the looping tasks are shown as roots), so that walking the tree
 * always ends.
 */
export function buildPstree(entries: readonly unknown[]): Pstree {
  const problems: ProblemInfo[] = [];
  const byPid = new Map<number, PstreeTask>();
  const tasks: PstreeTask[] = [];
  if (entries.length > MAX_TASKS) {
    problems.push({
      where: WHERE,
      code: 'LIMIT_EXCEEDED',
      message: `${entries.length} tasks; only the first ${MAX_TASKS} are shown`,
    });
  }
  for (const entry of entries.slice(0, MAX_TASKS)) {
    const pid = numField(entry, 'pid');
    if (pid === null || pid <= 0 || !Number.isSafeInteger(pid)) {
      problems.push({ where: WHERE, code: 'IMAGE_CORRUPT', message: `a task without a valid pid (${String(pid)})` });
      continue;
    }
    if (byPid.has(pid)) {
      problems.push({
        where: WHERE,
        code: 'IMAGE_CORRUPT',
        message: `pid ${pid} appears more than once; the first is kept`,
      });
      continue;
    }
    const threadList = nums(arr((entry as Record<string, unknown>)['threads'])).slice(0, MAX_THREADS);
    const task: PstreeTask = {
      pid,
      ppid: numField(entry, 'ppid') ?? 0,
      pgid: numField(entry, 'pgid') ?? 0,
      sid: numField(entry, 'sid') ?? 0,
      threads: threadList.length > 0 ? threadList : [pid],
    };
    byPid.set(pid, task);
    tasks.push(task);
  }

  // A parent link is trusted only when following it never comes back.
  const untrusted = new Set<number>();
  for (const task of tasks) {
    if (task.ppid === task.pid) {
      untrusted.add(task.pid);
      problems.push({ where: WHERE, code: 'IMAGE_CORRUPT', message: `pid ${task.pid} is its own parent` });
    }
  }
  const state = new Map<number, 'visiting' | 'done'>();
  for (const task of tasks) {
    const path: number[] = [];
    let cur: PstreeTask | undefined = task;
    while (cur && !untrusted.has(cur.pid) && state.get(cur.pid) !== 'done') {
      if (state.get(cur.pid) === 'visiting') {
        const loop = path.slice(path.indexOf(cur.pid));
        for (const p of loop) untrusted.add(p);
        problems.push({ where: WHERE, code: 'IMAGE_CORRUPT', message: `ppid loop among pids ${loop.join(' -> ')}` });
        break;
      }
      state.set(cur.pid, 'visiting');
      path.push(cur.pid);
      cur = byPid.get(cur.ppid);
    }
    for (const p of path) state.set(p, 'done');
  }

  const roots: number[] = [];
  const children = new Map<number, number[]>();
  for (const task of tasks) {
    const parent = byPid.get(task.ppid);
    if (!parent || untrusted.has(task.pid)) {
      roots.push(task.pid);
      continue;
    }
    const list = children.get(parent.pid) ?? [];
    list.push(task.pid);
    children.set(parent.pid, list);
  }
  for (const list of children.values()) list.sort((a, b) => a - b);
  return { tasks, roots, children, problems };
}

/** Tasks in tree order (depth first, children by pid), each with its depth. */
export function walkPstree(tree: Pstree, from?: number): Array<{ pid: number; depth: number }> {
  const out: Array<{ pid: number; depth: number }> = [];
  const seen = new Set<number>();
  const stack: Array<{ pid: number; depth: number }> = (from !== undefined ? [from] : [...tree.roots].reverse()).map(
    (pid) => ({ pid, depth: 0 }),
  );
  while (stack.length > 0) {
    const next = stack.pop();
    if (!next || seen.has(next.pid)) continue;
    seen.add(next.pid);
    out.push(next);
    const kids = tree.children.get(next.pid) ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ pid: kids[i] as number, depth: next.depth + 1 });
  }
  return out;
}

export const TASK_STATES: Readonly<Record<number, string>> = {
  1: 'alive',
  2: 'dead',
  3: 'stopped',
  6: 'zombie',
  0x80: 'helper',
  0x81: 'thread',
};

/**
 * Whether a task was live when dumped (alive or stopped): CRIU writes its memory,
 * files and the rest only then; a zombie or a dead task has its core image alone.
 * Also takes crit's pretty name (TASK_ALIVE, TASK_STOPPED).
 */
export function isLiveTask(state: string): boolean {
  const name = state.toLowerCase().replace(/^task_/, '');
  return name === 'alive' || name === 'stopped';
}
