import { describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../../../shared/envelope';
import { AppError } from '../../../shared/errors';
import { EventBus } from '../../../electron/app/event-bus';
import { bindIpc, type BridgeTarget, type IpcBridgeOptions } from '../../../electron/main/ipc-bridge';
import { IPC_EVENT, IPC_INVOKE, IPC_OPEN_DROPPED } from '../../../electron/preload/ipc-channels';

// ipc-bridge.ts also binds Electron's own ipcMain; these tests pass a fake one.
vi.mock('electron', () => ({ ipcMain: {} }));

const APP = 'file:///opt/app/dist/renderer/index.html';
type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

function setup(overrides: Partial<IpcBridgeOptions> = {}) {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: vi.fn((channel: string, h: Handler) => void handlers.set(channel, h)),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
  const mainFrame = { processId: 7, routingId: 1 };
  let url = APP;
  const webContents = {
    mainFrame,
    getURL: () => url,
    isDestroyed: () => false,
    send: vi.fn(),
  };
  const win: BridgeTarget = { webContents, isDestroyed: () => false };
  const dispatch = vi.fn(async (channel: unknown, args: unknown): Promise<Envelope<unknown>> => ({
    ok: true,
    value: { channel, args },
  }));
  const events = new EventBus();
  const openDropped = vi.fn(async (paths: unknown) => [{ opened: paths }]);
  const unbind = bindIpc({
    ipcMain,
    dispatch,
    events,
    window: () => win,
    rendererUrl: APP,
    openDropped,
    log: vi.fn(),
    ...overrides,
  });
  const goodEvent = { sender: webContents, senderFrame: { ...mainFrame, parent: null, url: APP } };
  const call = (channel: string, event: unknown, ...args: unknown[]) => handlers.get(channel)!(event, ...args);
  return {
    handlers,
    ipcMain,
    webContents,
    dispatch,
    events,
    openDropped,
    unbind,
    goodEvent,
    call,
    setUrl: (u: string) => (url = u),
  };
}

describe('bindIpc', () => {
  it('passes a call from our main frame to dispatch', async () => {
    const t = setup();
    const reply = await t.call(IPC_INVOKE, t.goodEvent, 'archive.list', {});
    expect(t.dispatch).toHaveBeenCalledWith('archive.list', {});
    expect(reply).toEqual({ ok: true, value: { channel: 'archive.list', args: {} } });
  });

  it.each([
    ['another webContents', (e: ReturnType<typeof setup>['goodEvent']) => ({ ...e, sender: { other: true } })],
    ['no sender frame', (e: ReturnType<typeof setup>['goodEvent']) => ({ ...e, senderFrame: null })],
    [
      'a subframe',
      (e: ReturnType<typeof setup>['goodEvent']) => ({
        ...e,
        senderFrame: { ...e.senderFrame, parent: {}, routingId: 9 },
      }),
    ],
    [
      'a frame of another process',
      (e: ReturnType<typeof setup>['goodEvent']) => ({ ...e, senderFrame: { ...e.senderFrame, processId: 99 } }),
    ],
    [
      'a foreign page',
      (e: ReturnType<typeof setup>['goodEvent']) => ({
        ...e,
        senderFrame: { ...e.senderFrame, url: 'https://evil.example/' },
      }),
    ],
    [
      'the crash page',
      (e: ReturnType<typeof setup>['goodEvent']) => ({
        ...e,
        senderFrame: { ...e.senderFrame, url: 'data:text/html,x' },
      }),
    ],
  ])('refuses a call from %s without dispatching', async (_name, mutate) => {
    const t = setup();
    const reply = (await t.call(IPC_INVOKE, mutate(t.goodEvent), 'archive.list', {})) as Envelope<unknown>;
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(t.dispatch).not.toHaveBeenCalled();
  });

  it('refuses every call while no window is open', async () => {
    const t = setup({ window: () => null });
    expect(await t.call(IPC_INVOKE, t.goodEvent, 'app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('opens dropped files for our frame and wraps failures in an envelope', async () => {
    const t = setup();
    expect(await t.call(IPC_OPEN_DROPPED, t.goodEvent, ['/tmp/a.tar'])).toEqual({
      ok: true,
      value: [{ opened: ['/tmp/a.tar'] }],
    });
    t.openDropped.mockRejectedValueOnce(new AppError('INVALID_ARGUMENT', 'not a file', { n: 1 }));
    expect(await t.call(IPC_OPEN_DROPPED, t.goodEvent, ['/dev/null'])).toEqual({
      ok: false,
      error: { code: 'INVALID_ARGUMENT', message: 'not a file', details: { n: 1 } },
    });
    const foreign = { ...t.goodEvent, senderFrame: { ...t.goodEvent.senderFrame, url: 'https://evil.example/' } };
    expect(await t.call(IPC_OPEN_DROPPED, foreign, ['/etc/shadow'])).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(t.openDropped).toHaveBeenCalledTimes(2);
  });

  it('forwards contract events to our page only', () => {
    const t = setup();
    t.events.emit('menu.command', { command: 'connect' });
    expect(t.webContents.send).toHaveBeenCalledWith(IPC_EVENT, 'menu.command', { command: 'connect' });
    t.setUrl('data:text/html,crashed');
    t.events.emit('menu.command', { command: 'close-archive' });
    expect(t.webContents.send).toHaveBeenCalledTimes(1);
  });

  it('unbinds its handlers and its event subscription', () => {
    const t = setup();
    t.unbind();
    expect(t.handlers.size).toBe(0);
    t.events.emit('menu.command', { command: 'connect' });
    expect(t.webContents.send).not.toHaveBeenCalled();
  });
});
