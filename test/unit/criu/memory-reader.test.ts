import { describe, expect, it } from 'vitest';
import { decodeImage, MemoryReader, PE_LAZY, PE_PARENT, PE_PRESENT, type RandomAccess } from '../../../electron/criu';
import { AppError } from '../../../shared/errors';
import { buildImage } from './build-image';

const PAGE = 4096;

/** A pages file in memory that counts what is read from it. */
function pagesFile(bytes: Buffer): RandomAccess & { reads: [number, number][] } {
  const reads: [number, number][] = [];
  return {
    size: bytes.length,
    reads,
    read(offset, length) {
      reads.push([offset, length]);
      return Promise.resolve(Buffer.from(bytes.subarray(offset, offset + length)));
    },
  };
}

function pagemap(entries: Record<string, unknown>[], pagesId = 2) {
  const image = buildImage('PAGEMAP', [
    { type: 'pagemap_head', value: { pages_id: pagesId } },
    ...entries.map((value) => ({ type: 'pagemap_entry', value })),
  ]);
  return decodeImage(image, { pretty: false });
}

/** Page n of the test pages file is filled with the byte n + 1. */
function filledPages(count: number): Buffer {
  const out = Buffer.alloc(count * PAGE);
  for (let i = 0; i < count; i++) out.fill(i + 1, i * PAGE, (i + 1) * PAGE);
  return out;
}

describe('MemoryReader', () => {
  const map = pagemap([
    { vaddr: 0x10000, compat_nr_pages: 2, nr_pages: 2, flags: PE_PRESENT },
    { vaddr: 0x12000, compat_nr_pages: 1, nr_pages: 1, flags: PE_PARENT },
    { vaddr: 0x20000, compat_nr_pages: 1, nr_pages: 1, flags: PE_PRESENT | PE_LAZY },
  ]);

  it('locates present ranges in the pages file in pagemap order', () => {
    const reader = new MemoryReader(map, pagesFile(filledPages(3)));
    expect(reader.pagesId).toBe(2);
    expect(reader.ranges()).toEqual([
      { start: 0x10000, end: 0x12000, flags: PE_PRESENT, pagesOffset: 0, inFile: true },
      { start: 0x20000, end: 0x21000, flags: PE_PRESENT | PE_LAZY, pagesOffset: 2 * PAGE, inFile: true },
    ]);
    expect(reader.allRanges()).toHaveLength(3);
    expect(reader.problems).toEqual([]);
  });

  it('reads across a page boundary from the right file offsets', async () => {
    const file = pagesFile(filledPages(3));
    const reader = new MemoryReader(map, file);
    const got = await reader.read(0x10ffe, 4);
    expect([...got.data]).toEqual([1, 1, 2, 2]);
    expect(got.firstPage).toBe(0x10000);
    expect(got.present).toEqual([true, true]);
    expect(file.reads).toEqual([[PAGE - 2, 4]]);
  });

  it('reads absent pages (parent, unmapped) as zeros and says they are absent', async () => {
    const reader = new MemoryReader(map, pagesFile(filledPages(3)));
    const got = await reader.read(0x11ff0, PAGE + 0x20);
    expect(got.present).toEqual([true, false, false]);
    expect(got.data.subarray(0, 0x10).every((b) => b === 2)).toBe(true);
    expect(got.data.subarray(0x10).every((b) => b === 0)).toBe(true);
    const far = await reader.read(0x20000 - 8, 16);
    expect([...far.data]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, 3, 3, 3]);
    expect(far.present).toEqual([false, true]);
  });

  it('never reads the pages file whole', async () => {
    const file = pagesFile(filledPages(3));
    const reader = new MemoryReader(map, file);
    await reader.read(0x10000, 16);
    expect(file.reads).toEqual([[0, 16]]);
  });

  it('reports a pagemap that points past the end of the pages file and does not trust it', async () => {
    const file = pagesFile(filledPages(2)); // three present pages promised, two stored
    const reader = new MemoryReader(map, file);
    expect(reader.problems).toEqual([
      `pagemap entry 3: pages ${2 * PAGE}..${3 * PAGE} lie past the end of pages-2.img (${2 * PAGE} bytes)`,
    ]);
    expect(reader.ranges().map((r) => r.start)).toEqual([0x10000]);
    const got = await reader.read(0x20000, 8);
    expect(got.present).toEqual([false]);
    expect(file.reads).toEqual([]);
  });

  it('treats old entries without flags as present, unless in_parent', () => {
    const old = pagemap([
      { vaddr: 0x1000, compat_nr_pages: 1 },
      { vaddr: 0x2000, compat_nr_pages: 1, in_parent: true },
      { vaddr: 0x3000, compat_nr_pages: 1 },
    ]);
    const reader = new MemoryReader(old, pagesFile(filledPages(2)));
    expect(reader.ranges().map((r) => [r.start, r.pagesOffset])).toEqual([
      [0x1000, 0],
      [0x3000, PAGE],
    ]);
  });

  it('reports overlapping and unaligned entries and unused pages', () => {
    const bad = pagemap([
      { vaddr: 0x1000, compat_nr_pages: 2, nr_pages: 2, flags: PE_PRESENT },
      { vaddr: 0x2000, compat_nr_pages: 1, nr_pages: 1, flags: PE_PRESENT },
      { vaddr: 0x5001, compat_nr_pages: 1, nr_pages: 1, flags: PE_PRESENT },
    ]);
    const reader = new MemoryReader(bad, pagesFile(filledPages(5)));
    expect(reader.problems).toEqual([
      'pagemap entry 3: address 0x5001 is not page aligned; ignored',
      'pagemap ranges at 0x1000 and 0x2000 overlap; the second is ignored',
      `pages-2.img has ${PAGE} bytes no pagemap entry uses`,
    ]);
    expect(reader.ranges().map((r) => r.start)).toEqual([0x1000]);
  });

  it('reports a page count beyond 2^53 and trusts no later offsets', () => {
    const huge = pagemap([
      { vaddr: 0x1000, compat_nr_pages: 1, nr_pages: '9007199254740993', flags: PE_PRESENT },
      { vaddr: 0x9000, compat_nr_pages: 1, nr_pages: 1, flags: PE_PRESENT },
    ]);
    const reader = new MemoryReader(huge, pagesFile(filledPages(2)));
    expect(reader.ranges()).toEqual([]);
    expect(reader.problems[0]).toBe('pagemap entry 1: range beyond 2^53; ignored');
  });

  it('rejects images that are not pagemaps and bad read arguments', async () => {
    const pstree = decodeImage(
      buildImage('PSTREE', [{ type: 'pstree_entry', value: { pid: 1, ppid: 0, pgid: 1, sid: 1 } }]),
      { pretty: false },
    );
    expect(() => new MemoryReader(pstree, pagesFile(Buffer.alloc(0)))).toThrow(AppError);
    const reader = new MemoryReader(map, pagesFile(filledPages(3)));
    await expect(reader.read(-1, 4)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(reader.read(0, 65 * 1024 * 1024)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    const empty = await reader.read(0x10000, 0);
    expect(empty.data.length).toBe(0);
    expect(empty.present).toEqual([]);
  });
});
