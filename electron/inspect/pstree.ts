import type { ProblemInfo } from '../../shared/dto';
import { arr, num, numField } from './crit-values';
import { limitText, MAX_PROCESSES, MAX_THREADS_PER_PROCESS } from './limits';
import { ListedProblems } from './listed-problems';

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
  byPid: ReadonlyMap<number, PstreeTask>;
  /** Pids whose parent is not a task of the dump (normally one: the container's init), and broken loops. */
  roots: number[];
  /** Children of each pid, by pid; every task is in exactly one list or in `roots`. */
  children: Map<number, number[]>;
  problems: ProblemInfo[];
}

const WHERE = 'checkpoint/pstree.img';
/** Pids of one loop named in its message; the rest are counted. */
const LOOP_PIDS_SHOWN = 10;

function loopText(loop: readonly number[]): string {
  const shown = loop.slice(0, LOOP_PIDS_SHOWN).join(' -> ');
  return loop.length > LOOP_PIDS_SHOWN ? `${shown} -> ... (${loop.length} pids)` : shown;
}

/** Thread ids of an entry, at most MAX_THREADS_PER_PROCESS, counted before any is converted. */
function threadsOf(entry: unknown, pid: number, limits: ListedProblems): number[] {
  const raw = arr((entry as Record<string, unknown>)['threads']);
  const kept = Math.min(raw.length, MAX_THREADS_PER_PROCESS);
  if (raw.length > kept)
    limits.add(
      'thread lists cut',
      () =>
        `pid ${pid} lists ${raw.length} threads; the first ${kept} are kept (${limitText('MAX_THREADS_PER_PROCESS')})`,
    );
  const out: number[] = [];
  for (let i = 0; i < kept; i++) {
    const n = num(raw[i]);
    if (n !== null) out.push(n);
  }
  return out.length > 0 ? out : [pid];
}

/** Every loop of ppid links among the tasks, each once: linear, every task is left 'done' once. */
function ppidLoops(tasks: readonly PstreeTask[], byPid: ReadonlyMap<number, PstreeTask>, untrusted: Set<number>) {
  const loops: number[][] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  for (const task of tasks) {
    const path: number[] = [];
    let cur: PstreeTask | undefined = task;
    while (cur && !untrusted.has(cur.pid) && state.get(cur.pid) !== 'done') {
      if (state.get(cur.pid) === 'visiting') {
        const loop = path.slice(path.indexOf(cur.pid));
        for (const p of loop) untrusted.add(p);
        loops.push(loop);
        break;
      }
      state.set(cur.pid, 'visiting');
      path.push(cur.pid);
      cur = byPid.get(cur.ppid);
    }
    for (const p of path) state.set(p, 'done');
  }
  return loops;
}

/**
 * The process tree from pstree.img entries. The image is not trusted: a
 * duplicate pid, a task that is its own parent, or a ppid loop is reported
 * and broken (the looping tasks are shown as roots), so that walking the tree
 * always ends. Nothing here recurses and every step is linear (sorting the
 * children aside): a tree a million wide or a chain a million deep is as
 * cheap as its entries. Problems of one kind are listed up to
 * MAX_LISTED_PROBLEMS, the rest counted.
 */
export function buildPstree(entries: readonly unknown[]): Pstree {
  const corrupt = new ListedProblems();
  const limits = new ListedProblems();
  const byPid = new Map<number, PstreeTask>();
  const tasks: PstreeTask[] = [];
  if (entries.length > MAX_PROCESSES)
    limits.add(
      'task limits',
      () => `more than ${MAX_PROCESSES} tasks; the first ${MAX_PROCESSES} are read (${limitText('MAX_PROCESSES')})`,
    );
  const count = Math.min(entries.length, MAX_PROCESSES);
  for (let i = 0; i < count; i++) {
    const entry = entries[i];
    const pid = numField(entry, 'pid');
    if (pid === null || pid <= 0 || !Number.isSafeInteger(pid)) {
      corrupt.add('tasks without a valid pid', () => `a task without a valid pid (${String(pid)})`);
      continue;
    }
    if (byPid.has(pid)) {
      corrupt.add('duplicate pids', () => `pid ${pid} appears more than once; the first is kept`);
      continue;
    }
    const task: PstreeTask = {
      pid,
      ppid: numField(entry, 'ppid') ?? 0,
      pgid: numField(entry, 'pgid') ?? 0,
      sid: numField(entry, 'sid') ?? 0,
      threads: threadsOf(entry, pid, limits),
    };
    byPid.set(pid, task);
    tasks.push(task);
  }

  // A parent link is trusted only when following it never comes back.
  const untrusted = new Set<number>();
  for (const task of tasks) {
    if (task.ppid === task.pid) {
      untrusted.add(task.pid);
      corrupt.add('self-parents', () => `pid ${task.pid} is its own parent`);
    }
  }
  for (const loop of ppidLoops(tasks, byPid, untrusted))
    corrupt.add('ppid loops', () => `ppid loop among pids ${loopText(loop)}`);

  const roots: number[] = [];
  const children = new Map<number, number[]>();
  for (const task of tasks) {
    const parent = byPid.get(task.ppid);
    if (!parent || untrusted.has(task.pid)) {
      roots.push(task.pid);
      continue;
    }
    const list = children.get(parent.pid);
    if (list) list.push(task.pid);
    else children.set(parent.pid, [task.pid]);
  }
  for (const list of children.values()) list.sort((a, b) => a - b);
  const problems: ProblemInfo[] = [
    ...limits.lines().map((message) => ({ where: WHERE, code: 'LIMIT_EXCEEDED' as const, message })),
    ...corrupt.lines().map((message) => ({ where: WHERE, code: 'IMAGE_CORRUPT' as const, message })),
  ];
  return { tasks, byPid, roots, children, problems };
}

/** Tasks in tree order (depth first, children by pid), each with its depth; iterative, each task once. */
export function walkPstree(tree: Pstree, from?: number): Array<{ pid: number; depth: number }> {
  const out: Array<{ pid: number; depth: number }> = [];
  const seen = new Set<number>();
  const starts = from !== undefined ? [from] : tree.roots;
  const stack: Array<{ pid: number; depth: number }> = [];
  for (let i = starts.length - 1; i >= 0; i--) stack.push({ pid: starts[i] as number, depth: 0 });
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
