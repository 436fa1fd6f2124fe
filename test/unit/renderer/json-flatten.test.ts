import { describe, expect, it } from 'vitest';
import { flatten, matchingPaths, primitiveText } from '../../../renderer/src/components/json-tree/flatten';

const doc = { id: 'abc', process: { args: ['/bin/sh', '-c'], env: ['APP_MODE=testbed'] }, n: null };

describe('flatten', () => {
  it('shows only the root when nothing is open', () => {
    const rows = flatten(doc, 'spec', () => false);
    expect(rows.map((r) => r.path)).toEqual(['$']);
    expect(rows[0]).toMatchObject({ container: true, size: 3, label: 'spec', depth: 0 });
  });

  it('lists open containers depth first with paths, parents and sizes', () => {
    const rows = flatten(doc, 'spec', (p) => p === '$' || p === '$.process');
    expect(rows.map((r) => r.path)).toEqual(['$', '$.id', '$.process', '$.process.args', '$.process.env', '$.n']);
    expect(rows.find((r) => r.path === '$.process.args')).toMatchObject({
      parent: '$.process',
      depth: 2,
      size: 2,
      container: true,
    });
    expect(rows.find((r) => r.path === '$.n')).toMatchObject({ container: false, value: null });
  });

  it('keeps only the paths asked for', () => {
    const keep = matchingPaths(doc, 'app_mode');
    expect([...keep].sort()).toEqual(['$', '$.process', '$.process.env', '$.process.env.0']);
    expect(flatten(doc, 'spec', () => true, keep).map((r) => r.path)).toEqual([
      '$',
      '$.process',
      '$.process.env',
      '$.process.env.0',
    ]);
  });

  it('matches labels as well as values', () => {
    expect(matchingPaths(doc, 'args').has('$.process.args')).toBe(true);
  });

  it('stops at a depth bound on hostile nesting', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 10_000; i++) deep = [deep];
    const rows = flatten(deep, 'x', () => true);
    expect(rows.length).toBeLessThanOrEqual(66);
    expect(matchingPaths(deep, '1').size).toBe(0);
  });

  it('prints primitives as text', () => {
    expect(primitiveText('a')).toBe('a');
    expect(primitiveText(12)).toBe('12');
    expect(primitiveText(null)).toBe('null');
  });
});
