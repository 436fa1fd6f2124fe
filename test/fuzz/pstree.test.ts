// Fuzz target (issue 18): the process tree. Random pstree entries (pids
// from a small range, so duplicates, self-parents and ppid loops are common;
// ppids pointing nowhere; pids that are no pid; numbers in every decoder form;
// now and then more tasks than MAX_PROCESSES or a thread list past
// MAX_THREADS_PER_PROCESS) go through the builder and the views built on it
// (the walk, the report's forest, its HTML and JSON, the text tree, the GUI's
// rows); and the same entries as pstree.img bytes, damaged, go through the
// bounded read. Every task is shown exactly once, nesting stays within its
// limit, problems stay bounded and name their limits, and nothing hangs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TreeNode } from '../../electron/cli/format/tree';
import { decodeImage } from '../../electron/criu';
import { ImageStore } from '../../electron/inspect/image-store';
import {
  MAX_LISTED_PROBLEMS,
  MAX_PROCESSES,
  MAX_THREADS_PER_PROCESS,
  MAX_TREE_DEPTH,
} from '../../electron/inspect/limits';
import { ProcessImages } from '../../electron/inspect/process-images';
import { buildPstree, walkPstree, type Pstree } from '../../electron/inspect/pstree';
import { renderReportHtml, renderReportJson } from '../../electron/inspect/report/report-html';
import { processTree } from '../../electron/inspect/report/report-model';
import { visibleRows } from '../../renderer/src/screens/archive/processes/process-tree-model';
import type { ProblemInfo, ProcessInfo } from '../../shared/dto';
import { pstreeImage, type Task } from '../unit/hostile-pstree/pstree-archives';
import { forestReport, forestShape } from '../unit/hostile-pstree/report-shapes';
import { caseCount, fuzzParams, timeoutFor } from './support/fuzz-config';
import { settle, settleSync } from './support/outcome';

/** Pids from a small range: duplicates, loops and self-parents come often. */
const pidArb = fc.integer({ min: 1, max: 40 });
const numberForm = (n: number) => fc.constantFrom<unknown>(n, BigInt(n), String(n), `0x${n.toString(16)}`);
const badPid = fc.constantFrom<unknown>(0, -1, 2 ** 53, 'x', null, undefined, 1.5, {});
const threadsArb = fc.oneof(
  { weight: 300, arbitrary: fc.array(fc.integer({ min: 1, max: 2 ** 22 }), { maxLength: 4 }) },
  { weight: 20, arbitrary: fc.constant(null) },
  // A thread list past the limit (counted before it is converted).
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 3 }).map((k) => new Array<number>(MAX_THREADS_PER_PROCESS + k).fill(9)),
  },
);
const entryArb = fc
  .record({
    pid: fc.oneof({ weight: 12, arbitrary: pidArb.chain(numberForm) }, { weight: 1, arbitrary: badPid }),
    ppid: fc.oneof(
      { weight: 8, arbitrary: pidArb },
      { weight: 2, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.integer({ min: 41, max: 2 ** 31 }) },
    ),
    threads: threadsArb,
  })
  .map((e) => ({ ...e, pgid: 1, sid: 1 }));
const entriesArb = fc.oneof(
  { weight: 400, arbitrary: fc.array(entryArb, { maxLength: 60 }) },
  // More tasks than MAX_PROCESSES: a wide tree under pid 1, or a chain.
  {
    weight: 1,
    arbitrary: fc
      .boolean()
      .map((chain) =>
        Array.from({ length: MAX_PROCESSES + 5 }, (_, i) => ({ pid: i + 1, ppid: chain ? i : i === 0 ? 0 : 1 })),
      ),
  },
);

function info(tree: Pstree, pid: number): ProcessInfo {
  const t = tree.byPid.get(pid)!;
  return { ...t, comm: `p${pid}`, state: 'alive', cmdline: ['/p', '<&>'], uid: 0, gid: 0 };
}

const sorted = (xs: Iterable<number>) => [...xs].sort((a, b) => a - b);

/** Everything that must hold of a tree and the views built on it. */
function checkTree(tree: Pstree): void {
  const pids = tree.tasks.map((t) => t.pid);
  expect(new Set(pids).size).toBe(pids.length);
  expect(pids.length).toBeLessThanOrEqual(MAX_PROCESSES);
  // Each task is a root or the child of one task: a forest.
  const placed = [...tree.roots, ...[...tree.children.values()].flat()];
  expect(sorted(placed)).toEqual(sorted(pids));
  for (const t of tree.tasks) expect(t.threads.length).toBeLessThanOrEqual(MAX_THREADS_PER_PROCESS);
  const walked = walkPstree(tree);
  expect(sorted(walked.map((w) => w.pid))).toEqual(sorted(pids));
  const depthOf = new Map(walked.map((w) => [w.pid, w.depth]));
  for (const [parent, kids] of tree.children)
    for (const k of kids) expect(depthOf.get(k)).toBe(depthOf.get(parent)! + 1);
  // Problems: a few kinds, each listed at most MAX_LISTED_PROBLEMS times and counted past it.
  expect(tree.problems.length).toBeLessThanOrEqual(6 * (MAX_LISTED_PROBLEMS + 1));
  for (const p of tree.problems) {
    expect(['IMAGE_CORRUPT', 'LIMIT_EXCEEDED']).toContain(p.code);
    if (p.code === 'LIMIT_EXCEEDED') expect(p.message).toMatch(/MAX_[A-Z_]+ = \d+/);
  }
  const selfParents = tree.tasks.filter((t) => t.pid === t.ppid).length;
  const named = tree.problems.filter((p) => p.message.endsWith('is its own parent')).length;
  expect(named).toBe(Math.min(selfParents, MAX_LISTED_PROBLEMS));

  // The views: the report's forest, its HTML and JSON, the text tree, the GUI's rows.
  const list = walked.map((w) => info(tree, w.pid));
  const problems: ProblemInfo[] = [];
  const roots = processTree(list, problems);
  const forest = forestShape(roots);
  expect(sorted(forest.pids)).toEqual(sorted(pids));
  expect(forest.depth).toBeLessThanOrEqual(MAX_TREE_DEPTH);
  expect(problems.length).toBeLessThanOrEqual(1);
  const report = forestReport(roots, problems);
  expect(JSON.parse(renderReportJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  const html = renderReportHtml(report);
  expect((html.match(/<li>/g) ?? []).length).toBe(pids.length);
  expect(html).not.toContain('<&>');
  const text = new TreeNode('Process tree');
  const branch = new Map<number, TreeNode>();
  for (const w of walked) {
    const parent = tree.byPid.get(w.pid)!.ppid;
    const under = w.depth > 0 ? branch.get(parent) : undefined;
    branch.set(w.pid, (under ?? text).add(`[${w.pid}]`));
  }
  expect(text.render().split('\n')).toHaveLength(pids.length + 2);
  const rows = visibleRows(list, new Set(), '');
  expect(sorted(rows.map((r) => r.process.pid))).toEqual(sorted(pids));
}

/** An ImageStore over one pstree.img, as the session builds it. */
function storeOf(bytes: Buffer): ImageStore {
  const member = {
    name: 'checkpoint/pstree.img',
    type: 'file',
    size: bytes.length,
    mode: 0o644,
    uid: 0,
    gid: 0,
    mtime: null,
    linkname: null,
  };
  const index = {
    compression: 'none',
    archiveSize: bytes.length,
    members: [member],
    problems: [],
    get: (name: string) => (name === member.name ? member : undefined),
    read: (_m: unknown, offset: number, length: number) => Promise.resolve(bytes.subarray(offset, offset + length)),
  };
  return new ImageStore(index as never, {
    decodeImage: (b, opts) => decodeImage(b, opts),
    sniffImage: () => ({ magic: 'PSTREE', kind: 'protobuf' }),
    memoryReader: () => {
      throw new Error('not used');
    },
  });
}

const damageArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  {
    weight: 2,
    arbitrary: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
  },
  { weight: 1, arbitrary: fc.nat().map((cut) => ({ cut })) },
);

async function checkBytes(tasks: Task[], damage: [number, number][] | { cut: number } | null): Promise<void> {
  let bytes = pstreeImage(tasks);
  if (Array.isArray(damage))
    for (const [at, b] of damage) if (bytes.length > 8) bytes[8 + (at % (bytes.length - 8))] = b;
  if (damage && !Array.isArray(damage)) bytes = bytes.subarray(0, 8 + (damage.cut % Math.max(1, bytes.length - 8)));
  const out = await settle('pstree', () => new ProcessImages(storeOf(bytes)).pstree());
  if (!('value' in out)) {
    expect(['IMAGE_CORRUPT', 'LIMIT_EXCEEDED']).toContain(out.error.code);
    return;
  }
  checkTree(out.value);
  // Undamaged, every task is read (the first MAX_PROCESSES), and only a limit is a problem.
  if (!damage) {
    const firsts = new Set<number>();
    for (const t of tasks.slice(0, MAX_PROCESSES)) firsts.add(t.pid);
    expect(out.value.tasks.length).toBe(firsts.size);
  }
}

const taskArb = fc.record({
  pid: fc.integer({ min: 1, max: 40 }),
  ppid: fc.integer({ min: 0, max: 45 }),
  threads: fc.array(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { minLength: 1, maxLength: 3 }),
});

describe('pstree fuzz', () => {
  const entryCases = caseCount(200, 0.5);
  it(
    `builds a forest and bounded views from ${entryCases} random pstree entries`,
    () => {
      fc.assert(
        fc.property(entriesArb, (entries) => {
          const built = settleSync('buildPstree', () => buildPstree(entries));
          expect('value' in built).toBe(true);
          if ('value' in built) checkTree(built.value);
        }),
        fuzzParams(entryCases),
      );
    },
    timeoutFor(entryCases, 20),
  );

  const byteCases = caseCount(200, 0.5);
  it(
    `reads ${byteCases} random pstree.img images, damaged or whole, within its limits`,
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(taskArb, { maxLength: 50 }), damageArb, checkBytes),
        fuzzParams(byteCases),
      );
    },
    timeoutFor(byteCases, 20),
  );
});
