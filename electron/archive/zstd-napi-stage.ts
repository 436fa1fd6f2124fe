import { createRequire } from 'node:module';
import { AppError } from '../../shared/errors';
import { ZstdFrameGuard } from './zstd-frame-guard';

/** What we use of zstd-napi's binding (libzstd's ZSTD_decompressStream over a DCtx). */
interface DCtx {
  setParameter(param: number, value: number): void;
  decompressStream(dst: Uint8Array, src: Uint8Array): [remaining: number, produced: number, consumed: number];
}
interface Binding {
  DCtx: new () => DCtx;
  DParameter: { windowLogMax: number };
}

let loaded: { binding: Binding | null; reason: string | null } | null = null;

/**
 * zstd-napi (libzstd through N-API) when it installed: an optional dependency,
 * built from source on `npm ci` (its prebuilt download needs GitHub). Null,
 * with why, where it is missing: then fzstd decodes.
 */
export function napiZstd(): { binding: Binding | null; reason: string | null } {
  if (loaded) return loaded;
  try {
    loaded = { binding: createRequire(__filename)('zstd-napi/binding') as Binding, reason: null };
  } catch (error) {
    loaded = { binding: null, reason: `zstd-napi is not installed (${(error as Error).message.split('\n')[0]})` };
  }
  return loaded;
}

/** Output of one decode step at most: a bomb never puts more than this in memory before the limits see it. */
const OUT = 1024 * 1024;

const corrupt = (error: unknown): AppError =>
  new AppError('ARCHIVE_CORRUPT', `zstd data is corrupt: ${error instanceof Error ? error.message : String(error)}`, {
    truncated: false,
  });

/**
 * A pipeline stage decoding with libzstd. Each step writes at most 1 MiB and
 * is handed on (and waited for) before the next, so memory stays bounded
 * whatever the ratio; windows over maxWindow are refused by libzstd itself
 * (windowLogMax) and by the frame guard before it.
 */
export function napiZstdStage(
  binding: Binding,
  maxWindow: number,
): { stage: (source: AsyncIterable<Buffer>) => AsyncGenerator<Buffer>; consumed: () => number } {
  let consumed = 0;
  const stage = async function* napiZstdDecode(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    const guard = new ZstdFrameGuard(maxWindow);
    const dctx = new binding.DCtx();
    dctx.setParameter(binding.DParameter.windowLogMax, Math.max(10, Math.min(31, Math.floor(Math.log2(maxWindow)))));
    let inFrame = false;
    for await (const chunk of source) {
      guard.check(chunk);
      let src: Uint8Array = chunk;
      for (;;) {
        const dst = Buffer.allocUnsafe(OUT);
        let result: [number, number, number];
        try {
          result = dctx.decompressStream(dst, src);
        } catch (error) {
          throw corrupt(error);
        }
        const [remaining, produced, used] = result;
        consumed += used;
        src = src.subarray(used);
        inFrame = remaining !== 0;
        if (produced > 0) yield dst.subarray(0, produced);
        if (src.length === 0 && (produced < OUT || remaining === 0)) break;
      }
    }
    if (inFrame || !guard.atFrameBoundary) {
      throw new AppError('ARCHIVE_CORRUPT', 'zstd data ends inside a frame', { truncated: true });
    }
  };
  return { stage, consumed: () => consumed };
}
