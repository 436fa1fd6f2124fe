// The contract as an attack surface through the real browser host: the real
// core behind startBrowserHost, every malformed call over its WebSocket, and
// malformed frames that must close only that socket.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type BrowserHost } from '../../../electron/serve/browser-host';
import type { Envelope } from '../../../shared/envelope';
import { get, openWs } from '../serve/http-client';
import { prepare, realCore, runMalformed, runSample, type Harness, type Invoke } from './attack-run';

let h: Harness;
let host: BrowserHost;
let cookie: string;
let ws: WebSocket;
let invoke: Invoke;
let archiveId: string;
let seeds: Record<string, unknown>;
let nextId = 1;

function connect(): Promise<WebSocket> {
  return openWs(host.origin.replace('http', 'ws') + '/api/ws', { cookie, origin: host.origin });
}

/** One invoke at a time over one socket, answered by id. */
function wsInvoke(socket: WebSocket): Invoke {
  return (channel, args) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const onMessage = (raw: Buffer) => {
        const m = JSON.parse(String(raw)) as { type: string; id?: number; envelope?: Envelope<unknown> };
        if (m.type === 'result' && m.id === id) {
          socket.off('message', onMessage);
          socket.off('close', onClose);
          resolve(m.envelope!);
        }
      };
      const onClose = (code: number) => reject(new Error(`socket closed (${code}) during ${channel}`));
      socket.on('message', onMessage);
      socket.once('close', onClose);
      socket.send(JSON.stringify({ type: 'invoke', id, channel, args }));
    });
}

function closeCode(socket: WebSocket, send: () => void): Promise<number> {
  return new Promise((resolve) => {
    socket.once('close', (code) => resolve(code));
    send();
  });
}

beforeAll(async () => {
  h = await realCore();
  const rendererDir = join(h.tmp, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  host = await startBrowserHost({
    core: h.composed.core,
    rendererDir,
    uploadDir: join(h.composed.cacheRoot, 'uploads'),
    port: 0,
  });
  cookie = String((await get(host.url)).headers['set-cookie']).split(';')[0] ?? '';
  ws = await connect();
  invoke = wsInvoke(ws);
  ({ archiveId, seeds } = await prepare(invoke, h.tmp));
});
afterAll(async () => {
  ws?.terminate();
  await host?.close();
  await h?.dispose();
});

describe('contract attack surface (browser host WebSocket)', () => {
  it('answers every malformed call with INVALID_ARGUMENT (never INTERNAL), the socket staying open', async () => {
    // Frames are capped at 1 MiB: huge strings stay under it to reach validation.
    const { calls, violations } = await runMalformed(invoke, seeds, 600 * 1024, true);
    console.info(`[attack] ${calls} malformed calls`);
    expect(calls).toBeGreaterThan(500);
    expect(violations).toEqual([]);
    expect(ws.readyState).toBe(WebSocket.OPEN);
  }, 120_000);

  it('answers names outside the index, ranges past the end and unknown ids with INVALID_ARGUMENT or NOT_FOUND', async () => {
    const { calls, violations } = await runSample(invoke, archiveId);
    console.info(`[attack] ${calls} valid-shaped calls on the sample and unknown ids`);
    expect(calls).toBeGreaterThan(60);
    expect(violations).toEqual([]);
  }, 60_000);

  it.each([
    ['not JSON', '{"type":"invoke",'],
    ['JSON null', 'null'],
    ['a number', '42'],
    ['no id', JSON.stringify({ type: 'invoke', channel: 'app.info', args: {} })],
    ['a string id', JSON.stringify({ type: 'invoke', id: '1', channel: 'app.info', args: {} })],
    ['a fractional id', JSON.stringify({ type: 'invoke', id: 1.5, channel: 'app.info', args: {} })],
    ['an unsafe id', JSON.stringify({ type: 'invoke', id: 2 ** 60, channel: 'app.info', args: {} })],
    ['a channel that is not a string', JSON.stringify({ type: 'invoke', id: 1, channel: ['app.info'], args: {} })],
    ['another message type', JSON.stringify({ type: 'event', id: 1, channel: 'app.info' })],
  ])('closes the socket on a frame with %s (1003) and keeps serving others', async (_label, frame) => {
    const victim = await connect();
    expect(await closeCode(victim, () => victim.send(frame))).toBe(1003);
    expect(await invoke('app.info', {})).toMatchObject({ ok: true });
  });

  it('closes the socket on a binary frame and on a frame above 1 MiB', async () => {
    const binary = await connect();
    expect(await closeCode(binary, () => binary.send(Buffer.from('{"type":"invoke"}')))).toBe(1003);
    const big = await connect();
    const frame = JSON.stringify({ type: 'invoke', id: 1, channel: 'app.info', args: { x: 'a'.repeat(1024 * 1024) } });
    expect(await closeCode(big, () => big.send(frame))).toBe(1009);
    expect(await invoke('archive.members', { archiveId })).toMatchObject({ ok: true });
  });

  it('answers unknown channels with UNKNOWN_CHANNEL over the socket', async () => {
    for (const channel of ['nope', '__proto__', 'constructor', 'hasOwnProperty', 'x'.repeat(100_000)]) {
      expect(await invoke(channel, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
  });
});
