import { constants as fsConstants } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { AppError } from '../../shared/errors';
import type { OpenProgress } from './index';
import type { ArchiveLimits } from './limits';
import { diskFilled } from './disk-space';
import { zstdDecoder, type DecoderStage, type ZstdEngine } from './zstd-decoder';

export interface DecompressOptions {
  limits: ArchiveLimits;
  where: string;
  inputSize: number | null;
  signal?: AbortSignal;
  onProgress?: (p: OpenProgress) => void;
  /** What the disk check found before the first byte (see disk-space.ts): named in a full disk's error. */
  disk?: { dir: string; freeBytes: number; sizeHint: number | null };
  /** Tests and the bench force one zstd engine (default: the fastest this runtime has). */
  zstdEngine?: ZstdEngine;
}

export interface DecompressResult {
  bytesOut: number;
  /** The compressed stream ended early; what was decoded is kept. */
  truncated: boolean;
}

const PROGRESS_STEP = 4 * 1024 * 1024;
const BY_HAND =
  'If you trust the archive, decompress it yourself (zstd -d, gunzip) and open the .tar: it is read in place, without a copy.';
/**
 * Measured on 256 MiB of gzip (issue 13): zlib's default 16 KiB output chunks
 * cost 3.04 s into a file against 1.63 s with 1 MiB ones; every chunk is one
 * trip through each stage and one write. zlib counts consumed input per output
 * chunk (bytesWritten), so the ratio limit stays exact without slicing input.
 */
const DECODE_CHUNK = 1024 * 1024;
/** Writes queued before the decoder waits: bounds memory, keeps the disk busy while decoding. */
const WRITE_AHEAD = 8 * 1024 * 1024;

/**
 * Decompresses once, streaming, into outPath (created exclusively, 0600).
 * Stops with LIMIT_EXCEEDED past maxDecompressedBytes or maxRatio, so a
 * bomb costs at most the limit in disk and a bounded amount of memory.
 */
export async function decompressToFile(
  input: Readable,
  kind: 'gzip' | 'zstd',
  outPath: string,
  opts: DecompressOptions,
): Promise<DecompressResult> {
  const { limits } = opts;
  let bytesIn = 0;
  let bytesOut = 0;
  let nextProgress = PROGRESS_STEP;
  const countIn = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytesIn += chunk.length;
      if (bytesIn >= nextProgress) {
        nextProgress = bytesIn + PROGRESS_STEP;
        opts.onProgress?.({ phase: 'decompress', bytesDone: bytesIn, bytesTotal: opts.inputSize });
      }
      done(null, chunk);
    },
  });
  const decoder: DecoderStage = kind === 'gzip' ? gunzip() : zstdDecoder(limits.maxZstdWindowBytes, opts.zstdEngine);
  const limitOut = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytesOut += chunk.length;
      if (bytesOut > limits.maxDecompressedBytes) {
        done(
          new AppError(
            'LIMIT_EXCEEDED',
            `${opts.where}: decompresses to more than ${limits.maxDecompressedBytes} bytes (maxDecompressedBytes); stopped, and the partial copy removed. ${BY_HAND}`,
            { limit: 'maxDecompressedBytes', value: limits.maxDecompressedBytes },
          ),
        );
        return;
      }
      const consumed = Math.max(decoder.consumed(), 1);
      if (bytesOut > limits.ratioGraceBytes && bytesOut > limits.maxRatio * consumed) {
        done(
          new AppError(
            'LIMIT_EXCEEDED',
            `${opts.where}: decompression ratio above the ${limits.maxRatio}:1 limit (maxRatio, checked past ${limits.ratioGraceBytes} bytes): ${bytesOut} bytes from ${consumed}, a compression bomb?; stopped, and the partial copy removed. ${BY_HAND}`,
            { limit: 'maxRatio', value: limits.maxRatio, bytesOut, bytesIn: consumed },
          ),
        );
        return;
      }
      done(null, chunk);
    },
  });
  const flags = fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_NOFOLLOW;
  const output = (await open(outPath, flags, 0o600)).createWriteStream({ highWaterMark: WRITE_AHEAD });
  try {
    await pipeline(input, countIn, decoder.stage, limitOut, output, opts.signal ? { signal: opts.signal } : {});
  } catch (error) {
    const mapped =
      isNoSpace(error) && opts.disk
        ? {
            error: diskFilled(opts.disk.dir, opts.where, output.bytesWritten, opts.disk.freeBytes, opts.disk.sizeHint),
            truncated: false,
          }
        : mapError(error, opts.where);
    if (!mapped.truncated) throw mapped.error;
    return { bytesOut: output.bytesWritten, truncated: true };
  }
  opts.onProgress?.({ phase: 'decompress', bytesDone: bytesIn, bytesTotal: opts.inputSize });
  return { bytesOut, truncated: false };
}

function gunzip(): DecoderStage {
  const stage = zlib.createGunzip({ chunkSize: DECODE_CHUNK });
  return { stage, consumed: () => stage.bytesWritten };
}

function isNoSpace(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'ENOSPC';
}

function mapError(error: unknown, where: string): { error: AppError; truncated: boolean } {
  if (error instanceof AppError) return { error, truncated: error.details?.['truncated'] === true };
  const e = error as { name?: string; code?: string; message?: string };
  if (e.name === 'AbortError' || e.code === 'ABORT_ERR') {
    return { error: new AppError('CANCELLED', `decompressing ${where} was cancelled`), truncated: false };
  }
  if (e.code === 'ENOSPC')
    return { error: new AppError('DISK_FULL', `no space left while decompressing ${where}`), truncated: false };
  if (e.code === 'Z_BUF_ERROR')
    return { error: new AppError('ARCHIVE_CORRUPT', `${where}: gzip data ends early`), truncated: true };
  if (typeof e.code === 'string' && e.code.startsWith('Z_')) {
    return {
      error: new AppError('ARCHIVE_CORRUPT', `${where}: gzip data is corrupt (${e.message ?? e.code})`),
      truncated: false,
    };
  }
  if (typeof e.code === 'string' && e.code.startsWith('ZSTD_')) {
    return {
      error: new AppError('ARCHIVE_CORRUPT', `${where}: zstd data is corrupt (${e.message ?? e.code})`),
      truncated: false,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { error: new AppError('INTERNAL', `decompressing ${where}: ${message}`), truncated: false };
}
