// Fuzz target: the pagemap/pages memory reader (electron/criu MemoryReader)
// on mutated real pagemaps with their pages files, and on pagemaps of random
// entries (huge, unaligned, overlapping, bigint addresses), read at random
// and at hostile ranges.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeImage,
  MemoryReader,
  PE_LAZY,
  PE_PARENT,
  PE_PRESENT,
  type DecodedImage,
  type RandomAccess,
} from '../../electron/criu';
import { caseCount, fuzzParams, timeoutFor } from './support/fuzz-config';
import { criuSizeOffsets, loadTar, scratch, TAR_FIXTURES, type Scratch } from './support/fixtures';
import { applyAll, mutationsArb } from './support/mutate';
import { settle, settleSync } from './support/outcome';

let s: Scratch;
/** pagemap bytes with the pages file it names. */
const pairs: { pagemap: Buffer; pages: Buffer }[] = [];

beforeAll(async () => {
  s = await scratch();
  for (const name of TAR_FIXTURES) {
    const tar = await loadTar(name, s.cacheDir);
    for (const [member, bytes] of tar.data) {
      if (!/pagemap-\d+\.img$/.test(member)) continue;
      const head = decodeImage(bytes, { pretty: false }).entries[0] as { pages_id: number };
      const pages = tar.data.get(`checkpoint/pages-${head.pages_id}.img`);
      if (pages) pairs.push({ pagemap: bytes, pages });
    }
  }
});
afterAll(async () => s.dispose());

function access(pages: Buffer, lie: number): RandomAccess {
  // `lie` makes the file claim a size it does not have (a file shrinking under us).
  return {
    size: Math.max(0, pages.length + lie),
    read: async (offset, length) => pages.subarray(offset, offset + length),
  };
}

const readsArb = fc.array(
  fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 2 ** 48 }), fc.integer({ min: 0, max: 70_000 })),
    fc.tuple(
      fc.constantFrom(0, 1, 4095, 4096, 0x400000, 0x7fff_ffff_f000, 2 ** 53 - 1, 2 ** 53 - 4096),
      fc.constantFrom(0, 1, 4096, 8193, 64 * 1024 * 1024, 64 * 1024 * 1024 + 1),
    ),
    fc.tuple(fc.double(), fc.double()),
  ),
  { minLength: 1, maxLength: 6 },
);

async function exercise(
  pagemap: DecodedImage,
  pages: RandomAccess,
  reads: [number, number][],
  near: boolean,
): Promise<void> {
  const made = settleSync('new MemoryReader', () => new MemoryReader(pagemap, pages));
  if (!('value' in made)) return;
  const reader = made.value;
  const ranges = reader.allRanges();
  for (const r of ranges) expect(r.end).toBeGreaterThan(r.start);
  for (const [a, l] of reads) {
    // Half the reads land near a real range, where the interesting edges are.
    const base =
      near && ranges.length > 0 ? ranges[Number.isFinite(a) ? Math.abs(Math.trunc(a)) % ranges.length : 0]!.start : 0;
    const address = near ? base + (Number.isFinite(a) ? Math.trunc(a) % 10_000 : a) - 5000 : a;
    const length = Number.isFinite(l) && l > 0 ? Math.min(l, 200_000) : l;
    const out = await settle('read', () => reader.read(address, length));
    if ('value' in out) {
      expect(out.value.data.length === length).toBe(true);
      expect(out.value.present.length, `read(${address}, ${length}) firstPage ${out.value.firstPage}`).toBe(
        length === 0 ? 0 : Math.ceil((address + length - out.value.firstPage) / 4096),
      );
    }
  }
}

describe('memory reader fuzz', () => {
  const mutated = caseCount(150, 0.5);
  it(
    `reads or fails typed on ${mutated} mutated real pagemaps`,
    async () => {
      expect(pairs.length).toBeGreaterThan(0);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            ...pairs.map((p, i) => fc.tuple(fc.constant(i), mutationsArb({ spots: criuSizeOffsets(p.pagemap) }, 3))),
          ),
          fc.integer({ min: -9000, max: 9000 }),
          readsArb,
          fc.boolean(),
          async ([i, mutations], lie, reads, near) => {
            const pair = pairs[i]!;
            const bytes = applyAll(pair.pagemap, mutations, { spots: criuSizeOffsets(pair.pagemap) });
            const decoded = settleSync('decode pagemap', () => decodeImage(bytes, { pretty: false }));
            if (!('value' in decoded)) return;
            await exercise(decoded.value, access(pair.pages, lie), reads, near);
          },
        ),
        fuzzParams(mutated),
      );
    },
    timeoutFor(mutated, 10),
  );

  const num = fc.oneof(
    fc.integer({ min: 0, max: 64 }),
    fc.constantFrom(0x400000, 0x7fff_ffff_f000, 2 ** 53 - 4096, 2 ** 52, -4096, 0.5, NaN, Infinity),
    fc.integer().map((n) => n * 4096),
    fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  );
  const entryArb = fc.record(
    {
      vaddr: num,
      nr_pages: num,
      compat_nr_pages: num,
      flags: fc.oneof(fc.constantFrom(PE_PRESENT, PE_PARENT, PE_LAZY, PE_PRESENT | PE_LAZY, 0, 0xffffffff), num),
      in_parent: fc.boolean(),
    },
    { requiredKeys: [] },
  );
  const synthetic = caseCount(150, 0.5);
  it(
    `reads or fails typed on ${synthetic} pagemaps of random entries`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.record({ pages_id: fc.oneof(fc.constant(1), num) }, { requiredKeys: [] }),
          fc.array(entryArb, { maxLength: 12 }),
          fc.integer({ min: 0, max: 80_000 }),
          readsArb,
          fc.boolean(),
          async (head, entries, pagesSize, reads, near) => {
            const pagemap: DecodedImage = {
              magic: 'PAGEMAP',
              kind: 'protobuf',
              entries: [head, ...entries],
              truncated: false,
            };
            await exercise(pagemap, access(Buffer.alloc(pagesSize, 0xab), 0), reads, near);
          },
        ),
        fuzzParams(synthetic),
      );
    },
    timeoutFor(synthetic, 10),
  );
});
