import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decompressToFile } from '../../../electron/archive/decompress';
import { openArchive, type ArchiveIndex, type OpenProgress } from '../../../electron/archive/index';
import { DEFAULT_LIMITS } from '../../../electron/archive/limits';
import { zstdEngine } from '../../../electron/archive/zstd-decoder';
import { Readable } from 'node:stream';
import { file, tar } from '../../hostile/tar-writer';
import { frameHeader, zstdRaw } from '../../hostile/zstd-writer';
import { expectAppError, scratch, type Scratch } from './helpers';

let s: Scratch;
beforeEach(async () => {
  s = await scratch();
});
afterEach(async () => {
  await s.dispose();
});

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const payload = Buffer.from([...Array(300_000).keys()].map((i) => (i * 7) % 256));
const plain = tar(file('config.dump', '{"a":1}'), file('checkpoint/pages-1.img', payload));

async function check(index: ArchiveIndex, compression: string): Promise<void> {
  expect(index.compression).toBe(compression);
  expect(index.problems).toEqual([]);
  expect(index.indexedPath.startsWith(s.cacheDir)).toBe(true);
  expect(statSync(index.indexedPath).mode & 0o777).toBe(0o600);
  expect((await index.readAll(index.get('checkpoint/pages-1.img')!, 1e6)).equals(payload)).toBe(true);
}

describe('compressed archives', () => {
  it('gzip: decompressed once into the cache, indexed, removed on close', async () => {
    const path = await s.write('x.tar', gzipSync(plain));
    const progress: OpenProgress[] = [];
    const index = await openArchive(path, { cacheDir: s.cacheDir, onProgress: (p) => progress.push(p) });
    await check(index, 'gzip');
    expect(index.archiveSize).toBe(statSync(path).size);
    expect(progress.some((p) => p.phase === 'decompress' && p.bytesDone === index.archiveSize)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'index', bytesDone: plain.length });
    expect(await s.cacheFiles()).toHaveLength(1);
    await index.close();
    expect(await s.cacheFiles()).toEqual([]);
  });

  it('zstd: the committed fixture made by the zstd CLI (real compressed blocks, checksum)', async () => {
    const index = await openArchive(join(__dirname, 'data', 'checkpoint-small.tar.zst'), { cacheDir: s.cacheDir });
    expect(index.compression).toBe('zstd');
    expect(index.problems).toEqual([]);
    expect(index.members.map((m) => m.name)).toEqual([
      'config.dump',
      'checkpoint',
      'checkpoint/inventory.img',
      'checkpoint/pages-1.img',
    ]);
    expect(sha(await index.readAll(index.get('checkpoint/pages-1.img')!, 1e6))).toBe(
      'f01f387cef3539ea855bdd629dc29acc63df5dec84ea8ab00fc1cdf3f9d02a5a',
    );
    expect(sha(await index.readAll(index.get('config.dump')!, 1e6))).toBe(
      '177266c3c987e1a21aef9dd8f502fd040410f9d5005ecee749b321a86b1057d9',
    );
    await index.close();
  });

  for (const engine of ['fzstd', 'zstd-napi'] as const) {
    it(`zstd: several frames of raw blocks, decoded with ${engine} whatever the runtime has`, async () => {
      const bytes = Buffer.concat([zstdRaw(plain.subarray(0, 100_000)), zstdRaw(plain.subarray(100_000))]);
      const out = join(s.cacheDir, `forced-${engine}.tar`);
      const result = await decompressToFile(Readable.from([bytes]), 'zstd', out, {
        limits: DEFAULT_LIMITS,
        where: 'x',
        inputSize: bytes.length,
        zstdEngine: engine,
      });
      expect(result).toEqual({ bytesOut: plain.length, truncated: false });
      expect(readFileSync(out).equals(plain)).toBe(true);
      // Cut inside the second frame: the decoded part is kept, and the cut is said.
      const cut = join(s.cacheDir, `cut-${engine}.tar`);
      const short = await decompressToFile(Readable.from([bytes.subarray(0, bytes.length - 1000)]), 'zstd', cut, {
        limits: DEFAULT_LIMITS,
        where: 'x',
        inputSize: bytes.length - 1000,
        zstdEngine: engine,
      }).catch((error: unknown) => error);
      expect(JSON.stringify(short)).toMatch(/truncated|inside a frame|ends/);
    });
  }

  it('zstd-napi is what Node 20 decodes with here (the CI installs its build tools)', () => {
    const { engine, missing } = zstdEngine();
    expect(engine === 'node:zlib' || engine === 'zstd-napi', missing.join('; ')).toBe(true);
  });

  it('zstd: the default engine opens a multi-frame archive', async () => {
    const bytes = Buffer.concat([zstdRaw(plain.subarray(0, 100_000)), zstdRaw(plain.subarray(100_000))]);
    const index = await openArchive(await s.write('multi.tar.zst', bytes), { cacheDir: s.cacheDir });
    await check(index, 'zstd');
    await index.close();
  });

  it('sniffs content, not the name: gzip named .zst and plain named .gz', async () => {
    const a = await openArchive(await s.write('a.tar.zst', gzipSync(plain)), { cacheDir: s.cacheDir });
    const b = await openArchive(await s.write('b.tar.gz', plain), { cacheDir: s.cacheDir });
    expect([a.compression, b.compression]).toEqual(['gzip', 'none']);
    await Promise.all([a.close(), b.close()]);
  });

  it('stops at maxDecompressedBytes and leaves no cache file', async () => {
    const path = await s.write('x.tar.gz', gzipSync(plain));
    await expectAppError(
      openArchive(path, { cacheDir: s.cacheDir, limits: { maxDecompressedBytes: 100_000 } }),
      'LIMIT_EXCEEDED',
    );
    expect(await s.cacheFiles()).toEqual([]);
  });

  it('is cancellable with an AbortSignal', async () => {
    const path = await s.write('x.tar.gz', gzipSync(tar(file('big', randomBytes(12e6))), { level: 1 }));
    const controller = new AbortController();
    const pending = openArchive(path, {
      cacheDir: s.cacheDir,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expectAppError(pending, 'CANCELLED');
    expect(controller.signal.aborted).toBe(true);
    expect(await s.cacheFiles()).toEqual([]);
    await expectAppError(openArchive(path, { cacheDir: s.cacheDir, signal: AbortSignal.abort() }), 'CANCELLED');
  });

  it('refuses a zstd window above the limit before allocating it', async () => {
    // Window exponent 20: 1 GiB, which fzstd would allocate up front.
    const bytes = Buffer.concat([frameHeader(20), zstdRaw(plain).subarray(6)]);
    await expectAppError(openArchive(await s.write('w.zst', bytes), { cacheDir: s.cacheDir }), 'LIMIT_EXCEEDED');
  });

  it('refuses a cache folder that is open to others', async () => {
    const { chmod } = await import('node:fs/promises');
    await chmod(s.cacheDir, 0o755);
    await expectAppError(openArchive(await s.write('x.gz', gzipSync(plain)), { cacheDir: s.cacheDir }), 'FORBIDDEN');
  });
});
