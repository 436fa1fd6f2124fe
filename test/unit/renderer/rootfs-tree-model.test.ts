import { describe, expect, it } from 'vitest';
import type { RootfsEntry } from '../../../shared/dto';
import {
  buildTree,
  normalize,
  visibleRootfsRows,
} from '../../../renderer/src/screens/archive/rootfs/rootfs-tree-model';
import { CHANGE_MARKERS, changeMarker, countChanges } from '../../../renderer/src/screens/archive/rootfs/rootfs-change';

function entry(
  path: string,
  change: RootfsEntry['change'] = 'changed',
  type: RootfsEntry['type'] = 'file',
): RootfsEntry {
  return { path, type, change, size: 1, mode: 0o644, uid: 0, gid: 0, mtime: null, linkTarget: null };
}

const entries = [
  entry('data/log.txt'),
  entry('./data/written-after-start.txt'),
  entry('/etc/testbed-delete-me.txt', 'deleted'),
  entry('www', 'changed', 'directory'),
  entry('www/index.html'),
];

describe('rootfs tree model', () => {
  it('normalizes tar paths', () => {
    expect(normalize('./a//b/')).toBe('/a/b');
    expect(normalize('')).toBe('/');
  });

  it('gives implicit folders a node and sorts folders first', () => {
    const root = buildTree(entries);
    expect(root.children.map((c) => c.name)).toEqual(['data', 'etc', 'www']);
    const data = root.children[0]!;
    expect(data.entry).toBeNull();
    expect(data.children.map((c) => c.path)).toEqual(['/data/log.txt', '/data/written-after-start.txt']);
    expect(root.children[2]!.entry?.type).toBe('directory');
  });

  it('opens the first level by default and filters by path', () => {
    const root = buildTree(entries);
    const closed = visibleRootfsRows(root, () => false, '');
    expect(closed.map((r) => r.node.path)).toEqual(['/data', '/etc', '/www']);
    const filtered = visibleRootfsRows(root, () => false, 'written');
    expect(filtered.map((r) => [r.node.path, r.depth])).toEqual([
      ['/data', 0],
      ['/data/written-after-start.txt', 1],
    ]);
  });

  it('bounds the depth of crafted paths', () => {
    const root = buildTree([entry('a/'.repeat(1000) + 'f')]);
    let depth = 0;
    for (let n = root; n.children.length > 0; n = n.children[0]!) depth += 1;
    expect(depth).toBe(128);
  });

  it('builds and lists 10,000 entries quickly', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => entry(`srv/d${i % 100}/f${i}.txt`));
    const t0 = performance.now();
    const rows = visibleRootfsRows(buildTree(many), () => true, '');
    expect(rows.length).toBe(1 + 100 + 10_000);
    expect(visibleRootfsRows(buildTree(many), () => true, 'f9999.txt').length).toBe(3);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('change markers', () => {
  it('never claims "added" for what cannot be told from modified', () => {
    expect(changeMarker('changed').mark).toBe('A/M');
    expect(changeMarker('changed').tooltip).toMatch(/without the base image/i);
    expect(changeMarker('added').mark).toBe('A');
    expect(changeMarker('deleted').mark).toBe('D');
    expect(new Set(Object.values(CHANGE_MARKERS).map((m) => m.mark)).size).toBe(3);
  });

  it('counts entries per change', () => {
    expect(countChanges(entries)).toEqual({ added: 0, changed: 4, deleted: 1 });
  });
});
