// Fuzz target: the tar indexer (electron/archive openArchive over a file) on
// mutated real checkpoints, random bytes and tars of random headers.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive, type ArchiveLimits } from '../../electron/archive';
import { entry, END, header, type HeaderSpec } from '../hostile/tar-writer';
import { caseCount, fuzzParams, timeoutFor } from './support/fuzz-config';
import { loadTar, scratch, tarHints, TAR_FIXTURES, type LoadedTar, type Scratch } from './support/fixtures';
import { applyAll, mutationsArb, type Hints } from './support/mutate';
import { settle, traceCase } from './support/outcome';

let s: Scratch;
const fixtures: { tar: LoadedTar; hints: Hints }[] = [];

beforeAll(async () => {
  s = await scratch();
  for (const name of TAR_FIXTURES) {
    const tar = await loadTar(name, s.cacheDir);
    fixtures.push({ tar, hints: tarHints(tar) });
  }
});
afterAll(async () => s.dispose());

const limitsArb: fc.Arbitrary<Partial<ArchiveLimits>> = fc.oneof(
  { arbitrary: fc.constant({}), weight: 4 },
  fc.record(
    {
      maxMembers: fc.integer({ min: 0, max: 50 }),
      maxHeaders: fc.integer({ min: 0, max: 100 }),
      maxExtensionHeaderBytes: fc.integer({ min: 0, max: 2048 }),
      maxNameBytes: fc.integer({ min: 0, max: 256 }),
      maxReadBytes: fc.integer({ min: 0, max: 4096 }),
    },
    { requiredKeys: [] },
  ),
);

let caseNo = 0;

/** Opens bytes as an archive, reads every member at its edges, closes; checks the index's promises. */
async function exercise(bytes: Buffer, limits: Partial<ArchiveLimits>): Promise<void> {
  const path = await s.write(`case-${caseNo++ % 4}.tar`, bytes);
  traceCase(`tar-index ${caseNo} ${path} limits=${JSON.stringify(limits)}`);
  const opened = await settle('openArchive', () => openArchive(path, { cacheDir: s.cacheDir, limits }));
  if (!('value' in opened)) return;
  const index = opened.value;
  try {
    for (const m of index.members.slice(0, 300)) {
      expect(m.name.startsWith('/') || m.name.endsWith('/') || m.name.startsWith('./')).toBe(false);
      expect(m.name.split('/').some((seg) => seg === '' || seg === '.')).toBe(false);
      expect(m.dataOffset + m.size).toBeLessThanOrEqual(bytes.length);
      expect(m.size).toBeGreaterThanOrEqual(0);
      const head = await settle(`read ${m.name}`, () => index.read(m, 0, 512));
      if ('value' in head) expect(head.value.length).toBe(Math.min(512, m.size));
      const past = await settle(`read past ${m.name}`, () => index.read(m, m.size + 7, 64));
      if ('value' in past) expect(past.value.length).toBe(0);
      await settle(`readAll ${m.name}`, () => index.readAll(m, 4096));
      expect(index.get(m.name)).toBeDefined();
    }
  } finally {
    await index.close();
  }
}

describe('tar indexer fuzz', () => {
  const mutated = caseCount(150, 0.6);
  it(
    `gives an index or a typed error for ${mutated} mutated real checkpoints`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(...fixtures.map((f, i) => fc.tuple(fc.constant(i), mutationsArb(f.hints), limitsArb))),
          async ([i, mutations, limits]) => {
            const f = fixtures[i]!;
            await exercise(applyAll(f.tar.bytes, mutations, f.hints), limits);
          },
        ),
        fuzzParams(mutated),
      );
    },
    timeoutFor(mutated, 20),
  );

  const random = caseCount(150, 0.2);
  it(
    `gives an index or a typed error for ${random} random byte strings`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 3000 }), fc.uint8Array({ minLength: 512, maxLength: 512 })),
          limitsArb,
          async (bytes, limits) => exercise(Buffer.from(bytes), limits),
        ),
        fuzzParams(random),
      );
    },
    timeoutFor(random, 10),
  );

  const headerArb: fc.Arbitrary<HeaderSpec & { data: Uint8Array }> = fc.record({
    name: fc.oneof(fc.constantFrom('a', 'dir/', '../up', '/abs', './x/./y', 'x//y', ''), fc.string({ maxLength: 120 })),
    type: fc.constantFrom('0', '1', '2', '3', '5', '6', '7', 'x', 'g', 'L', 'K', 'S', 'V', 'M', '\0', 'Z'),
    linkname: fc.oneof(fc.constant(''), fc.constantFrom('a', '../x', '/etc/passwd')),
    format: fc.constantFrom('ustar' as const, 'gnu' as const, 'v7' as const),
    checksumDelta: fc.oneof({ arbitrary: fc.constant(0), weight: 5 }, fc.integer({ min: -3, max: 3 })),
    data: fc.oneof(
      fc.uint8Array({ maxLength: 700 }),
      fc
        .array(
          fc.tuple(
            fc.constantFrom('path', 'linkpath', 'size', 'uid', 'mtime', 'GNU.sparse.size', 'x'),
            fc.string({ maxLength: 40 }),
          ),
          { maxLength: 4 },
        )
        .map(
          (recs) =>
            new Uint8Array(Buffer.from(recs.map(([k, v]) => `${k.length + v.length + 5} ${k}=${v}\n`).join(''))),
        ),
    ),
  });
  const built = caseCount(150, 0.2);
  it(
    `gives an index or a typed error for ${built} tars of random headers (pax, GNU long names, links)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(headerArb, { minLength: 1, maxLength: 8 }),
          fc.boolean(),
          limitsArb,
          async (specs, end, limits) => {
            const parts = specs.map(({ data, ...spec }) => {
              try {
                return entry(spec, Buffer.from(data));
              } catch {
                return header({ name: 'fallback' });
              }
            });
            await exercise(Buffer.concat([...parts, end ? END : Buffer.alloc(0)]), limits);
          },
        ),
        fuzzParams(built),
      );
    },
    timeoutFor(built, 10),
  );
});
