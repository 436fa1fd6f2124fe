import { Decompress } from 'fzstd';
import type { Duplex } from 'node:stream';
import * as zlib from 'node:zlib';
import { AppError } from '../../shared/errors';
import { ZstdFrameGuard } from './zstd-frame-guard';
import { napiZstd, napiZstdStage } from './zstd-napi-stage';

/** node:zlib has zstd from Node 22.15 (Electron's Node); Node 20 does not. */
type NativeZstd = (options?: { chunkSize?: number; params?: Record<number, number> }) => Duplex;

function nativeZstd(): { create: NativeZstd; windowLogMax: number } | null {
  const z = zlib as unknown as { createZstdDecompress?: NativeZstd; constants: Record<string, number | undefined> };
  const windowLogMax = z.constants['ZSTD_d_windowLogMax'];
  if (typeof z.createZstdDecompress !== 'function' || windowLogMax === undefined) return null;
  return { create: z.createZstdDecompress, windowLogMax };
}

/** Feeding fzstd small slices bounds what one push can produce (a 4-byte RLE block yields 128 KiB). */
const SLICE = 1024;
/** Output is handed on in pieces of about this size: one small buffer per zstd block costs more than decoding it. */
const OUT_CHUNK = 1024 * 1024;

export interface DecoderStage {
  stage: Duplex | ((source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer>);
  /** Compressed bytes taken in by the decoder so far (for the ratio limit). */
  consumed(): number;
}

/**
 * The zstd decoders, fastest first (measured on 1 GiB, see the bench):
 * node:zlib's where the runtime has it, libzstd through zstd-napi, then fzstd
 * (pure JS, 2-5x slower than zstd-napi).
 */
export type ZstdEngine = 'node:zlib' | 'zstd-napi' | 'fzstd';

/** The engine zstdDecoder would use here, and why the faster ones are not. */
export function zstdEngine(): { engine: ZstdEngine; missing: string[] } {
  const missing: string[] = [];
  if (nativeZstd()) return { engine: 'node:zlib', missing };
  missing.push(`node:zlib has no zstd in Node ${process.versions.node} (it has from 22.15)`);
  const napi = napiZstd();
  if (napi.binding) return { engine: 'zstd-napi', missing };
  missing.push(napi.reason ?? 'zstd-napi is not installed');
  return { engine: 'fzstd', missing };
}

/** A zstd decoder stage for stream.pipeline; `engine` forces one (tests, the bench). */
export function zstdDecoder(maxWindow: number, engine: ZstdEngine = zstdEngine().engine): DecoderStage {
  const native = engine === 'node:zlib' ? nativeZstd() : null;
  const napi = engine === 'zstd-napi' ? napiZstd().binding : null;
  if (napi) return napiZstdStage(napi, maxWindow);
  if (native !== null) {
    const log = Math.max(10, Math.min(31, Math.floor(Math.log2(maxWindow))));
    const stage = native.create({ chunkSize: OUT_CHUNK, params: { [native.windowLogMax]: log } });
    return { stage, consumed: () => (stage as unknown as { bytesWritten: number }).bytesWritten };
  }
  let consumed = 0;
  const stage = async function* fzstdDecode(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const guard = new ZstdFrameGuard(maxWindow);
    let queue: Uint8Array[] = [];
    let queued = 0;
    const decoder = new Decompress((data) => {
      if (data.length === 0) return;
      queue.push(data);
      queued += data.length;
    });
    const take = (): Buffer => {
      const one = queue[0] as Uint8Array;
      const out =
        queue.length === 1 ? Buffer.from(one.buffer, one.byteOffset, one.length) : Buffer.concat(queue, queued);
      queue = [];
      queued = 0;
      return out;
    };
    const push = (slice: Uint8Array, final: boolean): void => {
      try {
        decoder.push(slice, final);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new AppError('ARCHIVE_CORRUPT', `zstd data is corrupt: ${reason}`, { truncated: reason.includes('EOF') });
      }
    };
    for await (const chunk of source) {
      guard.check(chunk);
      for (let i = 0; i < chunk.length; i += SLICE) {
        const slice = chunk.subarray(i, i + SLICE);
        consumed += slice.length;
        push(slice, false);
        if (queued >= OUT_CHUNK) yield take();
      }
      if (queued > 0) yield take();
    }
    if (!guard.atFrameBoundary) {
      throw new AppError('ARCHIVE_CORRUPT', 'zstd data ends inside a frame', { truncated: true });
    }
    push(new Uint8Array(0), true);
    if (queued > 0) yield take();
  };
  return { stage, consumed: () => consumed };
}
