import { statfs } from 'node:fs/promises';
import { AppError } from '../../shared/errors';
import { frameContentSize } from './zstd-frame-guard';

const FOUR_GIB = 2 ** 32;

/**
 * The least the stream decompresses to, from its own headers: a zstd
 * frame's content size (first frame), or gzip's ISIZE (the last member's
 * size mod 2^32, so raised by 4 GiB steps until it is not below 99% of the
 * compressed size: deflate never shrinks data by storing it). Null when
 * the stream does not say. A hint of a hostile archive may lie low (it is
 * only a lower bound: the disk is watched as it fills too) or high (it
 * refuses an archive that the disk would have held; the error says why).
 */
export function decompressedSizeHint(
  kind: 'gzip' | 'zstd',
  head: Uint8Array,
  tail: Uint8Array,
  compressedSize: number,
): number | null {
  if (kind === 'zstd') return frameContentSize(head);
  if (tail.length < 4) return null;
  let isize = Buffer.from(tail.buffer, tail.byteOffset, tail.length).readUInt32LE(tail.length - 4);
  while (isize < compressedSize * 0.99) isize += FOUR_GIB;
  return isize;
}

/** Bytes an unprivileged writer may still use in dir's file system. */
export async function freeBytes(dir: string): Promise<number> {
  const s = await statfs(dir);
  return s.bavail * s.bsize;
}

const mib = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MiB`;

/** DISK_FULL before the first byte is written when the header's size does not fit. */
export async function assertRoomFor(dir: string, needBytes: number | null, where: string): Promise<number> {
  const free = await freeBytes(dir);
  if (needBytes !== null && needBytes > free) {
    throw new AppError(
      'DISK_FULL',
      `${where} decompresses to ${needBytes} bytes (${mib(needBytes)}, from its header), but the cache folder ${dir} has only ${free} bytes (${mib(free)}) free; nothing was written. Free space there, or set another cache folder.`,
      { needBytes, freeBytes: free, cacheDir: dir },
    );
  }
  return free;
}

/** The error for a disk that filled while decompressing (the header did not say, or said too little). */
export function diskFilled(dir: string, where: string, written: number, free: number, hint: number | null): AppError {
  const need = hint !== null && hint > written ? hint : written;
  return new AppError(
    'DISK_FULL',
    `${where} needs more than ${need} bytes (${mib(need)}) decompressed, but the cache folder ${dir} had ${free} bytes (${mib(free)}) free: the disk filled after ${written} bytes; the partial copy was removed. Free space there, or set another cache folder.`,
    { needBytes: need, freeBytes: free, cacheDir: dir },
  );
}
