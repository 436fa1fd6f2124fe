import { BrowserWindow, dialog, shell } from 'electron';
import type { AppPaths } from './app-paths';
import { crashPageUrl } from './crash-page';
import type { MainLog } from './error-log';
import { guardWebContents, secureWebPreferences } from './window-security';

export interface WindowOptions {
  paths: AppPaths;
  log: MainLog;
  title: string;
}

/** Load our own page; used on start, on Reload and after a crash. */
export function loadApp(win: BrowserWindow, paths: AppPaths, log: MainLog): void {
  win.loadURL(paths.rendererUrl).catch((error: unknown) => log.error('loading the renderer failed', error));
}

async function recoverFromCrash(win: BrowserWindow, options: WindowOptions, reason: string): Promise<void> {
  await win.loadURL(crashPageUrl(reason)).catch(() => undefined);
  if (win.isDestroyed()) return;
  const { response } = await dialog.showMessageBox(win, {
    type: 'error',
    title: options.title,
    message: 'The window stopped unexpectedly.',
    detail: `Reason: ${reason}. Open archives are kept.`,
    buttons: ['Reload', 'Close Window'],
    defaultId: 0,
    cancelId: 1,
  });
  if (win.isDestroyed()) return;
  if (response === 0) loadApp(win, options.paths, options.log);
  else win.close();
}

/** The one window: sandboxed, isolated, no navigation away, a reload screen if its renderer dies. */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const { paths, log } = options;
  const win = new BrowserWindow({
    title: options.title,
    width: 1280,
    height: 820,
    minWidth: 720,
    minHeight: 480,
    show: false,
    webPreferences: secureWebPreferences(paths.preload),
  });
  guardWebContents(win.webContents, {
    rendererUrl: paths.rendererUrl,
    openExternal: (url) => shell.openExternal(url),
    log: (message) => log.write(message),
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('render-process-gone', (_event, details) => {
    log.write(`renderer gone: ${details.reason} (exit code ${details.exitCode})`);
    if (details.reason === 'clean-exit') return;
    recoverFromCrash(win, options, details.reason).catch((error: unknown) => log.error('crash recovery', error));
  });
  win.webContents.on('unresponsive', () => log.write('renderer unresponsive'));
  loadApp(win, paths, log);
  return win;
}
