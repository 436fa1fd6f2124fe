import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, gzipSync } from 'node:zlib';
import type { HostileCase } from './case';
import { file, header, tar } from './tar-writer';
import { blockHeader, frameHeader, zstdRaw, zstdRle } from './zstd-writer';

const MiB = 1024 * 1024;
const write = async (dir: string, name: string, bytes: Buffer): Promise<string> => {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
};
const SMALL = tar(file('config.dump', '{}'), file('checkpoint/pages-1.img', Buffer.alloc(200_000, 3)));

const halfOf = (b: Buffer): Buffer => b.subarray(0, Math.floor(b.length / 2));

/** gzip of a tar header and `mib` MiB of zeros, streamed: the test never holds the expanded data. */
async function gzipBomb(path: string, mib: number): Promise<string> {
  const zeros = Buffer.alloc(MiB);
  const source = Readable.from(
    (function* () {
      yield header({ name: 'bomb', size: mib * MiB });
      for (let i = 0; i < mib; i++) yield zeros;
    })(),
  );
  await pipeline(source, createGzip({ level: 6 }), createWriteStream(path));
  return path;
}

export const compressedCases: HostileCase[] = [
  {
    name: 'gzip-bomb-ratio',
    level: 'archive',
    expect: 'error',
    code: 'LIMIT_EXCEEDED',
    limits: { maxRatio: 100, ratioGraceBytes: 16 * MiB },
    build: (dir) => gzipBomb(join(dir, 'bomb-ratio.tar.gz'), 128),
  },
  {
    name: 'gzip-bomb-size',
    level: 'archive',
    expect: 'error',
    code: 'LIMIT_EXCEEDED',
    limits: { maxDecompressedBytes: 32 * MiB },
    build: (dir) => gzipBomb(join(dir, 'bomb-size.tar.gz'), 128),
  },
  // 1 GiB in 32 KiB of RLE blocks: 32768:1, above the default ratio limit.
  {
    name: 'zstd-bomb',
    level: 'archive',
    expect: 'error',
    code: 'LIMIT_EXCEEDED',
    build: (dir) =>
      write(
        dir,
        'bomb.tar.zst',
        Buffer.concat([zstdRaw(header({ name: 'bomb', size: 1024 * MiB })), zstdRle(0, 1024 * MiB)]),
      ),
  },
  {
    name: 'zstd-window-1gib',
    level: 'archive',
    expect: 'error',
    code: 'LIMIT_EXCEEDED',
    build: (dir) =>
      write(dir, 'window.tar.zst', Buffer.concat([frameHeader(20), blockHeader(true, 0, 512), header({ name: 'x' })])),
  },
  {
    name: 'zstd-oversized-block',
    level: 'archive',
    expect: 'error',
    code: 'ARCHIVE_CORRUPT',
    build: (dir) =>
      write(dir, 'block.tar.zst', Buffer.concat([frameHeader(), blockHeader(true, 1, 1_000_000), Buffer.from([0])])),
  },
  {
    name: 'zstd-garbage',
    level: 'archive',
    expect: 'error',
    code: 'ARCHIVE_CORRUPT',
    build: (dir) =>
      write(dir, 'garbage.tar.zst', Buffer.concat([frameHeader(), blockHeader(true, 2, 300), Buffer.alloc(300, 0xff)])),
  },
  {
    name: 'gzip-truncated',
    level: 'archive',
    expect: 'partial',
    code: 'TRUNCATED',
    build: (dir) => write(dir, 'cut.tar.gz', halfOf(gzipSync(SMALL))),
  },
  {
    name: 'zstd-truncated',
    level: 'archive',
    expect: 'partial',
    code: 'TRUNCATED',
    build: (dir) => write(dir, 'cut.tar.zst', zstdRaw(SMALL).subarray(0, 150_000)),
  },
  {
    name: 'gzip-corrupt-method',
    level: 'archive',
    expect: 'error',
    code: 'ARCHIVE_CORRUPT',
    build: (dir) =>
      write(dir, 'method.tar.gz', Buffer.concat([Buffer.from([0x1f, 0x8b, 0x09]), gzipSync(SMALL).subarray(3)])),
  },
  {
    name: 'gzip-corrupt-data',
    level: 'archive',
    expect: 'error',
    code: 'ARCHIVE_CORRUPT',
    build: (dir) =>
      write(dir, 'data.tar.gz', Buffer.concat([gzipSync(SMALL).subarray(0, 10), Buffer.alloc(2000, 0xff)])),
  },
  {
    name: 'bzip2',
    level: 'archive',
    expect: 'error',
    code: 'ARCHIVE_UNSUPPORTED',
    build: (dir) => write(dir, 'x.tar.bz2', Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(100)])),
  },
  {
    name: 'xz',
    level: 'archive',
    expect: 'error',
    code: 'ARCHIVE_UNSUPPORTED',
    build: (dir) =>
      write(dir, 'x.tar.xz', Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]), Buffer.alloc(100)])),
  },
  {
    name: 'fifo-as-archive',
    level: 'archive',
    expect: 'error',
    code: 'ARCHIVE_UNSUPPORTED',
    build: async (dir) => {
      const path = join(dir, 'fifo.tar');
      execFileSync('mkfifo', [path]);
      return path;
    },
  },
];
