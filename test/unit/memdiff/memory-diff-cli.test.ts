// The memory diff by page hashes (diff --memory) on archives of the fixture's
// real CRIU images with known page changes between them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../electron/cli/exit-codes';
import type { MemoryDiff } from '../../../shared/dto/memory-diff';
import { runCliCaptured as cli } from '../../support/run-cli-captured';
import { changedImages, EXPECTED, PAGE, withoutPid7, writeMemdiffPair } from './memdiff-pairs';

const dir = mkdtempSync(join(tmpdir(), 'h-memdiff-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { a, b } = writeMemdiffPair(dir);

async function memoryOf(x: string, y: string, code: number = EXIT.ok): Promise<MemoryDiff> {
  const r = await cli(['diff', x, y, '--memory', '--format', 'json']);
  expect(r.err, r.err).toBe(code === EXIT.ok ? '' : r.err);
  expect(r.code).toBe(code);
  return (JSON.parse(r.out) as { memory_diff: MemoryDiff }).memory_diff;
}

const pagesOf = (d: MemoryDiff, pid: number) => d.processes.find((p) => p.pid === pid)?.pages ?? [];

describe('diff --memory', () => {
  it('lists exactly the pages added, removed and changed, by address, per process', async () => {
    const d = await memoryOf(a, b);
    expect(d.pageSize).toBe(PAGE);
    expect(pagesOf(d, 1).map((p) => [p.kind, p.address])).toEqual([['removed', EXPECTED.removed.address]]);
    expect(pagesOf(d, 6).map((p) => [p.kind, p.address])).toEqual(
      EXPECTED.changed.addresses.map((x) => ['changed', x]),
    );
    expect(pagesOf(d, 7).map((p) => [p.kind, p.address])).toEqual([['added', EXPECTED.added.address]]);
    expect({ added: d.added, removed: d.removed, changed: d.changed }).toEqual({ added: 1, removed: 1, changed: 2 });
    // Every other dumped page of the three processes is the same: 19 + 19 + 18 pages in A, one of them removed.
    expect(d.same).toBe(19 + 19 + 18 - 1 - 2);
    expect(d.processes.every((p) => p.match === 'both' && p.complete)).toBe(true);
    const changed = pagesOf(d, 6)[0]!;
    expect(changed.hashA).toMatch(/^[0-9a-f]{16}$/);
    expect(changed.hashB).not.toBe(changed.hashA);
    expect(pagesOf(d, 1)[0]).toMatchObject({ hashB: null });
    expect(pagesOf(d, 7)[0]).toMatchObject({ hashA: null });
    expect(d.bytesCompared).toBe((19 + 19 + 18) * PAGE * 2 - PAGE + PAGE);
  });

  it('names the VMA each difference is in, and says what moved', async () => {
    const d = await memoryOf(a, b);
    const p6 = d.processes.find((p) => p.pid === 6)!;
    const heap = p6.vmas.find((v) => v.a?.start === 0x28022000)!;
    expect(heap).toMatchObject({ match: 'resized', changed: 1, b: { start: 0x28022000, end: 0x28046000 } });
    expect(heap.moved).toBe('end 0x28044000 → 0x28046000');
    const holder = p6.vmas.find((v) => v.b!.start <= 0x5f2000 && 0x5f2000 < v.b!.end)!;
    expect(holder).toMatchObject({ match: 'same', changed: 1, moved: null, a: { start: 0x5ec000, end: 0x5f4000 } });
    expect(d.processes.find((p) => p.pid === 7)!.vmas.map((v) => [v.match, v.added])).toEqual([['same', 1]]);
    // Unchanged VMAs are counted, not listed.
    expect(p6.vmasSame).toBe(11 - 2);
  });

  it('the text output gains a short summary; without --memory diff prints what it did before', async () => {
    const r = await cli(['diff', a, b, '--memory']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toContain('Memory diff (each 4 KiB page by content): 2 changed, 1 added, 1 removed, 53 same');
    expect(r.out).toMatch(/PID 6 .*: 2 changed, 0 added, 0 removed/);
    expect(r.out).toContain('[resized: end 0x28044000 → 0x28046000]');
    const plain = await cli(['diff', a, b]);
    expect(plain.out).not.toContain('Memory diff');
    expect(r.out.startsWith(plain.out)).toBe(true);
    const json = await cli(['diff', a, b, '--format', 'json']);
    expect(Object.keys(JSON.parse(json.out) as object)).not.toContain('memory_diff');
  });

  it('a checkpoint compared with itself has no differing page', async () => {
    const d = await memoryOf(a, a);
    expect({ added: d.added, removed: d.removed, changed: d.changed, same: d.same, unread: d.unread }).toEqual({
      added: 0,
      removed: 0,
      changed: 0,
      same: 19 + 19 + 18,
      unread: 0,
    });
    expect(d.processes.every((p) => p.pages.length === 0 && p.vmas.length === 0)).toBe(true);
  });

  it('a pages file that cannot back its pagemap makes that process incomplete, named on its side', async () => {
    const images = changedImages();
    images['pages-3.img'] = images['pages-3.img']!.subarray(0, images['pages-3.img']!.length - PAGE);
    const pair = writeMemdiffPair(dir, images, 'short');
    const r = await cli(['diff', pair.a, pair.b, '--memory', '--format', 'json']);
    expect(r.code).toBe(EXIT.incomplete);
    const d = (JSON.parse(r.out) as { memory_diff: MemoryDiff }).memory_diff;
    const p7 = d.processes.find((p) => p.pid === 7)!;
    // Its command line is on those pages, unread in B: the same pid and name pair it all the same.
    expect(p7).toMatchObject({ match: 'both', complete: false });
    // Its last pagemap entry (the stack's 3 pages) now lies past B's pages file: unread in B, not removed.
    expect(p7.pages.filter((p) => p.kind === 'unread').map((p) => [p.address, p.unreadSide])).toEqual(
      [0, 1, 2].map((i) => [0x7ffdd4d0d000 + i * PAGE, 'b']),
    );
    expect({ removed: p7.removed, unread: p7.unread, added: p7.added }).toEqual({ removed: 0, unread: 3, added: 1 });
    expect(d.processes.find((p) => p.pid === 6)!.complete).toBe(true);
    expect(d.problems).toEqual([expect.objectContaining({ side: 'b', pid: 7, where: 'checkpoint/pagemap-7.img' })]);
    expect(r.err).toContain('pagemap-7.img');
  });

  it('a process only one side has counts all its pages as added or removed', async () => {
    const pair = writeMemdiffPair(dir, withoutPid7(), 'no7');
    const d = await memoryOf(pair.a, pair.b);
    expect(d.processes.map((p) => [p.pid, p.match])).toEqual([
      [1, 'both'],
      [6, 'both'],
      [7, 'removed'],
    ]);
    const p7 = d.processes.find((p) => p.pid === 7)!;
    expect({ removed: p7.removed, pages: p7.pages.length }).toEqual({ removed: 18, pages: 0 });
    expect(p7.vmas.every((v) => v.match === 'removed' && v.b === null)).toBe(true);
    expect(p7.vmas.reduce((n, v) => n + v.removed, 0)).toBe(18);
    const back = await memoryOf(pair.b, pair.a);
    expect(back.processes.find((p) => p.pid === 7)).toMatchObject({ match: 'added', added: 18 });
  });
});
