import os from 'node:os';
import path from 'node:path';
import { app, dialog, Menu, session, type BrowserWindow } from 'electron';
import type { ArchiveSummary } from '../../shared/dto';
import { APP_NAME, APP_VERSION } from '../app-meta';
import type { AppCore } from '../ipc/app-core';
import type { Dispatch } from '../ipc/dispatch';
import type { HostServices } from '../app/host';
import { resolveAppPaths } from './app-paths';
import { fileFromArgv } from './argv';
import { createMainWindow, loadApp } from './create-window';
import { validateDroppedPaths } from './dropped-path';
import { createMainLog, installFatalHandlers } from './error-log';
import { electronHost } from './host-services';
import { bindElectronIpc } from './ipc-bridge';
import { buildMenuTemplate } from './menu';
import { claimSingleInstance } from './single-instance';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';
import { denyAllPermissions } from './window-security';
import { guardQuit } from './quit-guard';
import { CheckpointsInFlight } from '../app/checkpoint-shutdown';

/** The concrete services behind the contract, built by the composition file (index.ts). */
export type ComposeMain = (options: {
  host: HostServices;
  userDataDir: string;
  checkpoints: CheckpointsInFlight;
}) => Promise<{
  core: AppCore;
  /** Closes archives, jobs, containerd and removes this process's cache. */
  dispose(): Promise<void>;
}>;

/** Development only: tests point the app at a throwaway settings folder. */
const USER_DATA_ENV = 'CHECKPOINT_INSPECTOR_USER_DATA';

/** The app's lifecycle. `mainDir` is the folder of the built main.cjs (dist/main). */
export function startMainProcess(compose: ComposeMain, mainDir: string): void {
  const paths = resolveAppPaths(mainDir, { isPackaged: app.isPackaged, resourcesPath: process.resourcesPath });
  const devUserData = process.env[USER_DATA_ENV];
  if (!app.isPackaged && devUserData) app.setPath('userData', path.resolve(devUserData));
  const userDataDir = app.getPath('userData');
  const log = createMainLog(userDataDir);
  installFatalHandlers(process, { log, showError: (title, content) => dialog.showErrorBox(title, content) });

  // The packaged app has no app argument; `electron . FILE` and `electron dist/main/main.cjs FILE` do.
  const hasAppArgument = process.defaultApp === true;
  const initialFile = fileFromArgv(process.argv, { hasAppArgument, cwd: process.cwd() });

  // Every way out waits for these to undo what they did (quit-guard.ts).
  const checkpoints = new CheckpointsInFlight();
  let win: BrowserWindow | null = null;
  let core: AppCore | null = null;
  let disposeCore: (() => Promise<void>) | null = null;
  const pending: string[] = [];
  const window = () => (win && !win.isDestroyed() ? win : null);

  if (!claimSingleInstance(app, initialFile, hasAppArgument, (file) => onSecondInstance(file))) return;
  app.enableSandbox();

  app.on('web-contents-created', (_event, contents) => {
    // Belt and braces for any contents we did not create ourselves (DevTools excepted by type).
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  const showError = (title: string, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    const w = window();
    const box = { type: 'error' as const, title: APP_NAME, message: title, detail: message.slice(0, 500) };
    (w ? dialog.showMessageBox(w, box) : dialog.showMessageBox(box)).catch(() => undefined);
  };

  const refreshMenu = () => {
    const template = buildMenuTemplate({
      recent: core?.settings.recent() ?? [],
      isPackaged: app.isPackaged,
      actions: {
        openDialog: (what) => void openFromDialog(what),
        openRecent: (key) => void openRecent(key),
        command: (command) => core?.events.emit('menu.command', { command }),
        reload: () => {
          const w = window();
          if (w) loadApp(w, paths, log);
        },
        toggleDevTools: () => window()?.webContents.toggleDevTools(),
        about: () => void showAbout(),
        quit: () => app.quit(),
      },
    });
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  };

  /** Opened from outside the renderer (menu, argv, second instance): announce it. */
  const openAndAnnounce = async (archivePath: string): Promise<ArchiveSummary | null> => {
    if (!core) {
      pending.push(archivePath);
      return null;
    }
    try {
      const summary = await core.openPath(archivePath);
      core.events.emit('archive.opened', summary);
      refreshMenu();
      return summary;
    } catch (error) {
      log.error('open archive', error);
      showError(`Could not open ${path.basename(archivePath)}`, error);
      return null;
    }
  };

  const openFromDialog = async (what: 'file' | 'folder' = 'file') => {
    const chosen = await host.showOpenDialog?.(what);
    if (chosen) await openAndAnnounce(chosen);
  };
  const openRecent = async (key: string) => {
    const found = core?.settings.recentPath(key);
    if (found) await openAndAnnounce(found);
  };
  const showAbout = async () => {
    const box = {
      title: `About ${APP_NAME}`,
      message: `${APP_NAME} ${APP_VERSION}`,
      detail: `Electron ${process.versions.electron ?? '?'} · Chromium ${process.versions.chrome ?? '?'} · Node ${process.versions.node}`,
    };
    const w = window();
    await (w ? dialog.showMessageBox(w, box) : dialog.showMessageBox(box));
  };

  function onSecondInstance(file: string | null) {
    const w = window();
    if (w) {
      if (w.isMinimized()) w.restore();
      w.focus();
    }
    if (file) void openAndAnnounce(file);
  }

  const host: HostServices = {
    ...electronHost({ dialog, window, downloadsDir: safeDownloads(), samplePath: paths.samplePath }),
    logError: (context, error) => log.error(context, error),
  };

  const ready = async () => {
    denyAllPermissions(session.defaultSession);
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({
        responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
      });
    });
    const composed = await compose({ host, userDataDir, checkpoints });
    core = composed.core;
    disposeCore = () => composed.dispose();
    const opened = composed.core;
    const dispatch: Dispatch = async (channel, args) => {
      const reply = await opened.dispatch(channel, args);
      if (reply.ok && typeof channel === 'string' && channel.startsWith('archive.open')) refreshMenu();
      return reply;
    };
    bindElectronIpc({
      dispatch,
      events: opened.events,
      window,
      rendererUrl: paths.rendererUrl,
      log: (message) => log.write(message),
      openDropped: async (value) => {
        const summaries: ArchiveSummary[] = [];
        for (const dropped of await validateDroppedPaths(value)) summaries.push(await opened.openPath(dropped));
        refreshMenu();
        return summaries;
      },
    });
    refreshMenu();
    win = createMainWindow({ paths, log, title: APP_NAME });
    win.on('closed', () => {
      win = null;
    });
    // Open the command-line file once the page can hear the announcement.
    win.webContents.once('did-finish-load', () => {
      if (initialFile) pending.unshift(initialFile);
      for (const file of pending.splice(0)) void openAndAnnounce(file);
    });
  };

  app
    .whenReady()
    .then(ready, (error: unknown) => log.error('app ready', error))
    .catch((error: unknown) => {
      log.error('startup', error);
      showError('Checkpoint Inspector could not start', error);
    });

  app.on('window-all-closed', () => app.quit());
  guardQuit(app, {
    checkpoints,
    dispose: () => disposeCore?.() ?? Promise.resolve(),
    notify: (message) => {
      log.write(message);
      core?.events.emit('checkpoint.notice', {
        at: new Date().toISOString(),
        containerId: null,
        namespace: null,
        ok: true,
        message,
      });
    },
    log: (context, error) => log.error(context, error),
  });
  log.write(`started ${APP_NAME} ${APP_VERSION} (packaged: ${app.isPackaged})`);
}

function safeDownloads(): string {
  try {
    return app.getPath('downloads');
  } catch {
    return os.homedir();
  }
}
