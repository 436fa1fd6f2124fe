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

  it('survives a crafted pstree with cycles and self-parents', () => {
    const crafted = [proc(2, 3, 'a'), proc(3, 2, 'b'), proc(4, 4, 'self')];
    const rows = visibleRows(crafted, new Set(), '');
    expect(rows.map((r) => r.process.pid)).toEqual([4]);
    expect(visibleRows(crafted, new Set(), 'a').length).toBeLessThanOrEqual(3);
  });
});
