// Issue 18, the process tree's pieces on hostile shapes, without the CLI:
// the builder, the walk, the text tree, the report model, its HTML and its
// JSON on a million tasks, a chain 100,000 deep, loops and duplicates. Each
// must end (no recursion) and stay linear in size, naming the limits it hits.
import { describe, expect, it } from 'vitest';
import { TreeNode } from '../../../electron/cli/format/tree';
import {
  MAX_JSON_INDENT,
  MAX_LISTED_PROBLEMS,
  MAX_PROCESSES,
  MAX_THREADS_PER_PROCESS,
  MAX_TREE_DEPTH,
  MAX_TREE_INDENT,
} from '../../../electron/inspect/limits';
import { buildPstree, walkPstree } from '../../../electron/inspect/pstree';
import { boundedJson } from '../../../electron/inspect/report/bounded-json';
import { renderReportHtml, renderReportJson } from '../../../electron/inspect/report/report-html';
import { processTree } from '../../../electron/inspect/report/report-model';
import type { ProblemInfo, ProcessInfo } from '../../../shared/dto';
import { forestReport, forestShape } from './report-shapes';

const task = (pid: number, ppid: number, threads: unknown[] = [pid]) => ({ pid, ppid, pgid: 1, sid: 1, threads });
const proc = (pid: number, ppid: number): ProcessInfo => ({
  pid,
  ppid,
  pgid: 1,
  sid: 1,
  comm: `p${pid}`,
  state: 'alive',
  cmdline: ['/bin/p', String(pid)],
  threads: [pid],
  uid: 0,
  gid: 0,
});
const chainOf = (n: number) => Array.from({ length: n }, (_, i) => proc(i + 1, i));

describe('buildPstree on hostile entries', () => {
  it('reads the first MAX_PROCESSES of a million tasks, naming the limit', () => {
    const tree = buildPstree(Array.from({ length: 1_000_000 }, (_, i) => task(i + 1, i === 0 ? 0 : 1)));
    expect(tree.tasks).toHaveLength(MAX_PROCESSES);
    expect(tree.children.get(1)).toHaveLength(MAX_PROCESSES - 1);
    expect(tree.problems).toEqual([
      {
        where: 'checkpoint/pstree.img',
        code: 'LIMIT_EXCEEDED',
        message: `more than ${MAX_PROCESSES} tasks; the first ${MAX_PROCESSES} are read (MAX_PROCESSES = ${MAX_PROCESSES})`,
      },
    ]);
  });

  it('walks a chain of MAX_PROCESSES without recursion, depths exact', () => {
    const tree = buildPstree(Array.from({ length: MAX_PROCESSES }, (_, i) => task(i + 1, i)));
    const walked = walkPstree(tree);
    expect(walked).toHaveLength(MAX_PROCESSES);
    expect(walked[MAX_PROCESSES - 1]).toEqual({ pid: MAX_PROCESSES, depth: MAX_PROCESSES - 1 });
  });

  it('lists MAX_LISTED_PROBLEMS duplicates and bad pids and counts the rest', () => {
    const entries = [
      task(1, 0),
      ...Array.from({ length: 5000 }, () => task(2, 1)),
      ...Array.from({ length: 3000 }, () => ({ pid: -1 })),
    ];
    const messages = buildPstree(entries).problems.map((p) => p.message);
    expect(messages.filter((m) => m === 'pid 2 appears more than once; the first is kept')).toHaveLength(
      MAX_LISTED_PROBLEMS,
    );
    expect(messages).toContain(
      `${5000 - 1 - MAX_LISTED_PROBLEMS} more duplicate pids not listed (MAX_LISTED_PROBLEMS = ${MAX_LISTED_PROBLEMS} per kind)`,
    );
    expect(messages).toContain(
      `${3000 - MAX_LISTED_PROBLEMS} more tasks without a valid pid not listed (MAX_LISTED_PROBLEMS = ${MAX_LISTED_PROBLEMS} per kind)`,
    );
    expect(messages.length).toBeLessThan(3 * MAX_LISTED_PROBLEMS);
  });

  it('cuts a thread list at MAX_THREADS_PER_PROCESS, counting before converting, and says so', () => {
    const threads = new Array<number>(MAX_THREADS_PER_PROCESS * 4).fill(7);
    const tree = buildPstree([task(1, 0, threads)]);
    expect(tree.tasks[0]?.threads).toHaveLength(MAX_THREADS_PER_PROCESS);
    expect(tree.problems.map((p) => [p.code, p.message])).toEqual([
      [
        'LIMIT_EXCEEDED',
        `pid 1 lists ${threads.length} threads; the first ${MAX_THREADS_PER_PROCESS} are kept (MAX_THREADS_PER_PROCESS = ${MAX_THREADS_PER_PROCESS})`,
      ],
    ]);
  });

  it('names a loop of 5,000 tasks in one bounded message and breaks it', () => {
    const n = 5_000;
    const tree = buildPstree([
      task(1, 0),
      ...Array.from({ length: n }, (_, i) => task(100 + i, 100 + ((i + n - 1) % n))),
    ]);
    const loops = tree.problems.filter((p) => p.message.startsWith('ppid loop'));
    expect(loops).toHaveLength(1);
    expect(loops[0]!.message.length).toBeLessThan(200);
    expect(loops[0]!.message).toContain(`(${n} pids)`);
    expect(walkPstree(tree)).toHaveLength(n + 1);
  });
});

describe('the text tree', () => {
  it('renders a chain 100,000 deep with indentation capped at MAX_TREE_INDENT and the depth marked', () => {
    const root = new TreeNode('root');
    let at = root;
    for (let i = 0; i < 100_000; i++) at = at.add(`n${i}`);
    const lines = root.render().trimEnd().split('\n');
    expect(lines).toHaveLength(100_001);
    expect(lines.reduce((m, l) => Math.max(m, l.length), 0)).toBeLessThan(MAX_TREE_INDENT * 4 + 40);
    expect(lines[MAX_TREE_INDENT]).toMatch(/^( {4})+└── n127$/);
    expect(lines[100_000]).toMatch(/└── ⋯\[depth 100000\] n99999$/);
  });

  it('draws a tree as treeprint does below the cap', () => {
    const root = new TreeNode('r');
    const a = root.add('a');
    a.add('a1\nmore');
    root.add('b');
    expect(root.render()).toBe('r\n├── a\n│   └── a1\n│       more\n└── b\n');
  });
});

describe('the report on a deep chain', () => {
  it('nests MAX_TREE_DEPTH levels, shows the rest apart, keeps every process once and says so', () => {
    const problems: ProblemInfo[] = [];
    const roots = processTree(chainOf(100_000), problems);
    const { depth, pids } = forestShape(roots);
    expect(depth).toBe(MAX_TREE_DEPTH);
    expect(pids).toHaveLength(100_000);
    expect(new Set(pids).size).toBe(100_000);
    expect(roots).toHaveLength(Math.ceil(100_000 / MAX_TREE_DEPTH));
    expect(problems.map((p) => p.message)).toEqual([
      `the process tree is deeper than ${MAX_TREE_DEPTH} levels (MAX_TREE_DEPTH = ${MAX_TREE_DEPTH}): ${roots.length - 1} subtrees are shown apart, each as a root naming its parent`,
    ]);
  });

  it('lists the processes of ppid loops as roots', () => {
    const { pids } = forestShape(processTree([proc(1, 0), proc(2, 3), proc(3, 2), proc(4, 3), proc(5, 5)]));
    expect(pids.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  const report = (processes: ProcessInfo[]) => forestReport(processTree(processes));

  it('writes HTML lists at most MAX_TREE_DEPTH deep, marking the subtrees shown apart', () => {
    const html = renderReportHtml(report(chainOf(20_000)));
    let depth = 0;
    let deepest = 0;
    for (const tag of html.match(/<\/?ul[ >]/g) ?? []) {
      depth += tag.startsWith('</') ? -1 : 1;
      deepest = Math.max(deepest, depth);
    }
    expect(depth).toBe(0);
    expect(deepest).toBe(MAX_TREE_DEPTH);
    expect(html.match(/shown apart/g)).toHaveLength(20_000 / MAX_TREE_DEPTH - 1);
  });

  it('writes JSON that reads back the same, indented at most MAX_JSON_INDENT levels, thread lists on one line', () => {
    const processes = chainOf(20_000);
    processes[0]!.threads = Array.from({ length: 100_000 }, (_, i) => i + 1);
    const r = report(processes);
    const text = renderReportJson(r);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(r)));
    const indent = text.split('\n').reduce((m, l) => Math.max(m, /^ */.exec(l)![0].length), 0);
    // Past the cap a shallow part (a few levels of its own) is written indented from the cap.
    expect(indent).toBeLessThanOrEqual(2 * MAX_JSON_INDENT + 8);
    expect(text).toContain(`"threads": [${processes[0]!.threads.join(',')}]`);
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('boundedJson', () => {
  it('writes 100,000 nested levels without recursion, JSON.parse reading them back', () => {
    let value: unknown = { leaf: true };
    for (let i = 0; i < 100_000; i++) value = { i, next: [value] };
    const text = boundedJson(value);
    let depth = 0;
    for (let at = JSON.parse(text) as { next?: unknown[] }; at.next; at = at.next[0] as { next?: unknown[] }) depth++;
    expect(depth).toBe(100_000);
  });

  it('is JSON.stringify for shallow data, and refuses a value that contains itself', () => {
    const shallow = { a: 1, b: 'x', c: [1, 2], d: [{ e: null }], f: undefined, g: {} };
    expect(boundedJson(shallow)).toBe(JSON.stringify(shallow, null, 2));
    const loop: Record<string, unknown> = { a: [{ deep: [{ deeper: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }] }] };
    (loop['a'] as unknown[]).push(loop);
    expect(() => boundedJson(loop)).toThrow(TypeError);
  });
});
