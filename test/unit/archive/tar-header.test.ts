import { describe, expect, it } from 'vitest';
import { parsePax } from '../../../electron/archive/pax';
import { normaliseName } from '../../../electron/archive/member-name';
import { sniffCompression } from '../../../electron/archive/sniff';
import { parseHeader, parseNumeric } from '../../../electron/archive/tar-header';
import { base256, header, octal, paxData } from '../../hostile/tar-writer';

const field = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc(512 - b.length)]);

describe('numeric fields', () => {
  it('reads octal with NUL or space padding', () => {
    expect(parseNumeric(field(octal(0o755, 8)), 0, 8)).toBe(0o755);
    expect(parseNumeric(field(Buffer.from('  1234 \0')), 0, 8)).toBe(0o1234);
    expect(parseNumeric(field(Buffer.alloc(12)), 0, 12)).toBe(0);
  });
  it('rejects non-octal digits', () => {
    expect(parseNumeric(field(Buffer.from('00000009\0')), 0, 8)).toBeNull();
    expect(parseNumeric(field(Buffer.from('12 34\0')), 0, 6)).toBeNull();
  });
  it('reads base-256, positive and negative, and refuses unsafe integers', () => {
    expect(parseNumeric(field(base256(8n * 1024n ** 3n, 12)), 0, 12)).toBe(8 * 1024 ** 3);
    expect(parseNumeric(field(base256(-5n, 12)), 0, 12)).toBe(-5);
    expect(parseNumeric(field(base256(2n ** 60n, 12)), 0, 12)).toBeNull();
  });
});

describe('parseHeader', () => {
  it('reads a ustar header with prefix', () => {
    const r = parseHeader(header({ name: 'file.txt', prefix: 'a/b', size: 10, mode: 0o100644, uid: 7, gid: 8 }));
    expect(r).toMatchObject({
      kind: 'header',
      header: { name: 'a/b/file.txt', size: 10, mode: 0o644, uid: 7, gid: 8, format: 'ustar' },
    });
  });
  it('ignores the prefix area of GNU headers (GNU keeps atime there)', () => {
    const r = parseHeader(header({ name: 'x', prefix: 'junk', format: 'gnu' }));
    expect(r).toMatchObject({ kind: 'header', header: { name: 'x', format: 'gnu' } });
  });
  it('accepts v7 headers, the signed checksum, and refuses others', () => {
    expect(parseHeader(header({ name: 'v7', format: 'v7' })).kind).toBe('header');
    expect(parseHeader(header({ name: 'bad', checksumDelta: 1 }))).toMatchObject({ kind: 'bad', code: 'BAD_CHECKSUM' });
    expect(parseHeader(header({ name: 'm', magicField: Buffer.from('xxxxx\0\0\0') }))).toMatchObject({
      kind: 'bad',
      code: 'BAD_HEADER',
    });
    const hi = header({ name: 'é'.repeat(20) });
    expect(parseHeader(hi).kind).toBe('header');
  });
  it('refuses a negative base-256 size', () => {
    expect(parseHeader(header({ name: 'n', sizeField: base256(-1n, 12) }))).toMatchObject({
      kind: 'bad',
      code: 'BAD_HEADER',
    });
  });
  it('sees a zero block as the end', () => {
    expect(parseHeader(Buffer.alloc(512)).kind).toBe('zero');
  });
});

describe('pax records', () => {
  it('reads path, linkpath, size, mtime, uid, gid and UTF-8', () => {
    const r = parsePax(
      paxData({
        path: 'ü/'.repeat(100) + 'x',
        linkpath: 'l',
        size: '123',
        mtime: '1700000000.5',
        uid: '1000',
        gid: '1001',
        comment: 'x',
      }),
    );
    expect(r).toEqual({
      ok: true,
      values: { path: 'ü/'.repeat(100) + 'x', linkpath: 'l', size: 123, mtime: 1700000000.5, uid: 1000, gid: 1001 },
    });
  });
  it('refuses lengths that run past the data, garbage lengths and bad numbers', () => {
    expect(parsePax(Buffer.from('99999999999 path=x\n')).ok).toBe(false);
    expect(parsePax(Buffer.from('x path=y\n')).ok).toBe(false);
    expect(parsePax(Buffer.from('3 a\n')).ok).toBe(false);
    expect(parsePax(paxData({ size: '-1' })).ok).toBe(false);
    expect(parsePax(paxData({ size: '99999999999999999' })).ok).toBe(false);
  });
  it('marks GNU sparse members', () => {
    expect(parsePax(paxData({ 'GNU.sparse.major': '1' }))).toEqual({ ok: true, values: { sparse: true } });
  });
});

describe('names and compression magic', () => {
  it('normalises names and flags unsafe ones', () => {
    expect(normaliseName('./a//b/./c/')).toEqual({ name: 'a/b/c', unsafe: null });
    expect(normaliseName('/etc/passwd')).toEqual({ name: 'etc/passwd', unsafe: 'absolute path' });
    expect(normaliseName('a/../../x').unsafe).toMatch(/\.\./);
    expect(normaliseName('a\0b')).toEqual({ name: 'a', unsafe: 'contains a NUL byte (cut there)' });
  });
  it('sniffs by magic bytes only', () => {
    expect(sniffCompression(Buffer.from([0x1f, 0x8b, 8, 0]), 'x')).toBe('gzip');
    expect(sniffCompression(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), 'x')).toBe('zstd');
    expect(sniffCompression(Buffer.from('ustar'), 'x')).toBe('none');
    expect(() => sniffCompression(Buffer.from('BZh91AY&'), 'x')).toThrow(/bzip2/);
    expect(() => sniffCompression(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]), 'x')).toThrow(/xz/);
  });
});
