// Streams a blob out of containerd's content store (Content.Read, a server
// stream), checking that the offsets follow each other and the size matches.
import { AppError } from '../../shared/errors';
import type { Rpc } from '../containerd/rpc';

interface ReadChunk {
  offset: number;
  data: Buffer;
}

export async function* readBlob(
  rpc: Rpc,
  namespace: string,
  digest: string,
  size: number,
  opts: { signal?: AbortSignal; timeoutMs: number },
): AsyncGenerator<Buffer> {
  const stream = rpc.stream<ReadChunk>('content', 'Read', { digest, offset: 0, size: 0 }, {
    namespace,
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
  });
  let expected = 0;
  try {
    for await (const chunk of stream) {
      if (Number(chunk.offset) !== expected) {
        throw new AppError('CHECKPOINT_FAILED', `content ${digest}: chunk at ${chunk.offset}, expected ${expected}`);
      }
      expected += chunk.data.length;
      if (expected > size) throw new AppError('CHECKPOINT_FAILED', `content ${digest} is larger than its ${size} bytes`);
      if (chunk.data.length > 0) yield chunk.data;
    }
  } finally {
    stream.cancel();
  }
  if (expected !== size) {
    throw new AppError('CHECKPOINT_FAILED', `content ${digest}: read ${expected} of ${size} bytes`);
  }
}

export async function readBlobToBuffer(
  rpc: Rpc,
  namespace: string,
  digest: string,
  size: number,
  opts: { signal?: AbortSignal; timeoutMs: number; maxBytes: number },
): Promise<Buffer> {
  if (size > opts.maxBytes) {
    throw new AppError('LIMIT_EXCEEDED', `content ${digest} is ${size} bytes, more than the ${opts.maxBytes} expected`);
  }
  const parts: Buffer[] = [];
  for await (const chunk of readBlob(rpc, namespace, digest, size, opts)) parts.push(chunk);
  return Buffer.concat(parts);
}
