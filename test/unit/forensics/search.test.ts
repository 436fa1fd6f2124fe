import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, parseHex } from '../../../electron/inspect/search/pattern';
import { chunksOf } from '../../../electron/inspect/search/scan';
import { searchMemory } from '../../../electron/inspect/search/search-memory';
import { fakeSource, vma } from './fake-memory';

const PAGE = 4096;

function naive(hay: Buffer, needle: Buffer): number[] {
  const out: number[] = [];
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) out.push(i);
  return out;
}

describe('pattern', () => {
  it('parses hex with spaces, colons and 0x', () => {
    expect(parseHex('de ad be ef')).toEqual(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    expect(parseHex('0xDE:0xAD')).toEqual(Buffer.from([0xde, 0xad]));
    expect(() => parseHex('abc')).toThrow(/not hex/);
    expect(() => parseHex('zz')).toThrow(/not hex/);
  });

  it('rejects empty and invalid regexes with INVALID_ARGUMENT', () => {
    expect(() => compilePattern({ kind: 'text', query: '' })).toThrow(/empty/);
    expect(() => compilePattern({ kind: 'regex', query: '(' })).toThrow(/not a regular expression/);
  });

  it('finds text case-insensitively and as UTF-16LE', () => {
    const hay = Buffer.concat([Buffer.from('xx SeCrEt yy'), Buffer.from('secret', 'utf16le'), Buffer.from('SECRET')]);
    const found: [number, string][] = [];
    compilePattern({ kind: 'text', query: 'secret', ignoreCase: true, utf16: true }).find(hay, hay.length, (m) => {
      found.push([m.index, m.encoding]);
      return true;
    });
    expect(found).toEqual([
      [3, 'ascii'],
      [12, 'utf16le'],
      [24, 'ascii'],
    ]);
  });
});

describe('literal search stays linear and exact', () => {
  const all = (spec: Parameters<typeof compilePattern>[0], hay: Buffer, stopAfter = Infinity) => {
    const found: [number, string][] = [];
    compilePattern(spec).find(hay, hay.length, (m) => found.push([m.index, m.encoding]) < stopAfter);
    return found;
  };

  it('finds overlapping caseless hits, and stops when told to without collecting the rest', () => {
    const hay = Buffer.from('aAaAa');
    expect(all({ kind: 'text', query: 'AA', ignoreCase: true }, hay).map(([i]) => i)).toEqual([0, 1, 2, 3]);
    expect(all({ kind: 'text', query: 'aa', ignoreCase: true }, Buffer.alloc(1 << 20, 'a'), 3)).toHaveLength(3);
  });

  it('folds only ASCII letters: other bytes, and UTF-16 of non-Latin-1 text, match exactly', () => {
    expect(all({ kind: 'text', query: 'é', ignoreCase: true }, Buffer.from('É é', 'utf8'))).toEqual([[3, 'ascii']]);
    // U+0441 is 41 04 in UTF-16LE: its low byte is 'A' and must not fold to 'a' (U+0461 is 61 04).
    const wide = Buffer.from('\u0461\u0441', 'utf16le');
    expect(all({ kind: 'text', query: '\u0441', ignoreCase: true, utf16: true }, wide)).toEqual([[2, 'utf16le']]);
  });

  it('a caseless needle that nearly matches at every byte of 4 MiB: searched in one folded pass, ends with no hit', () => {
    const hay = Buffer.alloc(4 << 20, 'a');
    expect(all({ kind: 'text', query: `${'A'.repeat(2047)}B`, ignoreCase: true }, hay)).toEqual([]);
  });
});

describe('chunksOf', () => {
  it('overlaps consecutive chunks and owns every byte once', () => {
    const chunks = [...chunksOf([{ start: 0, end: 100 }], 40, 9)];
    expect(chunks.map((c) => [c.address, c.length, c.ownedLength])).toEqual([
      [0, 40, 31],
      [31, 40, 31],
      [62, 38, 38],
    ]);
    expect(chunks.reduce((s, c) => s + c.ownedLength, 0)).toBe(100);
  });
});

describe('searchMemory', () => {
  it('finds a string across a page boundary, a chunk boundary and two contiguous runs', async () => {
    const a = Buffer.alloc(3 * PAGE, 0x41);
    const b = Buffer.alloc(2 * PAGE, 0x42);
    const text = 'CKPT-MARKER-STRADDLE';
    a.write(text, PAGE - 5, 'latin1'); // page boundary
    a.write(text.slice(0, 7), 3 * PAGE - 7, 'latin1'); // crosses into run b
    b.write(text.slice(7), 0, 'latin1');
    b.write(text, PAGE + 100, 'latin1');
    const source = fakeSource([
      {
        pid: 7,
        comm: 'hog',
        runs: [
          { start: 0x10000, bytes: a },
          { start: 0x10000 + 3 * PAGE, bytes: b },
        ],
        vmas: [vma(0x10000, 0x10000 + 5 * PAGE, '/bin/hog')],
      },
    ]);
    // Chunks of 4096 - every match crosses or touches a chunk edge somewhere.
    const streamed: number[] = [];
    const result = await searchMemory(source, {
      kind: 'text',
      query: text,
      chunkSize: PAGE,
      context: 4,
      onMatches: (ms) => streamed.push(...ms.map((m) => m.address)),
    });
    const expected = [0x10000 + PAGE - 5, 0x10000 + 3 * PAGE - 7, 0x10000 + 4 * PAGE + 100];
    expect(result.matches.map((m) => m.address)).toEqual(expected);
    expect(streamed).toEqual(expected);
    const m = result.matches[0]!;
    expect(m.vma).toEqual({ start: 0x10000, end: 0x10000 + 5 * PAGE, prot: 'rw-p', file: '/bin/hog' });
    expect(Buffer.from(m.context, 'hex').toString('latin1')).toBe(`AAAA${text}AAAA`);
    expect(m.contextAddress).toBe(m.address - 4);
    expect(result.bytesSearched).toBe(5 * PAGE);
  });

  it('does not join runs that are not virtually contiguous', async () => {
    const source = fakeSource([
      {
        pid: 1,
        comm: 'x',
        runs: [
          { start: 0, bytes: Buffer.from('....AB') },
          { start: 0x2000, bytes: Buffer.from('CD....') },
        ],
      },
    ]);
    expect((await searchMemory(source, { kind: 'text', query: 'ABCD' })).matchCount).toBe(0);
    expect((await searchMemory(source, { kind: 'hex', query: '41 42' })).matches[0]?.address).toBe(4);
  });

  it('stops at maxMatches and says so; honours pid and skips zombies', async () => {
    const bytes = Buffer.from('ab'.repeat(100));
    const source = fakeSource([
      { pid: 1, comm: 'one', runs: [{ start: 0, bytes }] },
      { pid: 2, comm: 'two', runs: [{ start: 0, bytes }] },
      { pid: 3, comm: 'z', runs: [{ start: 0, bytes }], state: 'zombie' },
    ]);
    const capped = await searchMemory(source, { kind: 'text', query: 'ab', maxMatches: 10 });
    expect(capped.matchCount).toBe(10);
    expect(capped.truncated).toBe(true);
    const one = await searchMemory(source, { kind: 'text', query: 'ab', pid: 2 });
    expect(one.matchCount).toBe(100);
    expect(new Set(one.matches.map((m) => m.comm))).toEqual(new Set(['two']));
    expect((await searchMemory(source, { kind: 'text', query: 'ab' })).processCount).toBe(2);
    await expect(searchMemory(source, { kind: 'text', query: 'ab', pid: 3 })).rejects.toThrow(/no live process/);
  });

  it('regex matches up to the bound are found across chunks', async () => {
    const bytes = Buffer.alloc(10_000, 0);
    bytes.write('token=abcdef0123456789', 4090, 'latin1');
    const source = fakeSource([{ pid: 1, comm: 'x', runs: [{ start: 0, bytes }] }]);
    const r = await searchMemory(source, {
      kind: 'regex',
      query: 'token=[0-9a-f]{8,}',
      chunkSize: 4096,
      maxMatchLength: 64,
    });
    expect(r.matches.map((m) => [m.address, m.length])).toEqual([[4090, 22]]);
  });

  it('cancels with CANCELLED', async () => {
    const source = fakeSource([{ pid: 1, comm: 'x', runs: [{ start: 0, bytes: Buffer.alloc(1 << 20) }] }]);
    const controller = new AbortController();
    controller.abort();
    await expect(
      searchMemory(source, { kind: 'text', query: 'q', chunkSize: 4096, signal: controller.signal }),
    ).rejects.toThrow(/cancel/i);
  });

  it('agrees with a naive search for any chunk size (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 3000 }).map((a) => Buffer.from(a.map((x) => 0x61 + (x % 3)))),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 6 }),
        fc.integer({ min: 7, max: 700 }),
        async (hay, needle, chunkSize) => {
          const source = fakeSource([{ pid: 1, comm: 'x', runs: [{ start: 0x1000, bytes: hay }] }]);
          const r = await searchMemory(source, {
            kind: 'text',
            query: needle,
            chunkSize,
            maxMatches: 100_000,
            context: 0,
          });
          expect(r.matches.map((m) => m.address - 0x1000)).toEqual(naive(hay, Buffer.from(needle)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads in bounded chunks', async () => {
    const source = fakeSource([{ pid: 1, comm: 'x', runs: [{ start: 0, bytes: Buffer.alloc(1 << 20) }] }]);
    await searchMemory(source, { kind: 'text', query: 'needle', chunkSize: 64 * 1024 });
    expect(Math.max(...source.reads)).toBeLessThanOrEqual(64 * 1024);
  });
});

describe('memoryStrings', () => {
  it('lists printable runs per range, paged without splitting strings', async () => {
    const { memoryStrings } = await import('../../../electron/inspect/search/strings');
    const bytes = Buffer.alloc(3 * 1024 * 1024, 0);
    bytes.write('hello world', 10, 'latin1');
    bytes.write('ab', 100, 'latin1'); // too short
    bytes.write('x'.repeat(40), 1024 * 1024 - 20, 'latin1'); // across a read boundary
    bytes.write('last one', 3 * 1024 * 1024 - 8, 'latin1');
    const source = fakeSource([{ pid: 5, comm: 'p', runs: [{ start: 0x4000, bytes }] }]);
    const all = await memoryStrings(source, { pid: 5, from: 0, minLength: 4, limit: 100 });
    expect(all.strings).toEqual([
      { address: 0x4000 + 10, text: 'hello world' },
      { address: 0x4000 + 1024 * 1024 - 20, text: 'x'.repeat(40) },
      { address: 0x4000 + 3 * 1024 * 1024 - 8, text: 'last one' },
    ]);
    expect(all.next).toBeNull();
    const first = await memoryStrings(source, { pid: 5, from: 0, minLength: 4, limit: 1 });
    expect(first.strings.map((s) => s.text)).toEqual(['hello world']);
    const second = await memoryStrings(source, { pid: 5, from: first.next!, minLength: 4, limit: 1 });
    expect(second.strings.map((s) => s.text)).toEqual(['x'.repeat(40)]);
    const bounded = await memoryStrings(source, { pid: 5, from: 0x4000, to: 0x4000 + 50, minLength: 4, limit: 10 });
    expect(bounded.strings.map((s) => s.text)).toEqual(['hello world']);
  });
});

describe('memory search when the VMAs of a process cannot be read', () => {
  it('still searches every byte (complete), finds the hit, and says its hits carry no VMA', async () => {
    const source = fakeSource([{ pid: 3, comm: 'app', runs: [{ start: 0x1000, bytes: Buffer.from('..needle..') }] }]);
    source.vmas = () => Promise.reject(Object.assign(new Error('mm-3.img is corrupt'), { code: 'IMAGE_CORRUPT' }));
    const r = await searchMemory(source, { kind: 'text', query: 'needle' });
    expect(r.matchCount).toBe(1);
    expect(r.complete).toBe(true);
    expect(r.problems).toEqual([
      expect.objectContaining({ pid: 3, where: 'checkpoint/mm-3.img', message: expect.stringContaining('no VMA') }),
    ]);
  });
});
