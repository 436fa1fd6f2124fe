import { describe, expect, it } from 'vitest';
import { buildPstree, walkPstree } from '../../../electron/inspect/pstree';

const t = (pid: number, ppid: number, threads?: number[]) => ({
  pid,
  ppid,
  pgid: 1,
  sid: 1,
  threads: threads ?? [pid],
});

describe('buildPstree', () => {
  it('builds the tree and walks it depth first, children by pid', () => {
    const tree = buildPstree([t(1, 0), t(9, 1), t(6, 1), t(12, 6, [12, 13])]);
    expect(tree.roots).toEqual([1]);
    expect(tree.problems).toEqual([]);
    expect(walkPstree(tree)).toEqual([
      { pid: 1, depth: 0 },
      { pid: 6, depth: 1 },
      { pid: 12, depth: 2 },
      { pid: 9, depth: 1 },
    ]);
    expect(tree.tasks.find((x) => x.pid === 12)?.threads).toEqual([12, 13]);
  });

  it('reports a ppid loop and breaks it so that walking ends', () => {
    const tree = buildPstree([t(1, 0), t(2, 3), t(3, 4), t(4, 2), t(5, 2)]);
    expect(tree.problems.map((p) => p.message).join()).toMatch(/ppid loop/);
    expect(tree.roots).toEqual(expect.arrayContaining([1, 2, 3, 4]));
    const walked = walkPstree(tree).map((w) => w.pid);
    expect(walked.sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('reports a task that is its own parent, duplicates and bad pids', () => {
    const tree = buildPstree([t(1, 1), t(2, 1), t(2, 1), { pid: -4 }, { ppid: 3 }]);
    const messages = tree.problems.map((p) => p.message);
    expect(messages).toContain('pid 1 is its own parent');
    expect(messages.some((m) => m.includes('pid 2 appears more than once'))).toBe(true);
    expect(messages.filter((m) => m.includes('valid pid'))).toHaveLength(2);
    expect(tree.problems.every((p) => p.where === 'checkpoint/pstree.img')).toBe(true);
    expect(walkPstree(tree).map((w) => w.pid)).toEqual([1, 2]);
  });

  it('accepts numbers in any of the decoder forms', () => {
    const tree = buildPstree([{ pid: '0x10', ppid: 0n, threads: ['16'] }]);
    expect(tree.tasks[0]).toMatchObject({ pid: 16, ppid: 0, threads: [16] });
  });
});
