import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDispatch, type Handlers } from '../../../electron/ipc/dispatch';
import { EventBus } from '../../../electron/app/event-bus';
import type { AppCore } from '../../../electron/ipc/app-core';
import { startBrowserHost, type BrowserHost } from '../../../electron/serve/browser-host';
import { CHANNEL_NAMES } from '../../../shared/contract';
import { get, invokeOverWs, openWs } from './http-client';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ci-serve-test-'));
const rendererDir = path.join(dir, 'renderer');
let host: BrowserHost;
let cookie: string;
const events = new EventBus();

function fakeCore(allowCheckpoint: boolean): AppCore {
  const handlers = Object.fromEntries(
    CHANNEL_NAMES.map((n) => [n, vi.fn(async () => `ok:${n}`)]),
  ) as unknown as Handlers;
  return {
    dispatch: createDispatch(handlers, { allowCheckpoint }),
    events,
    openPath: vi.fn(),
    onArchiveClosed: () => () => undefined,
  } as unknown as AppCore;
}

beforeAll(async () => {
  mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer');
  host = await startBrowserHost({ core: fakeCore(false), rendererDir, uploadDir: path.join(dir, 'up'), port: 0 });
  const first = await get(host.url);
  cookie = String(first.headers['set-cookie']).split(';')[0] ?? '';
});

afterAll(async () => {
  await host.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser host', () => {
  it('prints a loopback URL carrying the token', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
  });

  it('trades the token for an HttpOnly SameSite=Strict cookie and redirects to drop it', async () => {
    const first = await get(host.url);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const port = new URL(host.origin).port;
    expect(String(first.headers['set-cookie'])).toMatch(
      new RegExp(`^ci_token_${port}=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/`),
    );
  });

  it("names its cookie by its port, so a second host's login neither replaces nor authorises this one", async () => {
    const other = await startBrowserHost({
      core: fakeCore(false),
      rendererDir,
      uploadDir: path.join(dir, 'up2'),
      port: 0,
    });
    try {
      const otherCookie = String((await get(other.url)).headers['set-cookie']).split(';')[0] ?? '';
      expect(otherCookie.split('=')[0]).not.toBe(cookie.split('=')[0]);
      // A browser sends both cookies to both hosts (cookies are per host name, not per port).
      const both = `${cookie}; ${otherCookie}`;
      expect((await get(`${host.origin}/`, { cookie: both })).status).toBe(200);
      expect((await get(`${other.origin}/`, { cookie: both })).status).toBe(200);
      expect((await get(`${host.origin}/`, { cookie: otherCookie })).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('serves the renderer with the cookie, with a CSP and no caching', async () => {
    const page = await get(`${host.origin}/`, { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>app</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each(['/', '/index.html', '/assets/app.js', '/api/upload', '/api/rootfs-file', '/nope'])(
    'answers 401 to %s without token or cookie',
    async (route) => {
      expect((await get(host.origin + route)).status).toBe(401);
      expect(
        (await get(`${host.origin}${route}`, { cookie: `ci_token_${new URL(host.origin).port}=` + '0'.repeat(64) }))
          .status,
      ).toBe(401);
    },
  );

  it('answers 401 to a wrong token', async () => {
    expect((await get(`${host.origin}/?token=${'f'.repeat(64)}`)).status).toBe(401);
  });

  it.each([
    ['a foreign Host', { host: 'evil.example' }],
    ['localhost instead of the address served', { host: `localhost:${new URL(host?.origin ?? 'http://x:1').port}` }],
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['a null Origin', { origin: 'null' }],
  ])('answers 403 to %s even with the token', async (_label, headers) => {
    const port = new URL(host.origin).port;
    const fixed = { ...headers } as Record<string, string>;
    if (fixed.host?.startsWith('localhost:')) fixed.host = `localhost:${port}`;
    expect((await get(host.url, fixed)).status).toBe(403);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/assets/', '/assets', '/%00'])(
    'serves nothing outside the built renderer and lists no folder: %s',
    async (route) => {
      const reply = await get(host.origin + route, { cookie });
      expect(reply.status).toBe(404);
      expect(reply.body).not.toContain('outside the renderer');
    },
  );

  it('refuses WebSockets without the cookie (401) or from another origin (403)', async () => {
    const wsUrl = host.origin.replace('http', 'ws') + '/api/ws';
    await expect(openWs(wsUrl, {})).rejects.toThrow('status 401');
    await expect(openWs(wsUrl, { cookie, origin: 'http://evil.example' })).rejects.toThrow('status 403');
  });

  it('serves the contract over the WebSocket, validated, without checkpoint channels when read-only', async () => {
    const ws = await openWs(host.origin.replace('http', 'ws') + '/api/ws', { cookie, origin: host.origin });
    expect(await invokeOverWs(ws, 'app.info', {})).toEqual({ ok: true, value: 'ok:app.info' });
    expect(await invokeOverWs(ws, 'inspect.process', { archiveId: 'a1', pid: -1 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ARGUMENT' },
    });
    expect(await invokeOverWs(ws, 'checkpoint.start', { containerId: 'c', namespace: 'default' })).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const event = new Promise((resolve) => ws.once('message', (raw: Buffer) => resolve(JSON.parse(String(raw)))));
    events.emit('containers.changed', { namespace: 'default', reason: '/tasks/exit' });
    expect(await event).toEqual({
      type: 'event',
      event: 'containers.changed',
      payload: { namespace: 'default', reason: '/tasks/exit' },
    });
    ws.close();
  });

  it('listens on 127.0.0.1 only: another local address is refused', async () => {
    const port = Number(new URL(host.origin).port);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.2', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
