// The page walk of the memory diff on its own: windows over the union of two
// sides' runs, each read at most one chunk at a time, page hashes compared.
import { describe, expect, it } from 'vitest';
import { walkPages, type WalkSide } from '../../../electron/inspect/diff/memory-walk';
import { MEMORY_DIFF_CHUNK_BYTES } from '../../../electron/inspect/limits';
import type { MemoryDiffPage } from '../../../shared/dto/memory-diff';

const PAGE = 4096;
const MIB = 1024 * 1024;

/** A side whose byte at address x is fill(x), recording each read's length. */
function side(runs: { start: number; end: number }[], fill: (page: number) => number, reads: number[]): WalkSide {
  return {
    runs,
    read: (address, length) => {
      reads.push(length);
      const out = Buffer.alloc(length);
      for (let p = 0; p < length; p += PAGE) out.fill(fill(address + p), p, p + PAGE);
      return Promise.resolve(out);
    },
  };
}

describe('walkPages', () => {
  it('reads each side a chunk at a time and reports exactly the differing pages', async () => {
    const reads: number[] = [];
    const base = 0x10_0000;
    const changed = base + 2 * MIB + 5 * PAGE;
    const a = side([{ start: base, end: base + 3 * MIB }], (x) => (x / PAGE) & 0xff, reads);
    const b = side(
      [{ start: base + MIB, end: base + 4 * MIB }],
      (x) => (x === changed ? 0xee : (x / PAGE) & 0xff),
      reads,
    );
    const pages: MemoryDiffPage[] = [];
    let same = 0;
    const progress: number[] = [];
    const bytes = await walkPages(a, b, {
      pageSize: PAGE,
      onPage: (p) => pages.push(p),
      onSame: () => same++,
      onBytes: (n) => progress.push(n),
    });
    expect(Math.max(...reads)).toBeLessThanOrEqual(MEMORY_DIFF_CHUNK_BYTES);
    expect(bytes).toBe(6 * MIB);
    expect(progress.at(-1)).toBe(6 * MIB);
    expect(same).toBe((2 * MIB) / PAGE - 1);
    const kinds = (k: string) => pages.filter((p) => p.kind === k).map((p) => p.address);
    expect(kinds('changed')).toEqual([changed]);
    expect(kinds('removed')).toEqual(Array.from({ length: MIB / PAGE }, (_, i) => base + i * PAGE));
    expect(kinds('added')).toEqual(Array.from({ length: MIB / PAGE }, (_, i) => base + 3 * MIB + i * PAGE));
    // In address order.
    expect(pages.map((p) => p.address)).toEqual([...pages.map((p) => p.address)].sort((x, y) => x - y));
  });

  it('stops with CANCELLED when its signal is aborted', async () => {
    const ctl = new AbortController();
    const reads: number[] = [];
    const a = side([{ start: 0, end: 8 * MIB }], () => 1, reads);
    const walk = walkPages(
      a,
      side([], () => 1, reads),
      {
        pageSize: PAGE,
        signal: ctl.signal,
        onPage: () => undefined,
        onSame: () => undefined,
        onBytes: () => ctl.abort(),
      },
    );
    await expect(walk).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(reads).toHaveLength(1);
  });
});
