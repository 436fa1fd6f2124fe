// Uploads as a hostile client makes them: a declared size it never sends, a
// chunked body that never ends, a body that stops halfway. Each resolves on
// the host's answer, however much was sent by then.
import { request, type ClientRequest } from 'node:http';

export interface UploadAnswer {
  status: number;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string; details?: Record<string, unknown> } };
  /** Body bytes this client had written when the answer came. */
  sent: number;
}

export type BodyWriter = (req: ClientRequest, count: (n: number) => void) => void;

export function upload(
  origin: string,
  cookie: string,
  write: BodyWriter,
  options: { name?: string; headers?: Record<string, string>; signal?: AbortSignal; onContinue?: () => void } = {},
): Promise<UploadAnswer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request(`${origin}/api/upload?name=${encodeURIComponent(options.name ?? 'upload.tar')}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/octet-stream', ...options.headers },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (options.onContinue) req.once('continue', options.onContinue);
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as UploadAnswer['body'], sent });
      });
    });
    // The host closing the connection on a client still sending is expected once it has answered.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    write(req, (n) => (sent += n));
  });
}

/** The whole body at once. */
export const whole =
  (data: Buffer): BodyWriter =>
  (req, count) => {
    count(data.length);
    req.end(data);
  };

/** Headers only; the body never comes. */
export const headersOnly: BodyWriter = (req) => req.flushHeaders();

/** Some bytes, then nothing more, the request left open. */
export const stallAfter =
  (bytes: number): BodyWriter =>
  (req, count) => {
    count(bytes);
    req.write(Buffer.alloc(bytes, 0x61));
  };

/** A chunked body that never ends: 64 KiB chunks as fast as the host takes them, until it answers. */
export const endless: BodyWriter = (req, count) => {
  const chunk = Buffer.alloc(64 * 1024, 0x62);
  let stopped = false;
  req.once('response', () => (stopped = true));
  req.once('close', () => (stopped = true));
  const pump = () => {
    while (!stopped) {
      count(chunk.length);
      if (!req.write(chunk)) {
        req.once('drain', pump);
        return;
      }
    }
  };
  pump();
};
