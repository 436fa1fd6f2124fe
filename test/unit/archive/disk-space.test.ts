// A cache folder on a 64 MiB tmpfs and a 200 MiB archive: DISK_FULL naming
// both sizes, and nothing left in the cache. Needs root (it mounts a tmpfs).
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { openArchive } from '../../../electron/archive/index';
import { file, tar } from '../../hostile/tar-writer';
import { zstdSparse } from '../../hostile/zstd-writer';

const MiB = 2 ** 20;
let dir = '';
let mnt = '';
let cacheDir = '';
let mounted = false;
const plain = tar(file('config.dump', '{}'), file('checkpoint/pages-1.img', Buffer.alloc(200 * MiB)));

beforeAll(async () => {
  if (process.getuid?.() !== 0) throw new Error('this test needs root: it mounts a 64 MiB tmpfs as the cache folder');
  dir = await mkdtemp(join(tmpdir(), 'ci-speed-disk-'));
  mnt = join(dir, 'mnt');
  await mkdir(mnt);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64m,mode=0700', 'tmpfs', mnt]);
  mounted = true;
  cacheDir = join(mnt, 'cache');
  await mkdir(cacheDir, { mode: 0o700 });
  await chmod(cacheDir, 0o700);
});

afterAll(async () => {
  if (mounted) execFileSync('umount', [mnt]);
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

async function failure(archive: Buffer, name: string): Promise<AppError> {
  const path = join(dir, name);
  await writeFile(path, archive);
  const error: unknown = await openArchive(path, { cacheDir }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const FREE = /has only (\d+) bytes|had (\d+) bytes/;

describe('the cache folder is too small for the decompressed archive', () => {
  it('zstd whose header names its size: refused before a byte is written', async () => {
    const error = await failure(zstdSparse(plain, true), 'sized.tar.zst');
    expect(error.code).toBe('DISK_FULL');
    expect(error.message).toContain(`decompresses to ${plain.length} bytes`);
    const free = Number(FREE.exec(error.message)?.[1]);
    expect(free).toBeGreaterThan(60 * MiB);
    expect(free).toBeLessThanOrEqual(64 * MiB);
    expect(error.details).toMatchObject({ needBytes: plain.length, cacheDir });
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('gzip: its ISIZE trailer is the hint', async () => {
    const error = await failure(gzipSync(plain, { level: 1 }), 'sized.tar.gz');
    expect(error.code).toBe('DISK_FULL');
    expect(error.message).toContain(`decompresses to ${plain.length} bytes`);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('zstd that does not say its size: stopped when the disk fills, with both sizes, the partial copy removed', async () => {
    const error = await failure(zstdSparse(plain, false), 'unsized.tar.zst');
    expect(error.code).toBe('DISK_FULL');
    const written = Number(/needs more than (\d+) bytes/.exec(error.message)?.[1]);
    expect(written).toBeGreaterThan(32 * MiB);
    expect(written).toBeLessThanOrEqual(64 * MiB);
    const free = Number(FREE.exec(error.message)?.[2]);
    expect(free).toBeGreaterThan(60 * MiB);
    expect(await readdir(cacheDir)).toEqual([]);
  });
});
