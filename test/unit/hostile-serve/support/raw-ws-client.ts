// A WebSocket client on a bare TCP socket, so a test controls exactly when it
// reads: it sends masked text frames and can stop reading altogether (the
// kernel's receive window fills, then the host's send buffers would).
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawWs {
  socket: Socket;
  send(text: string): void;
  /** Stop reading from the socket (nothing is consumed from the kernel any more). */
  stopReading(): void;
  /**
   * Read again; resolves once `count` text frames have arrived (those before included) or the connection ends.
   * Only the first HEAD_CHARS of each frame are kept: the test's own memory must not blur the host's RSS.
   */
  readFrames(count: number): Promise<{ heads: string[]; closeCode: number | null; ended: boolean }>;
}

const HEAD_CHARS = 120;

function frame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = randomBytes(4);
  const head =
    payload.length < 126
      ? Buffer.from([0x81, 0x80 | payload.length])
      : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  const body = Buffer.alloc(payload.length);
  for (let i = 0; i < payload.length; i++) body[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([head, mask, body]);
}

export function openRawWs(origin: string, cookie: string): Promise<RawWs> {
  const { hostname, port, host } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const heads: string[] = [];
    let closeCode: number | null = null;
    let ended = false;
    // Chunks are joined only once a whole frame is there: joining on every chunk is quadratic for MiB frames.
    let chunks: Buffer[] = [];
    let chunkBytes = 0;
    let need = 2;
    let upgraded = false;
    let onProgress = () => {};

    const take = (): Buffer => {
      const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      chunks = [all];
      return all;
    };
    const parse = () => {
      while (chunkBytes >= need) {
        const buffered = take();
        const opcode = buffered[0]! & 0x0f;
        let length = buffered[1]! & 0x7f;
        let offset = 2;
        if (length === 126) offset = 4;
        if (length === 127) offset = 10;
        if (buffered.length < offset) return void (need = offset);
        if (length === 126) length = buffered.readUInt16BE(2);
        if (length === 127) length = Number(buffered.readBigUInt64BE(2));
        if (buffered.length < offset + length) return void (need = offset + length);
        const payload = buffered.subarray(offset, offset + length);
        if (opcode === 1) heads.push(payload.subarray(0, HEAD_CHARS).toString('utf8'));
        if (opcode === 8) closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        const rest = buffered.subarray(offset + length);
        chunks = rest.length > 0 ? [rest] : [];
        chunkBytes = rest.length;
        need = 2;
      }
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      chunkBytes += chunk.length;
      if (!upgraded) {
        const head = take();
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const status = head.subarray(0, end).toString('latin1');
        const rest = head.subarray(end + 4);
        chunks = rest.length > 0 ? [rest] : [];
        chunkBytes = rest.length;
        if (!status.startsWith('HTTP/1.1 101')) {
          reject(new Error(status.split('\r\n')[0]));
          socket.destroy();
          return;
        }
        upgraded = true;
        resolve(raw);
      }
      parse();
      onProgress();
    });
    socket.on('close', () => {
      ended = true;
      onProgress();
    });
    socket.on('error', () => undefined);
    socket.once('connect', () =>
      socket.write(
        `GET /api/ws HTTP/1.1\r\nHost: ${host}\r\nOrigin: ${origin}\r\nCookie: ${cookie}\r\n` +
          `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`,
      ),
    );

    const raw: RawWs = {
      socket,
      send: (text) => socket.write(frame(text)),
      stopReading: () => socket.pause(),
      readFrames: (count) =>
        new Promise((done) => {
          const check = () => {
            if (heads.length >= count || ended) {
              onProgress = () => {};
              done({ heads, closeCode, ended });
            }
          };
          onProgress = check;
          socket.resume();
          check();
        }),
    };
  });
}
