// Decompression bombs tuned just under the old 1000:1 ratio limit, built
// from raw and RLE blocks (no zstd encoder needed) and streamed gzip.
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { END, header, padding } from '../../hostile/tar-writer';
import { BLOCK_MAX, blockHeader, frameHeader, zstdRaw, zstdRle } from '../../hostile/zstd-writer';

export const MiB = 1024 * 1024;
const FILLER = 125;

/**
 * A tar of one `total`-byte member as zstd at about 994:1: each 128 KiB RLE
 * block (4 bytes in) is followed by a raw block of 125 bytes, which holds the
 * whole stream's ratio there from the first block on.
 */
export function zstdBomb999(total: number, byte = 0): Buffer {
  const units = Math.floor(total / (BLOCK_MAX + FILLER));
  const parts: Buffer[] = [zstdRaw(header({ name: 'checkpoint/pages-1.img', size: units * (BLOCK_MAX + FILLER) }))];
  parts.push(frameHeader(7));
  const filler = Buffer.alloc(FILLER, byte);
  for (let i = 0; i < units; i++) {
    parts.push(blockHeader(false, 1, BLOCK_MAX), Buffer.from([byte]));
    parts.push(blockHeader(i === units - 1, 0, FILLER), filler);
  }
  parts.push(zstdRaw(Buffer.concat([padding(units * (BLOCK_MAX + FILLER)), END])));
  return Buffer.concat(parts);
}

/** The ratio the bomb keeps (decompressed / compressed). */
export const ZSTD_BOMB_RATIO = (BLOCK_MAX + FILLER) / (4 + 3 + FILLER);

/** gzip of a tar header and `mib` MiB of zeros (about 1030:1), streamed to `path`. */
export async function gzipBomb(path: string, mib: number): Promise<string> {
  const zeros = Buffer.alloc(MiB);
  const source = Readable.from(
    (function* () {
      yield header({ name: 'checkpoint/pages-1.img', size: mib * MiB });
      for (let i = 0; i < mib; i++) yield zeros;
      yield END;
    })(),
  );
  await pipeline(source, createGzip({ level: 6 }), createWriteStream(path));
  return path;
}

/**
 * A real checkpoint with `mib` MiB of zero pages in front, as zstd frames:
 * the kind of archive a Podman export of a process with a large zeroed heap is.
 */
export async function zeroHeavyZstd(path: string, sampleTar: Buffer, mib: number): Promise<string> {
  await writeFile(
    path,
    Buffer.concat([
      zstdRaw(header({ name: 'checkpoint/pages-99.img', size: mib * MiB })),
      zstdRle(0, mib * MiB),
      zstdRaw(sampleTar),
    ]),
  );
  return path;
}
