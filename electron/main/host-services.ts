import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import type { HostServices } from '../app/host';

export const ARCHIVE_FILTERS = [
  { name: 'Checkpoint archives', extensions: ['tar', 'tar.gz', 'tgz', 'tar.zst', 'tzst'] },
  { name: 'All files', extensions: ['*'] },
];

/** A name from a (possibly hostile) archive, made safe to suggest in a save dialog. */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/^\.+/, '')
    .slice(0, 200);
  return cleaned.length > 0 ? cleaned : 'file';
}

export interface ElectronHostOptions {
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  window(): BrowserWindow | null;
  downloadsDir: string;
  samplePath: string;
}

/** Electron's HostServices: native dialogs, and the bundled sample when it ships. */
export function electronHost(options: ElectronHostOptions): HostServices {
  const { dialog } = options;
  return {
    kind: 'electron',
    samplePath: existsSync(options.samplePath) ? options.samplePath : null,
    async showOpenDialog(what = 'file') {
      const win = options.window();
      const opts =
        what === 'folder'
          ? { title: 'Open Checkpoint Folder', properties: ['openDirectory' as const] }
          : { title: 'Open Checkpoint', properties: ['openFile' as const], filters: ARCHIVE_FILTERS };
      const result = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async showSaveDialog(defaultName) {
      const win = options.window();
      const opts = { title: 'Save File', defaultPath: path.join(options.downloadsDir, safeFileName(defaultName)) };
      const result = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
