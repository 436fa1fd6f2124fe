import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../../shared/dto';
import { matchesProcess, visibleRows } from '../../../renderer/src/screens/archive/processes/process-tree-model';

function proc(pid: number, ppid: number, comm: string, cmdline: string[] = [comm]): ProcessInfo {
  return { pid, ppid, comm, cmdline } as unknown as ProcessInfo;
}

const tree = [
  proc(7, 1, 'tail', ['/usr/bin/tail', '-f', '/data/log.txt']),
  proc(1, 0, 'sh'),
  proc(6, 1, 'httpd', ['/usr/sbin/httpd', '-p', '8080']),
  proc(9, 6, 'httpd'),
];

describe('process tree model', () => {
  it('orders the tree depth first by pid, with depths', () => {
    expect(visibleRows(tree, new Set(), '').map((r) => [r.process.pid, r.depth, r.hasChildren])).toEqual([
      [1, 0, true],
      [6, 1, true],
      [9, 2, false],
      [7, 1, false],
    ]);
  });

  it('hides the children of collapsed processes', () => {
    expect(visibleRows(tree, new Set([6]), '').map((r) => r.process.pid)).toEqual([1, 6, 7]);
  });

  it('keeps matches and their ancestors when searching, even collapsed', () => {
    expect(visibleRows(tree, new Set([1]), '8080').map((r) => r.process.pid)).toEqual([1, 6]);
    expect(visibleRows(tree, new Set(), 'TAIL').map((r) => r.process.pid)).toEqual([1, 7]);
  });

  it('matches by exact pid, comm or command line', () => {
    expect(matchesProcess(tree[0]!, '7')).toBe(true);
    expect(matchesProcess(tree[0]!, '70')).toBe(false);
    expect(matchesProcess(tree[0]!, 'log.txt')).toBe(true);
  });

  it('survives a crafted pstree with cycles and self-parents, hiding none of it', () => {
    const crafted = [proc(2, 3, 'a'), proc(3, 2, 'b'), proc(4, 4, 'self')];
    const rows = visibleRows(crafted, new Set(), '');
    // The loop 2 <-> 3 is reached from no root: its first process is shown as one.
    expect(rows.map((r) => [r.process.pid, r.depth])).toEqual([
      [4, 0],
      [2, 0],
      [3, 1],
    ]);
    expect(visibleRows(crafted, new Set(), 'b').map((r) => r.process.pid)).toEqual([2, 3]);
  });

  it('walks a chain 100,000 deep without recursion or a depth cut', () => {
    const chain = Array.from({ length: 100_000 }, (_, i) => proc(i + 1, i, `p${i + 1}`));
    const rows = visibleRows(chain, new Set(), '');
    expect(rows).toHaveLength(100_000);
    expect(rows[99_999]).toMatchObject({ depth: 99_999, hasChildren: false });
    // A match at the bottom keeps all its ancestors: the path to it is shown.
    expect(visibleRows(chain, new Set(), 'p100000')).toHaveLength(100_000);
  });
});
