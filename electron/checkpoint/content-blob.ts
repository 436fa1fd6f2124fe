// Reads a blob out of containerd's content store (Content.Read) in ranged
// windows: one server stream per window (offset/size), at most two windows in
// flight. grpc-js keeps reading a server stream whatever the consumer does, so
// one stream over the whole blob would end up buffered in our memory; with
// windows, memory stays at about two windows however large the blob is, and
// the consumer's pace (the archive write) decides when the next window starts.
import { AppError } from '../../shared/errors';
import type { Rpc } from '../containerd/rpc';

interface ReadChunk {
  offset: number;
  data: Buffer;
}

/** 8 MiB: large enough that the per-call cost vanishes, small enough to bound memory. */
export const READ_WINDOW = 8 * 1024 * 1024;

export interface ReadBlobOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** Window size in bytes (default READ_WINDOW). */
  window?: number;
}

async function readWindow(
  rpc: Rpc,
  namespace: string,
  digest: string,
  offset: number,
  size: number,
  opts: ReadBlobOptions,
): Promise<Buffer[]> {
  const stream = rpc.stream<ReadChunk>(
    'content',
    'Read',
    { digest, offset, size },
    {
      namespace,
      signal: opts.signal,
      timeoutMs: opts.timeoutMs,
    },
  );
  const parts: Buffer[] = [];
  let expected = offset;
  // containerd numbers a window's chunks from 0 (from the window's start);
  // accept absolute offsets too, decided by the first chunk.
  let base: number | null = null;
  try {
    for await (const chunk of stream) {
      const at = Number(chunk.offset);
      base ??= at === offset ? 0 : at === 0 ? offset : null;
      if (base === null || at + base !== expected) {
        throw new AppError(
          'CHECKPOINT_FAILED',
          `content ${digest}: chunk at ${at}, expected ${expected - offset} in the window at ${offset}`,
        );
      }
      expected += chunk.data.length;
      if (expected > offset + size)
        throw new AppError('CHECKPOINT_FAILED', `content ${digest}: more than the ${size} bytes asked at ${offset}`);
      if (chunk.data.length > 0) parts.push(chunk.data);
    }
  } finally {
    stream.cancel();
  }
  if (expected !== offset + size) {
    throw new AppError('CHECKPOINT_FAILED', `content ${digest}: read ${expected} of ${offset + size} bytes`);
  }
  return parts;
}

export async function* readBlob(
  rpc: Rpc,
  namespace: string,
  digest: string,
  size: number,
  opts: ReadBlobOptions,
): AsyncGenerator<Buffer> {
  const window = Math.max(1, opts.window ?? READ_WINDOW);
  const windowAt = (offset: number) => {
    const p = readWindow(rpc, namespace, digest, offset, Math.min(window, size - offset), opts);
    p.catch(() => undefined);
    return p;
  };
  let next = 0;
  let current: Promise<Buffer[]> | null = null;
  if (size > 0) {
    current = windowAt(0);
    next = Math.min(window, size);
  }
  while (current) {
    // Fetch the next window while this one is handed to the consumer.
    const ahead: Promise<Buffer[]> | null = next < size ? windowAt(next) : null;
    if (ahead) next = Math.min(next + window, size);
    const parts = await current;
    for (const part of parts) yield part;
    current = ahead;
  }
  if (size === 0) {
    // An empty blob: one call still checks that it exists and is empty.
    await readWindow(rpc, namespace, digest, 0, 0, opts);
  }
}

export async function readBlobToBuffer(
  rpc: Rpc,
  namespace: string,
  digest: string,
  size: number,
  opts: ReadBlobOptions & { maxBytes: number },
): Promise<Buffer> {
  if (size > opts.maxBytes) {
    throw new AppError('LIMIT_EXCEEDED', `content ${digest} is ${size} bytes, more than the ${opts.maxBytes} expected`);
  }
  const parts: Buffer[] = [];
  for await (const chunk of readBlob(rpc, namespace, digest, size, opts)) parts.push(chunk);
  return Buffer.concat(parts);
}
