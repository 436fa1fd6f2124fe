import { AppError } from '../../shared/errors';

export interface ArchiveLimits {
  /** Members (entries other than pax / GNU extension headers) indexed before stopping with a problem. */
  maxMembers: number;
  /** All 512-byte headers walked, extension headers included. */
  maxHeaders: number;
  /** Payload of one pax or GNU long-name/long-link header. */
  maxExtensionHeaderBytes: number;
  /** Bytes of one member name or link target. */
  maxNameBytes: number;
  /** Size of the file to index (the archive or its decompressed copy). */
  maxArchiveBytes: number;
  /** Bytes written while decompressing. */
  maxDecompressedBytes: number;
  /** Decompressed / compressed, checked once ratioGraceBytes have been written. */
  maxRatio: number;
  ratioGraceBytes: number;
  /** zstd window a frame may ask for (zstd's own default decoder limit is 128 MiB). */
  maxZstdWindowBytes: number;
  /** One read() call. */
  maxReadBytes: number;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

export const DEFAULT_LIMITS: ArchiveLimits = Object.freeze({
  maxMembers: 100_000,
  maxHeaders: 400_000,
  maxExtensionHeaderBytes: 1 * MiB,
  maxNameBytes: 4096,
  maxArchiveBytes: 256 * GiB,
  maxDecompressedBytes: 64 * GiB,
  maxRatio: 1000,
  ratioGraceBytes: 64 * MiB,
  maxZstdWindowBytes: 128 * MiB,
  maxReadBytes: 64 * MiB,
});

export function resolveLimits(partial: Partial<ArchiveLimits> | undefined): ArchiveLimits {
  const limits: ArchiveLimits = { ...DEFAULT_LIMITS, ...(partial ?? {}) };
  for (const [key, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new AppError('INVALID_ARGUMENT', `archive limit ${key} must be a non-negative number`);
    }
  }
  // readAll() steps by maxReadBytes: 0 would never advance (a hang found by test/fuzz/tar-index).
  if (!Number.isSafeInteger(limits.maxReadBytes) || limits.maxReadBytes < 1) {
    throw new AppError('INVALID_ARGUMENT', 'archive limit maxReadBytes must be a positive integer');
  }
  return limits;
}
