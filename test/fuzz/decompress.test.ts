// Fuzz target: the decompression layer (gzip and zstd into the private cache)
// through openArchive, on mutated real compressed checkpoints and on random
// streams behind a valid magic. The cache folder must be empty after close
// and after every failure.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type ArchiveLimits } from '../../electron/archive';
import { caseCount, fuzzParams, timeoutFor } from './support/fuzz-config';
import { COMPRESSED_FIXTURES, FIXTURES, scratch, type Scratch } from './support/fixtures';
import { applyAll, mutationsArb, type Hints } from './support/mutate';
import { settle, traceCase } from './support/outcome';

let s: Scratch;
const fixtures: { name: string; bytes: Buffer; hints: Hints }[] = [];

beforeAll(async () => {
  s = await scratch();
  for (const name of COMPRESSED_FIXTURES) {
    const bytes = await readFile(join(FIXTURES, name));
    // Frame headers, the first blocks and the gzip trailer (CRC32, ISIZE).
    const spots = [0, 4, 8, 10, 12, 16, 24, 32, 64, bytes.length - 8, bytes.length - 4, bytes.length - 1];
    fixtures.push({ name, bytes, hints: { spots } });
  }
});
afterAll(async () => s.dispose());

const limitsArb: fc.Arbitrary<Partial<ArchiveLimits>> = fc.oneof(
  { arbitrary: fc.constant({}), weight: 3 },
  fc.record(
    {
      maxDecompressedBytes: fc.integer({ min: 0, max: 400_000 }),
      maxRatio: fc.integer({ min: 0, max: 20 }),
      ratioGraceBytes: fc.integer({ min: 0, max: 100_000 }),
      maxZstdWindowBytes: fc.integer({ min: 0, max: 1 << 20 }),
      maxArchiveBytes: fc.integer({ min: 0, max: 400_000 }),
    },
    { requiredKeys: [] },
  ),
);

let caseNo = 0;
async function exercise(bytes: Buffer, limits: Partial<ArchiveLimits>): Promise<void> {
  const path = await s.write(`case-${caseNo++ % 4}`, bytes);
  traceCase(`decompress ${caseNo} ${path} limits=${JSON.stringify(limits)}`);
  const opened = await settle('openArchive', () => openArchive(path, { cacheDir: s.cacheDir, limits }), 20_000);
  if ('value' in opened) {
    const index = opened.value;
    try {
      for (const m of index.members.slice(0, 100)) {
        expect(m.dataOffset + m.size).toBeLessThanOrEqual(index.compression === 'none' ? bytes.length : Infinity);
        await settle(`read ${m.name}`, () => index.read(m, 0, 1024));
      }
    } finally {
      await index.close();
    }
  }
  expect(await readdir(s.cacheDir)).toEqual([]);
}

describe('decompression fuzz', () => {
  const mutated = caseCount(120, 0.7);
  it(
    `decompresses or fails typed for ${mutated} mutated gzip/zstd checkpoints, leaving no cache file`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(...fixtures.map((f, i) => fc.tuple(fc.constant(i), mutationsArb(f.hints, 3), limitsArb))),
          async ([i, mutations, limits]) => {
            const f = fixtures[i]!;
            await exercise(applyAll(f.bytes, mutations, f.hints), limits);
          },
        ),
        fuzzParams(mutated),
      );
    },
    timeoutFor(mutated, 40),
  );

  const random = caseCount(120, 0.3);
  it(
    `fails typed for ${random} random streams behind a gzip or zstd magic`,
    async () => {
      const magics = [Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from([0x28, 0xb5, 0x2f, 0xfd])];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(0, 1),
          fc.uint8Array({ minLength: 0, maxLength: 2000 }),
          limitsArb,
          async (kind, tail, limits) => exercise(Buffer.concat([magics[kind]!, tail]), limits),
        ),
        fuzzParams(random),
      );
    },
    timeoutFor(random, 10),
  );
});
