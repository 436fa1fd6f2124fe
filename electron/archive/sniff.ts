import { AppError } from '../../shared/errors';

export type Compression = 'none' | 'gzip' | 'zstd';

/**
 * Compression from magic bytes only; the file name is never consulted
 * (a `.tar` may hold gzip, as containerd's rootfs-diff.tar does).
 */
export function sniffCompression(head: Buffer, where: string): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  // A zstd stream may open with a skippable frame (magic 0x184D2A50..5F).
  if (head.length >= 4 && head.readUInt32LE(0) >>> 4 === 0x184d2a5) return 'zstd';
  const unsupported = (name: string): never => {
    throw new AppError(
      'ARCHIVE_UNSUPPORTED',
      `${where}: ${name} compression is not supported (use uncompressed, gzip or zstd)`,
    );
  };
  if (head.length >= 3 && head.toString('latin1', 0, 3) === 'BZh') unsupported('bzip2');
  if (head.length >= 6 && head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])))
    unsupported('xz');
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) unsupported('zip (not a tar)');
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x9d) unsupported('compress (.Z)');
  if (head.length >= 4 && head.readUInt32LE(0) === 0x184c2103) unsupported('lz4 legacy');
  if (head.length >= 4 && head.readUInt32LE(0) === 0x184d2204) unsupported('lz4');
  return 'none';
}
