import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Vma } from '../../../shared/dto';
import { hitsCsv } from '../../../shared/search-hits';
import { missingRuns, saveMemoryRange } from '../../../electron/inspect/memory-range-save';
import { searchMemory } from '../../../electron/inspect/search/search-memory';
import {
  filterRuns,
  filterVmas,
  intersectRuns,
  parseRange,
  parseVmaFilter,
  vmaTypes,
} from '../../../electron/inspect/vma-filter';
import { fakeSource, vma } from '../forensics/fake-memory';

const PAGE = 4096;
const row = (over: Partial<Vma>): Vma => ({ ...vma(0x1000, 0x2000), ...over });

/** The VMA kinds of one process as buildVmas names them. */
const MAPS: Vma[] = [
  row({ start: 0x400000, end: 0x401000, prot: 'r-xp', file: '/usr/bin/memhog' }),
  row({ start: 0x600000, end: 0x621000, prot: 'rw-p', file: '[heap]' }),
  row({ start: 0x7f0000000000, end: 0x7f0000100000, prot: 'rw-p', file: null, flags: 'MAP_PRIVATE | MAP_ANON' }),
  row({ start: 0x7f0000200000, end: 0x7f0000201000, prot: 'r--p', file: '/lib/x86_64-linux-gnu/libc.so.6' }),
  row({
    start: 0x7f0000300000,
    end: 0x7f0000301000,
    prot: 'rw-s',
    file: '/dev/zero (deleted)',
    flags: 'MAP_SHARED | MAP_ANON',
  }),
  row({ start: 0x7f0000400000, end: 0x7f0000401000, prot: 'rw-s', file: 'SYSV0000002a', flags: 'MAP_SHARED' }),
  row({ start: 0x7f0000500000, end: 0x7f0000501000, prot: 'rw-s', file: '/data/shared.db', flags: 'MAP_SHARED' }),
  row({ start: 0x7ffc00000000, end: 0x7ffc00021000, prot: 'rw-p', file: '[stack]' }),
  row({ start: 0x7ffc00100000, end: 0x7ffc00102000, prot: 'r-xp', file: '[vdso]' }),
  row({ start: 0x7ffc00102000, end: 0x7ffc00104000, prot: 'r--p', file: '[vvar]' }),
  row({ start: 0xffffffffff600000, end: 0xffffffffff601000, prot: '--xp', file: '[vsyscall]' }),
];
const starts = (vmas: readonly Vma[]) => vmas.map((v) => v.start.toString(16));
const pick = (words: string[]) => starts(filterVmas(MAPS, parseVmaFilter(words)));

describe('VMA classification', () => {
  it('names each kind as /proc/PID/maps would, shared ones also as shared', () => {
    expect(MAPS.map((v) => vmaTypes(v).join('+'))).toEqual([
      'file',
      'heap+anon',
      'anon',
      'file',
      'anon+shared',
      'shm+shared',
      'file+shared',
      'stack+anon',
      'vdso',
      'vvar',
      'vsyscall',
    ]);
  });
});

describe('VMA filters', () => {
  it('prot: letters must be there; the maps form says each of r, w, x', () => {
    expect(pick(['prot=x'])).toEqual(['400000', '7ffc00100000', 'ffffffffff600000']);
    expect(pick(['prot=r-x'])).toEqual(['400000', '7ffc00100000']);
    expect(pick(['prot=rw']).length).toBe(6);
    expect(pick(['prot=r--'])).toEqual(['7f0000200000', '7ffc00102000']);
  });

  it('type: any of the listed kinds', () => {
    expect(pick(['type=heap,stack'])).toEqual(['600000', '7ffc00000000']);
    expect(pick(['type=shared'])).toEqual(['7f0000300000', '7f0000400000', '7f0000500000']);
    expect(pick(['type=shm'])).toEqual(['7f0000400000']);
    expect(pick(['type=vdso,vvar,vsyscall'])).toEqual(['7ffc00100000', '7ffc00102000', 'ffffffffff600000']);
  });

  it('file: a substring, or a glob over the whole name', () => {
    expect(pick(['file=libc'])).toEqual(['7f0000200000']);
    expect(pick(['file=*.so.?'])).toEqual(['7f0000200000']);
    expect(pick(['file=/usr/*'])).toEqual(['400000']);
    expect(pick(['file=[hs][et]*'])).toEqual([]);
    expect(pick(['file=[[]heap]'])).toEqual(['600000']);
    // A glob is anchored: 'libc' alone as a glob would match nothing, as a substring it matches.
    expect(pick(['file=libc*'])).toEqual([]);
  });

  it('range: VMAs overlapping [A, B); the words combine (all must hold), one box holds several', () => {
    expect(pick(['range=0x600000-0x7f0000000001'])).toEqual(['600000', '7f0000000000']);
    expect(pick(['prot=rw type=anon', 'range=0-0x7f0000000001'])).toEqual(['600000', '7f0000000000']);
    expect(pick([])).toHaveLength(MAPS.length);
  });

  it('refuses what it cannot read, saying the syntax', () => {
    for (const bad of ['prot=q', 'type=heapish', 'size=1', 'range=5-1', 'range=x-y', 'prot', 'file=', 'prot=r prot=w'])
      expect(() => parseVmaFilter([bad]), bad).toThrow(/filter .*prot=rw/);
    expect(parseRange('0x10-32')).toEqual({ start: 16, end: 32 });
  });

  it('filterRuns clips to the range and merges; intersectRuns keeps only both', () => {
    const vmas = [vma(0x1000, 0x3000), vma(0x3000, 0x5000), vma(0x8000, 0x9000, '[stack]')];
    expect(filterRuns(vmas, parseVmaFilter(['range=0x2000-0x8800']))).toEqual([
      { start: 0x2000, end: 0x5000 },
      { start: 0x8000, end: 0x8800 },
    ]);
    expect(
      intersectRuns(
        [
          { start: 0, end: 0x2800 },
          { start: 0x4000, end: 0x9000 },
        ],
        [
          { start: 0x2000, end: 0x5000 },
          { start: 0x8000, end: 0x8800 },
        ],
      ),
    ).toEqual([
      { start: 0x2000, end: 0x2800 },
      { start: 0x4000, end: 0x5000 },
      { start: 0x8000, end: 0x8800 },
    ]);
  });
});

describe('filtered, several-pattern search', () => {
  const heap = Buffer.alloc(2 * PAGE, 0);
  heap.write('SECRET-ONE', 100);
  heap.write('PORT=4444', 300);
  const stack = Buffer.alloc(PAGE, 0);
  stack.write('SECRET-TWO', 10);
  const source = () =>
    fakeSource([
      {
        pid: 7,
        comm: 'memhog',
        runs: [
          { start: 0x10000, bytes: heap },
          { start: 0x20000, bytes: stack },
        ],
        vmas: [vma(0x10000, 0x10000 + 2 * PAGE, '[heap]'), vma(0x20000, 0x21000, '[stack]')],
      },
    ]);

  it('each hit names its pattern; a filter searches only the VMAs it admits', async () => {
    const all = await searchMemory(source(), {
      kind: 'text',
      query: 'SECRET-',
      also: [
        { kind: 'regex', query: 'PORT=[0-9]+' },
        { kind: 'hex', query: '54 57 4f' },
      ],
    });
    expect(all.matches.map((m) => [m.address.toString(16), m.pattern, m.length])).toEqual([
      ['10064', 0, 7],
      ['1012c', 1, 9],
      ['2000a', 0, 7],
      ['20011', 2, 3],
    ]);
    const onlyStack = await searchMemory(source(), { kind: 'text', query: 'SECRET-', filter: ['type=stack'] });
    expect(onlyStack.matches.map((m) => m.address)).toEqual([0x2000a]);
    expect(onlyStack.bytesSearched).toBe(PAGE);
    const clipped = await searchMemory(source(), { kind: 'text', query: 'SECRET-', filter: ['range=0x10000-0x10070'] });
    expect(clipped.matches.map((m) => m.address)).toEqual([0x10064]);
    expect(clipped.bytesSearched).toBe(0x70);
  });

  it('exports the hits as CSV with each pattern, the VMA and the match bytes; formulas stay text', async () => {
    const { matches } = await searchMemory(
      fakeSource([
        {
          pid: 3,
          comm: '=cmd|x',
          runs: [{ start: 0x1000, bytes: Buffer.from('..a,"b..') }],
          vmas: [vma(0x1000, 0x2000)],
        },
      ]),
      { kind: 'text', query: 'a,"b', context: 1 },
    );
    const csv = hitsCsv(matches, [{ kind: 'text', query: 'a,"b' }]).split('\n');
    expect(csv[0]).toMatch(/^pid,process,address,length,pattern,/);
    expect(csv[1]).toBe(
      `3,'=cmd|x,0x1002,4,0,text,"a,""b",ascii,0x1000,0x2000,rw-p,,612c2262,"a,""b",0x1001,2e612c22622e`,
    );
  });
});

describe('saving a range', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'h-regions-save-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const bytes = Buffer.from(Array.from({ length: 3 * PAGE }, (_, i) => (i * 7) & 0xff));
  const regions = () =>
    fakeSource([
      {
        pid: 9,
        comm: 'p',
        runs: [
          { start: 0x10000, bytes: bytes.subarray(0, 2 * PAGE) },
          { start: 0x13000, bytes: bytes.subarray(2 * PAGE) },
        ],
      },
    ]).regions(9);

  it('writes exactly the bytes of the range, streamed, with their sha256', async () => {
    const target = path.join(dir, 'range.bin');
    const saved = await saveMemoryRange(await regions(), { pid: 9, start: 0x10010, end: 0x12000 }, target, {
      replace: false,
    });
    const want = bytes.subarray(0x10, 2 * PAGE);
    expect(await readFile(target)).toEqual(want);
    expect(saved).toEqual({
      saved: true,
      start: 0x10010,
      end: 0x12000,
      bytes: want.length,
      sha256: createHash('sha256').update(want).digest('hex'),
    });
  });

  it('refuses a range with pages not in the checkpoint, names them and writes nothing', async () => {
    const target = path.join(dir, 'gap.bin');
    const r = await regions();
    expect(missingRuns(r, 0x11000, 0x14000)).toEqual([{ start: 0x12000, end: 0x13000 }]);
    const refused = saveMemoryRange(r, { pid: 9, start: 0x11000, end: 0x14000 }, target, { replace: false });
    await expect(refused).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(refused).rejects.toThrow(
      /4096 of the 12288 bytes .*not dumped: 0x12000-0x13000.*save: 0x11000-0x12000, 0x13000-0x14000/,
    );
    await expect(stat(target)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
