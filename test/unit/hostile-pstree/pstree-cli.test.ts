// Issue 18, the process tree through the built CLI: a pstree a million
// processes wide, a chain 100,000 deep, a ppid loop with a self-parent, a task
// whose threads field claims 2^31 bytes, and one listing 60 million threads.
// Every command ends within the hostile budget with a result (exit 3, what was
// read on stdout and the problems on stderr, each naming its limit) or a clear
// error, prints no control character and writes nothing beside its cache.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PROCESSES, MAX_TREE_DEPTH } from '../../../electron/inspect/limits';
import { hostileCli } from '../../support/hostile-cli';
import { writePstreeArchives, type PstreeArchive } from './pstree-archives';

let dir: string;
let out: string;
let archives: Record<PstreeArchive, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'h-pstree-cli-'));
  out = join(dir, 'out');
  mkdirSync(out);
  archives = await writePstreeArchives(dir);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) => hostileCli(dir, args);

/** Process lines of an `inspect` tree: `├── [pid]  comm` or `└── [pid (State)]  comm`. */
const processLines = (tree: string) => tree.match(/[├└]── (?:⋯\[depth \d+\] )?\[\d+(?: \([A-Za-z]+\))?\] {2}/g) ?? [];

interface PsNode {
  pid: number;
  children?: PsNode[];
}
/** Levels and nodes of a JSON ps tree, counted without recursion. */
function shape(root: PsNode): { depth: number; nodes: number } {
  let depth = 0;
  let nodes = 0;
  const stack: Array<[PsNode, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [n, d] = stack.pop() as [PsNode, number];
    nodes++;
    depth = Math.max(depth, d);
    for (const c of n.children ?? []) stack.push([c, d + 1]);
  }
  return { depth, nodes };
}

const COMMANDS: [string, (archive: string, name: string) => string[]][] = [
  ['inspect --ps-tree', (a) => ['inspect', a, '--ps-tree']],
  ['inspect --ps-tree-cmd', (a) => ['inspect', a, '--ps-tree-cmd']],
  ['inspect --ps-tree --format json', (a) => ['inspect', a, '--ps-tree', '--format', 'json']],
  ['show', (a) => ['show', a]],
  ['report --output (html)', (a, n) => ['report', a, '--output', join(out, `${n}.html`)]],
  ['report --format json --output', (a, n) => ['report', a, '--format', 'json', '--output', join(out, `${n}.json`)]],
];
const NAMES: PstreeArchive[] = ['wide-1m', 'chain-100k', 'cycle', 'claimed-threads', 'many-threads'];

describe.each(NAMES)('%s through the CLI', (name) => {
  it.each(COMMANDS)(
    '%s ends within the budget with a result',
    async (label, args) => {
      const r = await cli(args(archives[name], name));
      if (label.includes('json') && label.startsWith('inspect'))
        expect(() => JSON.parse(r.out) as unknown).not.toThrow();
      if (label.startsWith('report')) {
        expect(r.code).toBe(3);
        const text = readFileSync(join(out, `${name}.${label.includes('json') ? 'json' : 'html'}`), 'utf8');
        if (label.includes('json'))
          expect((JSON.parse(text) as { processTree: unknown[] }).processTree.length).toBeGreaterThan(0);
        else expect(text).toContain('id="process-tree"');
      }
      if (label.startsWith('inspect')) expect(r.code).toBe(3);
      // A line per image a process lacks at most (core; mm and pagemap for a report), never one per bad entry.
      const perProcess = label.startsWith('report') ? 3 : 1;
      expect(r.err.split('\n').length).toBeLessThan(perProcess * MAX_PROCESSES + 100);
    },
    60_000,
  );
});

describe('what the CLI says about each', () => {
  it('reads the first MAX_PROCESSES of a million processes, and says so', async () => {
    const r = await cli(['inspect', archives['wide-1m'], '--ps-tree']);
    expect(r.err).toContain(
      `problem: checkpoint/pstree.img: more than ${MAX_PROCESSES} tasks; the first ${MAX_PROCESSES} are read (MAX_PROCESSES = ${MAX_PROCESSES}) (LIMIT_EXCEEDED)`,
    );
    expect(processLines(r.out)).toHaveLength(MAX_PROCESSES);
    const json = await cli(['inspect', archives['wide-1m'], '--ps-tree', '--format', 'json']);
    const [node] = JSON.parse(json.out) as [{ process_tree: PsNode; problems: { code: string; message: string }[] }];
    expect(node.process_tree.children).toHaveLength(MAX_PROCESSES - 1);
    expect(node.problems.some((p) => p.code === 'LIMIT_EXCEEDED' && p.message.includes('MAX_PROCESSES'))).toBe(true);
  }, 60_000);

  it('shows a chain MAX_TREE_DEPTH levels deep, names the limit and where to go on, in tree and JSON', async () => {
    const r = await cli(['inspect', archives['chain-100k'], '--ps-tree']);
    const hint = new RegExp(
      `the process tree is shown ${MAX_TREE_DEPTH} levels deep \\(MAX_TREE_DEPTH = ${MAX_TREE_DEPTH}\\): (\\d+) processes below pid (\\d+) are not shown; \`--pid (\\d+)\` shows the tree from there \\(LIMIT_EXCEEDED\\)`,
    );
    const [, hidden, below, next] = hint.exec(r.err) ?? [];
    expect(Number(hidden)).toBe(MAX_PROCESSES - MAX_TREE_DEPTH);
    expect(next).toBe(below);
    expect(processLines(r.out)).toHaveLength(MAX_TREE_DEPTH);
    // Linear output: no line longer than the deepest indentation allows.
    expect(r.out.split('\n').reduce((m, l) => Math.max(m, l.length), 0)).toBeLessThan((MAX_TREE_DEPTH + 3) * 4 + 200);
    const json = await cli(['inspect', archives['chain-100k'], '--ps-tree', '--format', 'json']);
    const [node] = JSON.parse(json.out) as [{ process_tree: PsNode }];
    expect(shape(node.process_tree)).toEqual({ depth: MAX_TREE_DEPTH, nodes: MAX_TREE_DEPTH });
    // The hint works: the tree from the cut goes on from there.
    const on = await cli(['inspect', archives['chain-100k'], '--ps-tree', '--pid', String(next), '--format', 'json']);
    const [rest] = JSON.parse(on.out) as [{ process_tree: PsNode }];
    expect(rest.process_tree.pid).toBe(Number(next));
    expect(shape(rest.process_tree).depth).toBe(MAX_TREE_DEPTH);
  }, 60_000);

  it('keeps every process of a deep chain in the report, subtrees past the depth limit shown apart', async () => {
    await cli(['report', archives['chain-100k'], '--format', 'json', '--output', join(out, 'chain.json')]);
    type P = { pid: number; children: P[] };
    const report = JSON.parse(readFileSync(join(out, 'chain.json'), 'utf8')) as {
      processTree: P[];
      problems: { message: string }[];
    };
    const pids: number[] = [];
    let depth = 0;
    const stack: Array<[P, number]> = report.processTree.map((p) => [p, 1]);
    while (stack.length > 0) {
      const [p, d] = stack.pop() as [P, number];
      pids.push(p.pid);
      depth = Math.max(depth, d);
      for (const c of p.children) stack.push([c, d + 1]);
    }
    expect(new Set(pids).size).toBe(MAX_PROCESSES);
    expect(pids).toHaveLength(MAX_PROCESSES);
    expect(depth).toBe(MAX_TREE_DEPTH);
    expect(report.problems.some((p) => p.message.includes('shown apart') && p.message.includes('MAX_TREE_DEPTH'))).toBe(
      true,
    );
  }, 60_000);

  it('breaks a ppid loop and a self-parent, and points at what is not under the root', async () => {
    const r = await cli(['inspect', archives.cycle, '--ps-tree']);
    expect(r.err).toContain('problem: checkpoint/pstree.img: pid 50 is its own parent (IMAGE_CORRUPT)');
    expect(r.err).toMatch(/ppid loop among pids 100 -> 1099 -> .* -> \.\.\. \(1000 pids\) \(IMAGE_CORRUPT\)/);
    expect(r.err).toContain('1002 processes are not under pid 1; `--pid 100` shows the tree from one of them');
    expect(processLines(r.out)).toHaveLength(1);
    const loop = await cli(['inspect', archives.cycle, '--ps-tree', '--pid', '100', '--format', 'json']);
    const [node] = JSON.parse(loop.out) as [{ process_tree: PsNode }];
    // The loop from 100 is walked once around: MAX_TREE_DEPTH levels of it, the rest named.
    expect(shape(node.process_tree)).toEqual({ depth: MAX_TREE_DEPTH, nodes: MAX_TREE_DEPTH });
  }, 60_000);

  it('keeps the task before an entry claiming 2^31 bytes of threads, naming the fault', async () => {
    const r = await cli(['inspect', archives['claimed-threads'], '--ps-tree']);
    expect(r.err).toContain(
      'problem: checkpoint/pstree.img: entry 1: pstree_entry: length 2147483648 exceeds the 0 bytes left; the task before it is read (IMAGE_CORRUPT)',
    );
    expect(processLines(r.out)).toHaveLength(1);
  }, 60_000);

  it('decodes no more than MAX_PSTREE_BYTES of a 60 MiB thread list, naming the limit', async () => {
    const r = await cli(['inspect', archives['many-threads'], '--ps-tree']);
    expect(r.err).toMatch(
      /problem: checkpoint\/pstree\.img: \d+ bytes; the first 4194304 are read \(MAX_PSTREE_BYTES = 4194304\): the task before it is read \(decoding stopped at entry 1: .*\) \(LIMIT_EXCEEDED\)/,
    );
    expect(processLines(r.out)).toHaveLength(1);
  }, 60_000);
});
