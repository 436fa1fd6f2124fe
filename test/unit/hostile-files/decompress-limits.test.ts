// Decompression limits hold while streaming, for zstd as for gzip: a bomb
// tuned under the old 1000:1 limit stops at the grace with LIMIT_EXCEEDED
// naming the limit, within the hostile budget, and leaves nothing in the cache.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../../electron/archive';
import { DEFAULT_LIMITS } from '../../../electron/archive/limits';
import { file, tar } from '../../hostile/tar-writer';
import { expectAppError, scratch, type Scratch } from '../archive/helpers';
import { HOSTILE_BUDGET, runCliProcess, terminalControls } from '../../support/run-cli-process';
import { gzipBomb, MiB, zeroHeavyZstd, ZSTD_BOMB_RATIO, zstdBomb999 } from './bombs';

const SAMPLE = resolve(__dirname, '../../../resources/sample/sample-checkpoint.tar');
let dir: string;
let s: Scratch;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'h-files-bomb-'));
  s = await scratch();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await s.dispose();
});

/** Runs the CLI with its cache in a folder of its own; gives the result and what the cache holds afterwards. */
async function cli(args: string[], tag: string) {
  const xdg = join(dir, `xdg-${tag}`);
  await mkdir(xdg, { mode: 0o700 });
  const r = await runCliProcess(args, { env: { XDG_CACHE_HOME: xdg } });
  const left = await readdir(join(xdg, 'checkpoint-inspector', 'cache')).catch(() => [] as string[]);
  return { ...r, err: r.stderr.toString(), left };
}

function expectInBudget(r: { timedOut: boolean; maxRssMiB: number; stdout: Buffer; stderr: Buffer }): void {
  expect(r.timedOut).toBe(false);
  expect(r.maxRssMiB).toBeLessThan(HOSTILE_BUDGET.rssMiB);
  expect(terminalControls(r.stdout)).toEqual([]);
  expect(terminalControls(r.stderr)).toEqual([]);
}

/** The bytes the error says were written before it stopped. */
const written = (err: string): number => Number(/: (\d+) bytes from \d+/.exec(err)?.[1] ?? Number.NaN);

describe('decompression bombs through the CLI', () => {
  it('a zstd stream of 4 GiB at 994:1 stops at the grace with maxRatio named, the cache left empty', async () => {
    expect(ZSTD_BOMB_RATIO).toBeGreaterThan(990);
    expect(ZSTD_BOMB_RATIO).toBeLessThan(1000);
    const path = join(dir, 'bomb-999.tar.zst');
    await writeFile(path, zstdBomb999(4096 * MiB));
    const r = await cli(['show', path], 'zstd');
    expectInBudget(r);
    expect(r.code).toBe(1);
    expect(r.err).toContain('LIMIT_EXCEEDED');
    expect(r.err).toContain(`${DEFAULT_LIMITS.maxRatio}:1 limit (maxRatio`);
    expect(r.err).toContain('partial copy removed');
    expect(written(r.err)).toBeLessThanOrEqual(DEFAULT_LIMITS.ratioGraceBytes + 2 * MiB);
    expect(r.left).toEqual([]);
  });

  it('a gzip stream of zeros (about 1030:1) stops the same way', async () => {
    const path = await gzipBomb(join(dir, 'bomb.tar.gz'), 512);
    const r = await cli(['show', path], 'gzip');
    expectInBudget(r);
    expect(r.code).toBe(1);
    expect(r.err).toContain('LIMIT_EXCEEDED');
    expect(r.err).toContain('(maxRatio');
    expect(written(r.err)).toBeLessThanOrEqual(DEFAULT_LIMITS.ratioGraceBytes + 2 * MiB);
    expect(r.left).toEqual([]);
  });

  it('a zstd bomb as the nested rootfs-diff.tar stops with the limit named, the cache left empty', async () => {
    const path = join(dir, 'nested-bomb.tar');
    await writeFile(path, tar(file('config.dump', '{}'), file('rootfs-diff.tar', zstdBomb999(1024 * MiB, 0x41))));
    const r = await cli(['rootfs', path], 'nested');
    expectInBudget(r);
    expect(r.code).toBe(1);
    expect(r.err).toContain('rootfs-diff.tar');
    expect(r.err).toContain('LIMIT_EXCEEDED');
    expect(r.err).toContain('(maxRatio');
    expect(r.left).toEqual([]);
  });

  it('a real checkpoint with 200 MiB of zero pages (about 500:1, under the grace) still opens', async () => {
    const path = await zeroHeavyZstd(join(dir, 'zero-heavy.tar.zst'), await readFile(SAMPLE), 200);
    const r = await cli(['show', path], 'zero-heavy');
    expectInBudget(r);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toContain('200.2 MiB');
    expect(r.left).toEqual([]);
  });
});

describe('decompression size limit (in process)', () => {
  it('names maxDecompressedBytes and leaves no cache file', async () => {
    const path = await zeroHeavyZstd(join(s.dir, 'zero-heavy.tar.zst'), await readFile(SAMPLE), 64);
    const e = await expectAppError(
      openArchive(path, { cacheDir: s.cacheDir, limits: { maxDecompressedBytes: 16 * MiB } }),
      'LIMIT_EXCEEDED',
    );
    expect(e.message).toContain('(maxDecompressedBytes)');
    expect(e.details).toMatchObject({ limit: 'maxDecompressedBytes', value: 16 * MiB });
    expect(await s.cacheFiles()).toEqual([]);
  });
});
