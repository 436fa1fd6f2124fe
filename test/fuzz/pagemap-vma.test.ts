// Fuzz target (issue 18): the memory map over random pagemap and VMA layouts
// (overlaps, gaps, huge and zero sizes, unaligned and out-of-range values).
// The pagemap reader keeps a sorted, disjoint set of ranges and names each
// kind of fault a bounded number of times; the VMA list counts dumped bytes
// exactly as a walk of every range would, and names every overlap a
// quadratic check finds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryReader, PE_LAZY, PE_PARENT, PE_PRESENT, type DecodedImage } from '../../electron/criu';
import { MAX_LISTED_PROBLEMS } from '../../electron/inspect/limits';
import { presentBytes } from '../../electron/inspect/pagemap';
import { readerRegions } from '../../electron/inspect/search/memory-source';
import { buildVmas } from '../../electron/inspect/vmas';
import { caseCount, fuzzParams, timeoutFor } from './support/fuzz-config';
import { settle, settleSync } from './support/outcome';

const PAGE = 4096;
/** Addresses near each other, so that ranges and VMAs overlap and touch often; some far and hostile ones. */
const address = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 64 }).map((p) => 0x40_0000 + p * PAGE) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 ** 20 }).map((p) => 0x40_0000 + p * PAGE + (p % 3 ? 0 : 123)) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(0, 2 ** 52, 2 ** 53 - PAGE, 2 ** 53, 0xffff_ffff_ff60_0000, -PAGE, 0.5, Number.NaN),
  },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) },
);
const pages = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 8 }) },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 28, 2 ** 40, 2 ** 41, 0xffff_ffff, -1) },
);
const entryArb = fc.record({
  vaddr: address,
  nr_pages: pages,
  compat_nr_pages: fc.constant(0),
  flags: fc.constantFrom(PE_PRESENT, PE_PARENT, PE_LAZY, PE_PRESENT | PE_LAZY, 0, PE_PRESENT | PE_PARENT),
});
const vmaArb = fc
  .record({ start: address, size: fc.oneof(fc.integer({ min: -2, max: 8 }), fc.constantFrom(2 ** 28, 2 ** 40)) })
  .map(({ start, size }) => ({
    start,
    end: typeof start === 'number' ? start + size * PAGE : start,
    prot: 3,
    flags: 0x22,
    status: 0x201,
    pgoff: 0,
    shmid: 0,
  }));

/** Many entries at once, sometimes: far more than MAX_LISTED_PROBLEMS of one kind. */
const layoutArb = fc.oneof(
  { weight: 20, arbitrary: fc.array(entryArb, { maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 200, max: 3000 }), fc.integer({ min: 1, max: 9 })).map(([n, span]) =>
      Array.from({ length: n }, (_, i) => ({
        vaddr: 0x40_0000 + (i % span) * PAGE,
        nr_pages: 1 + (i % 3),
        compat_nr_pages: 0,
        flags: i % 2 ? PE_PRESENT : PE_PARENT,
      })),
    ),
  },
);

const walked = (reader: MemoryReader, start: number, end: number): number =>
  reader
    .allRanges()
    .filter((r) => r.inFile)
    .reduce((s, r) => s + Math.max(0, Math.min(end, r.end) - Math.max(start, r.start)), 0);

async function exercise(
  entries: Record<string, unknown>[],
  vmas: Record<string, unknown>[],
  pagesSize: number,
): Promise<void> {
  const pagemap: DecodedImage = {
    magic: 'PAGEMAP',
    kind: 'protobuf',
    truncated: false,
    entries: [{ pages_id: 1 }, ...entries],
  };
  const file = {
    size: pagesSize,
    read: async (o: number, l: number) => Buffer.alloc(Math.max(0, Math.min(l, pagesSize - o)), 7),
  };
  const made = settleSync('new MemoryReader', () => new MemoryReader(pagemap, file));
  if (!('value' in made)) return;
  const reader = made.value;
  const ranges = reader.allRanges();
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i]!;
    expect(r.end).toBeGreaterThan(r.start);
    expect(Math.abs(r.start % PAGE)).toBe(0);
    if (i > 0) expect(r.start).toBeGreaterThanOrEqual(ranges[i - 1]!.end);
    if (r.inFile) expect(r.pagesOffset + r.end - r.start).toBeLessThanOrEqual(pagesSize);
  }
  // At most MAX_LISTED_PROBLEMS of each of six kinds, and one closing line per kind.
  expect(reader.problems.length).toBeLessThanOrEqual(6 * (MAX_LISTED_PROBLEMS + 1));
  expect(presentBytes(reader)).toBe(walked(reader, -Infinity, Infinity));

  const list = buildVmas([{ vmas }], reader, null, 1);
  expect(list.rows).toHaveLength(vmas.length);
  let overlapping = 0;
  const sane = list.rows.filter((v) => v.end > v.start);
  for (const v of list.rows) {
    expect(v.end).toBeGreaterThanOrEqual(v.start);
    expect(v.dumped).toBe(walked(reader, v.start, v.end));
  }
  for (let i = 0; i < sane.length; i++)
    for (let j = i + 1; j < sane.length; j++)
      if (sane[i]!.start < sane[j]!.end && sane[j]!.start < sane[i]!.end) overlapping++;
  const named = list.problems.filter((p) => p.message.includes('overlap'));
  expect(named.length > 0).toBe(overlapping > 0);

  // The dumped runs, as the hexdump and the search walk them: ascending, disjoint, readable.
  const regions = readerRegions(reader, 1);
  let total = 0;
  for (let i = 0; i < regions.runs.length; i++) {
    const run = regions.runs[i]!;
    if (i > 0) expect(run.start).toBeGreaterThan(regions.runs[i - 1]!.end);
    total += run.end - run.start;
  }
  expect(total).toBe(presentBytes(reader));
  const first = regions.runs[0];
  if (first) {
    const n = Math.min(first.end - first.start, 3 * PAGE);
    const read = await settle('read a run', () => regions.read(first.start, n));
    if ('value' in read) expect(read.value.length).toBe(n);
  }
}

describe('pagemap and VMA layouts fuzz', () => {
  const cases = caseCount(300);
  it(
    `keeps ${cases} random layouts sorted, disjoint, counted exactly and named`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          layoutArb,
          fc.array(vmaArb, { maxLength: 24 }),
          fc.oneof(
            fc.integer({ min: 0, max: 40 }).map((p) => p * PAGE),
            fc.integer({ min: 0, max: 200_000 }),
          ),
          async (entries, vmas, pagesSize) => exercise(entries, vmas, pagesSize),
        ),
        fuzzParams(cases),
      );
    },
    timeoutFor(cases, 5),
  );
});
