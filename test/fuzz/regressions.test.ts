// What the fuzzers found, fixed, kept as fixed cases; plus a check that the
// harness itself calls a TypeError a crash.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../electron/archive';
import { decodeImage, MemoryReader } from '../../electron/criu';
import { AppError } from '../../shared/errors';
import { FIXTURES, scratch, type Scratch } from './support/fixtures';
import { assertTyped, Crash, settle } from './support/outcome';

const REGRESSIONS = join(__dirname, 'regressions');
let s: Scratch;
beforeAll(async () => {
  s = await scratch();
});
afterAll(async () => s.dispose());

describe('fuzz harness', () => {
  it('counts a TypeError, a RangeError and an INTERNAL AppError as crashes, a typed AppError not', async () => {
    expect(() => assertTyped(new TypeError('x'), 'case')).toThrow(Crash);
    expect(() => assertTyped(new RangeError('x'), 'case')).toThrow(Crash);
    expect(() => assertTyped(new AppError('INTERNAL', 'x'), 'case')).toThrow(Crash);
    expect(assertTyped(new AppError('ARCHIVE_CORRUPT', 'x'), 'case').code).toBe('ARCHIVE_CORRUPT');
    await expect(settle('hang', () => new Promise(() => undefined), 50)).rejects.toThrow('hang?');
  });
});

describe('fixed findings', () => {
  // tar-index fuzz, limits { maxReadBytes: 0 }: readAll() stepped by 0 bytes forever (heap exhausted).
  it('refuses maxReadBytes 0 up front instead of looping in readAll', async () => {
    const path = join(FIXTURES, 'podman-web-none.tar');
    await expect(openArchive(path, { cacheDir: s.cacheDir, limits: { maxReadBytes: 0 } })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(openArchive(path, { cacheDir: s.cacheDir, limits: { maxReadBytes: 0.5 } })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    const index = await openArchive(path, { cacheDir: s.cacheDir, limits: { maxReadBytes: 1000 } });
    try {
      const member = index.get('config.dump')!;
      expect((await index.readAll(member, 1 << 20)).length).toBe(member.size);
    } finally {
      await index.close();
    }
  });

  // memory-reader fuzz: a zero-length read inside a present range reported that page present.
  it('a zero-length memory read reports no page (regressions/pagemap-one-page.img)', async () => {
    const pagemap = decodeImage(await readFile(join(REGRESSIONS, 'pagemap-one-page.img')), { pretty: false });
    const pages = Buffer.alloc(4096, 0x5a);
    const reader = new MemoryReader(pagemap, { size: pages.length, read: async (o, l) => pages.subarray(o, o + l) });
    expect(reader.ranges()).toEqual([{ start: 0x1000, end: 0x2000, flags: 4, pagesOffset: 0, inFile: true }]);
    expect(await reader.read(0x1800, 0)).toMatchObject({ data: Buffer.alloc(0), present: [] });
    expect((await reader.read(0x1800, 16)).present).toEqual([true]);
  });
});
