// The main bundle as scripts/build.mjs makes it, run with a fake `electron`:
// the window the shipped code opens is checked, not only its source modules.
import { build } from 'esbuild';
import { rawTextPlugin } from '../../../scripts/raw-text-plugin.mjs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

type Listener = (...args: unknown[]) => unknown;
const root = path.resolve(__dirname, '..', '..', '..');
const on = (map: Map<string, Listener>) => (event: string, l: Listener) => void map.set(event, l);

class FakeWebContents {
  listeners = new Map<string, Listener>();
  mainFrame = { processId: 1, routingId: 1 };
  setWindowOpenHandler() {}
  on = on(this.listeners);
  once = on(this.listeners);
  send() {}
  getURL = () => '';
  isDestroyed = () => false;
}
class FakeWindow {
  static created: FakeWindow[] = [];
  webContents = new FakeWebContents();
  constructor(public options: Record<string, unknown>) {
    FakeWindow.created.push(this);
  }
  loadURL = () => Promise.resolve();
  on() {}
  once() {}
  show() {}
  focus() {}
  restore() {}
  isDestroyed = () => false;
  isMinimized = () => false;
}
const appListeners = new Map<string, Listener>();
let userData = '';
const noop = () => undefined;
// The quit guard ends with app.exit() once the core is disposed: the test waits for that.
let onExit: () => void = noop;
const exited = new Promise<void>((resolve) => (onExit = resolve));
const fakeElectron = {
  app: {
    isPackaged: false,
    getPath: (name: string) => (name === 'userData' ? userData : os.tmpdir()),
    setPath: noop,
    requestSingleInstanceLock: () => true,
    on: on(appListeners),
    enableSandbox: noop,
    whenReady: () => Promise.resolve(),
    quit: noop,
    exit: () => onExit(),
  },
  BrowserWindow: FakeWindow,
  dialog: { showErrorBox: noop, showMessageBox: () => Promise.resolve({ response: 0 }) },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: noop },
  session: {
    defaultSession: {
      setPermissionRequestHandler: noop,
      setPermissionCheckHandler: noop,
      setDevicePermissionHandler: noop,
      webRequest: { onHeadersReceived: noop },
    },
  },
  shell: { openExternal: () => Promise.resolve() },
  ipcMain: { handle: noop, removeHandler: noop },
};

/** The 'main' target of scripts/build.mjs, written to a temporary folder (dist/ belongs to other builds). */
async function buildMain(outfile: string): Promise<void> {
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
    absWorkingDir: root,
    entryPoints: ['electron/main/index.ts'],
    outfile,
    external: ['electron'],
    plugins: [rawTextPlugin],
  });
}

const loader = Module as unknown as { _load(request: string, parent: unknown, isMain: boolean): unknown };
const FATAL = ['uncaughtException', 'unhandledRejection'] as const;
const proc: NodeJS.EventEmitter = process;
const fatalBefore = new Set(FATAL.flatMap((e) => proc.listeners(e)));
const savedArgv = process.argv;
let dir = '';
let bundle = '';

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ci-built-main-'));
  userData = path.join(dir, 'user-data');
  const outfile = path.join(dir, 'main', 'main.cjs');
  await buildMain(outfile);
  bundle = await readFile(outfile, 'utf8');
  const original = loader._load;
  loader._load = function (request, parent, isMain) {
    return request === 'electron' ? fakeElectron : original.call(this, request, parent, isMain);
  };
  process.argv = ['/x/electron'];
  try {
    createRequire(__filename)(outfile);
  } finally {
    loader._load = original;
    process.argv = savedArgv;
  }
  for (let i = 0; i < 200 && FakeWindow.created.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
}, 60_000);

afterAll(async () => {
  appListeners.get('before-quit')?.({ preventDefault: noop });
  await exited;
  for (const event of FATAL) {
    for (const l of proc.listeners(event)) if (!fatalBefore.has(l)) proc.off(event, l as Listener);
  }
  await rm(dir, { recursive: true, force: true });
});

describe('the built main bundle', () => {
  it('opens exactly one window with locked-down webPreferences', () => {
    expect(FakeWindow.created).toHaveLength(1);
    const prefs = FakeWindow.created[0]!.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('enableRemoteModule');
    expect(String(prefs['preload'])).toMatch(/preload\.cjs$/);
  });

  it('uses no remote module and only the electron APIs it is meant to', () => {
    expect(bundle).not.toMatch(/@electron\/remote|enableRemoteModule|\.remote\b\s*[.(]/);
    const used = new Set([...bundle.matchAll(/import_electron\d*\.(\w+)/g)].map((m) => m[1]));
    expect(used.size).toBeGreaterThan(3);
    for (const name of used)
      expect(['app', 'BrowserWindow', 'dialog', 'Menu', 'session', 'shell', 'ipcMain']).toContain(name);
    // electron is required only as the external module, never bundled.
    expect(bundle).toMatch(/require\("electron"\)/);
  });
});
