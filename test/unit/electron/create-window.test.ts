import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppPaths } from '../../../electron/main/app-paths';

type Listener = (...args: unknown[]) => void;

const electron = vi.hoisted(() => {
  class FakeWebContents {
    listeners = new Map<string, Listener>();
    openHandler: ((d: { url: string }) => unknown) | null = null;
    setWindowOpenHandler(h: (d: { url: string }) => unknown) {
      this.openHandler = h;
    }
    on(event: string, l: Listener) {
      this.listeners.set(event, l);
      return this;
    }
    emit(event: string, ...args: unknown[]) {
      this.listeners.get(event)?.(...args);
    }
  }
  class FakeWindow {
    static created: FakeWindow[] = [];
    webContents = new FakeWebContents();
    loaded: string[] = [];
    closed = false;
    constructor(public options: Record<string, unknown>) {
      FakeWindow.created.push(this);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    once() {}
    show() {}
    isDestroyed() {
      return false;
    }
    close() {
      this.closed = true;
    }
  }
  return {
    FakeWindow,
    showMessageBox: vi.fn(async (..._a: unknown[]) => ({ response: 0 })),
    openExternal: vi.fn(async (_url: string) => undefined),
  };
});

vi.mock('electron', () => ({
  BrowserWindow: electron.FakeWindow,
  dialog: { showMessageBox: electron.showMessageBox },
  shell: { openExternal: electron.openExternal },
}));

const { createMainWindow } = await import('../../../electron/main/create-window');

const paths: AppPaths = {
  appRoot: '/opt/app',
  rendererHtml: '/opt/app/dist/renderer/index.html',
  rendererUrl: 'file:///opt/app/dist/renderer/index.html',
  preload: '/opt/app/dist/preload/preload.cjs',
  samplePath: '/opt/app/resources/sample/sample-checkpoint.tar',
};
const log = { file: '/tmp/main.log', write: vi.fn(), error: vi.fn() };

function open() {
  electron.FakeWindow.created.length = 0;
  createMainWindow({ paths, log, title: 'Checkpoint Inspector' });
  return electron.FakeWindow.created[0]!;
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('createMainWindow', () => {
  beforeEach(() => {
    electron.showMessageBox.mockClear();
    electron.openExternal.mockClear();
  });

  it('creates one window with the secure preferences and our preload, and loads our page', () => {
    const win = open();
    expect(win.options.webPreferences).toMatchObject({
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(win.loaded).toEqual([paths.rendererUrl]);
  });

  it('denies window.open and blocks foreign navigation on the window', () => {
    const win = open();
    expect(win.webContents.openHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(electron.openExternal).toHaveBeenCalledWith('https://example.com/');
    const preventDefault = vi.fn();
    win.webContents.emit('will-navigate', { preventDefault }, 'file:///etc/passwd');
    expect(preventDefault).toHaveBeenCalled();
  });

  it('shows the reload screen when the renderer dies, then reloads our page', async () => {
    const win = open();
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    await flush();
    expect(win.loaded[1]).toMatch(/^data:text\/html/);
    expect(decodeURIComponent(win.loaded[1]!)).toContain('crashed');
    expect(electron.showMessageBox).toHaveBeenCalledTimes(1);
    expect(win.loaded[2]).toBe(paths.rendererUrl);
    expect(log.write).toHaveBeenCalledWith(expect.stringContaining('renderer gone: crashed'));
  });

  it('closes the window when the user declines to reload, and ignores a clean exit', async () => {
    electron.showMessageBox.mockResolvedValueOnce({ response: 1 });
    const win = open();
    win.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 0 });
    await flush();
    expect(win.closed).toBe(true);
    const calm = open();
    calm.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    await flush();
    expect(calm.loaded).toEqual([paths.rendererUrl]);
  });
});
