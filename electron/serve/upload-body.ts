// Receives one upload body into a new file, with its limits enforced while
// streaming: bytes (checked before each chunk is written, so the file never
// passes the limit), total time and idle time. On any failure the file is
// closed before the promise rejects, so the caller can delete it.
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { AppError } from '../../shared/errors';

export interface BodyLimits {
  maxBytes: number;
  /** Says which limit maxBytes is, for the error: "the upload limit of N bytes". */
  describeMax: string;
  timeMs: number;
  idleMs: number;
}

function fsError(error: unknown): AppError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new AppError('DISK_FULL', 'the upload folder ran out of space while receiving the upload');
  return new AppError('INTERNAL', `could not store the upload (${code ?? 'write failed'})`);
}

/** Resolves with the byte count once the body is on disk; rejects with an AppError naming the limit it broke. */
export function receiveBody(req: IncomingMessage, target: string, limits: BodyLimits): Promise<number> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(target, { mode: 0o600, flags: 'wx' });
    let seen = 0;
    let settled = false;
    let idle: NodeJS.Timeout | undefined;
    const total = setTimeout(
      () =>
        fail(
          new AppError('TIMEOUT', `upload took longer than the limit of ${limits.timeMs} ms`, {
            timeMs: limits.timeMs,
            received: seen,
          }),
        ),
      limits.timeMs,
    );

    const cleanup = () => {
      clearTimeout(total);
      clearTimeout(idle);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('close', onClose);
    };
    const fail = (error: AppError) => {
      if (settled) return;
      settled = true;
      cleanup();
      // Not another byte from this client; the caller answers and closes.
      req.pause();
      if (out.closed) reject(error);
      else {
        out.once('close', () => reject(error));
        out.destroy();
      }
    };
    const armIdle = () => {
      clearTimeout(idle);
      idle = setTimeout(
        () =>
          fail(new AppError('TIMEOUT', `upload stalled: no data for ${limits.idleMs} ms`, { idleMs: limits.idleMs })),
        limits.idleMs,
      );
    };

    const onData = (chunk: Buffer) => {
      if (seen + chunk.length > limits.maxBytes) {
        fail(
          new AppError('LIMIT_EXCEEDED', `upload larger than ${limits.describeMax}`, {
            max: limits.maxBytes,
            received: seen + chunk.length,
          }),
        );
        return;
      }
      seen += chunk.length;
      armIdle();
      if (!out.write(chunk)) {
        // The disk is slower than the client: stop reading until it catches up (and do not count that as idle).
        req.pause();
        clearTimeout(idle);
        out.once('drain', () => {
          if (settled) return;
          armIdle();
          req.resume();
        });
      }
    };
    const onEnd = () => {
      clearTimeout(idle);
      out.end();
    };
    const onAbort = () => fail(new AppError('CANCELLED', 'the client stopped sending the upload'));
    const onClose = () => {
      if (!req.complete) onAbort();
    };

    out.on('error', (error) => fail(fsError(error)));
    out.on('finish', () => {
      if (settled) return;
      settled = true;
      cleanup();
      resolve(seen);
    });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('close', onClose);
    armIdle();
  });
}
