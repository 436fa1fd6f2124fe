import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../../electron/app/event-bus';
import type { AppCore } from '../../../electron/ipc/app-core';
import { IPC_EVENT, IPC_INVOKE, IPC_OPEN_DROPPED } from '../../../electron/preload/ipc-channels';

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => {
  const on = (map: Map<string, Listener>) => (event: string, l: Listener) => map.set(event, l);
  class FakeWebContents {
    listeners = new Map<string, Listener>();
    mainFrame = { processId: 3, routingId: 1 };
    url = '';
    send = vi.fn();
    setWindowOpenHandler() {}
    on = on(this.listeners);
    once = on(this.listeners);
    getURL = () => this.url;
    isDestroyed = () => false;
  }
  class FakeWindow {
    static created: FakeWindow[] = [];
    webContents = new FakeWebContents();
    listeners = new Map<string, Listener>();
    focus = vi.fn();
    constructor(public options: Record<string, unknown>) {
      FakeWindow.created.push(this);
    }
    loadURL(url: string) {
      this.webContents.url = url;
      return Promise.resolve();
    }
    on = on(this.listeners);
    once = on(this.listeners);
    show() {}
    isDestroyed = () => false;
    isMinimized = () => false;
    restore() {}
  }
  const appListeners = new Map<string, Listener>();
  return {
    FakeWindow,
    appListeners,
    userData: { dir: '' },
    app: {
      isPackaged: false,
      getPath: (name: string) => (name === 'userData' ? fake.userData.dir : os.tmpdir()),
      setPath: vi.fn(),
      requestSingleInstanceLock: vi.fn((_data?: unknown) => true),
      on: on(appListeners),
      enableSandbox: vi.fn(),
      whenReady: () => Promise.resolve(),
      quit: vi.fn(),
      exit: vi.fn(),
    },
    ipcHandlers: new Map<string, Listener>(),
    session: {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      webRequest: { onHeadersReceived: vi.fn() },
    },
    setApplicationMenu: vi.fn(),
  };
});

vi.mock('electron', () => ({
  app: fake.app,
  BrowserWindow: fake.FakeWindow,
  dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: fake.setApplicationMenu },
  session: { defaultSession: fake.session },
  shell: { openExternal: vi.fn() },
  ipcMain: { handle: (c: string, h: Listener) => fake.ipcHandlers.set(c, h), removeHandler: vi.fn() },
}));

const flush = () => new Promise((r) => setTimeout(r, 10));
const events = new EventBus();
const summary = (p: string) => ({ archiveId: 'a1', containerName: 'web', path: p });
const core = {
  dispatch: vi.fn(async () => ({ ok: true, value: 'dispatched' })),
  events,
  settings: { recent: () => [], recentPath: () => null },
  openPath: vi.fn(async (p: string) => summary(p)),
};
const dispose = vi.fn(async () => undefined);
const savedArgv = process.argv;
const FATAL = ['uncaughtException', 'unhandledRejection', 'SIGINT', 'SIGTERM', 'SIGHUP'] as const;
// startMainProcess installs fatal-error and signal handlers on this worker's process; they are removed afterwards.
const proc: NodeJS.EventEmitter = process;
const before = new Set(FATAL.flatMap((e) => proc.listeners(e)));

beforeAll(async () => {
  fake.userData.dir = await mkdtemp(path.join(os.tmpdir(), 'ci-main-'));
  process.argv = ['/x/electron', '--inspect=0', '/work/main', '/data/cp.tar'];
  Object.defineProperty(process, 'defaultApp', { value: true, configurable: true });
  const { startMainProcess } = await import('../../../electron/main/start-main-process');
  startMainProcess(async () => ({ core: core as unknown as AppCore, dispose }), '/work/main/dist/main');
  await flush();
});

afterAll(async () => {
  process.argv = savedArgv;
  Reflect.deleteProperty(process, 'defaultApp');
  for (const event of FATAL) {
    for (const l of proc.listeners(event)) if (!before.has(l)) proc.off(event, l as Listener);
  }
  await rm(fake.userData.dir, { recursive: true, force: true });
});

describe('startMainProcess', () => {
  const win = () => fake.FakeWindow.created[0]!;

  it('claims the single-instance lock with its file and sandboxes every renderer', () => {
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalledWith({ file: '/data/cp.tar' });
    expect(fake.app.enableSandbox).toHaveBeenCalled();
  });

  it('opens one secured window on our page, with permissions denied and IPC bound', () => {
    expect(fake.FakeWindow.created).toHaveLength(1);
    expect(win().options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
    });
    expect(win().webContents.url).toBe('file:///work/main/dist/renderer/index.html');
    expect(fake.session.setPermissionRequestHandler).toHaveBeenCalled();
    expect([...fake.ipcHandlers.keys()].sort()).toEqual([IPC_OPEN_DROPPED, IPC_INVOKE].sort());
    expect(fake.setApplicationMenu).toHaveBeenCalled();
  });

  it('opens the command-line file once the page has loaded and announces it', async () => {
    expect(core.openPath).not.toHaveBeenCalled();
    win().webContents.listeners.get('did-finish-load')!();
    await flush();
    expect(core.openPath).toHaveBeenCalledWith('/data/cp.tar');
    expect(win().webContents.send).toHaveBeenCalledWith(IPC_EVENT, 'archive.opened', summary('/data/cp.tar'));
  });

  it('focuses the window and opens the file a second launch hands over', async () => {
    fake.appListeners.get('second-instance')!({}, ['/x/electron', '/work/main', 'x.tar'], '/home/u', {
      file: '/data/two.tar',
    });
    await flush();
    expect(win().focus).toHaveBeenCalled();
    expect(core.openPath).toHaveBeenLastCalledWith('/data/two.tar');
  });

  it('serves contract calls from our main frame through the core dispatch', async () => {
    const frame = { ...win().webContents.mainFrame, parent: null, url: win().webContents.url };
    const reply = await fake.ipcHandlers.get(IPC_INVOKE)!(
      { sender: win().webContents, senderFrame: frame },
      'app.info',
      {},
    );
    expect(reply).toEqual({ ok: true, value: 'dispatched' });
  });

  it('quits when the window closes, holding the quit until the core is disposed (once), then exits', async () => {
    fake.appListeners.get('window-all-closed')!();
    expect(fake.app.quit).toHaveBeenCalled();
    const event = { preventDefault: vi.fn() };
    fake.appListeners.get('before-quit')!(event);
    fake.appListeners.get('before-quit')!(event);
    expect(event.preventDefault).toHaveBeenCalledTimes(2);
    expect(dispose).toHaveBeenCalledTimes(1);
    await flush();
    expect(fake.app.exit).toHaveBeenCalledWith(0);
  });
});
