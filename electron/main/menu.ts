import type { MenuItemConstructorOptions } from 'electron';
import type { RecentArchive } from '../../shared/dto';

export interface MenuActions {
  openDialog(what?: 'file' | 'folder'): void;
  openRecent(key: string): void;
  /** Sends a `menu.command` event for the renderer to act on. */
  command(command: 'connect' | 'close-archive'): void;
  reload(): void;
  toggleDevTools(): void;
  about(): void;
  quit(): void;
}

export interface MenuOptions {
  recent: readonly RecentArchive[];
  /** DevTools are offered only in development builds. */
  isPackaged: boolean;
  actions: MenuActions;
}

const MAX_LABEL = 120;

function recentLabel(entry: RecentArchive): string {
  const name = entry.containerName ? `${entry.containerName} — ` : '';
  const label = `${name}${entry.displayPath}`;
  // '&' would turn into an accelerator marker on some platforms.
  const safe = label.replace(/&/g, '&&');
  return safe.length > MAX_LABEL ? `…${safe.slice(-MAX_LABEL)}` : safe;
}

/** The application menu as data, so tests check it without Electron. */
export function buildMenuTemplate({ recent, isPackaged, actions }: MenuOptions): MenuItemConstructorOptions[] {
  const recentItems: MenuItemConstructorOptions[] =
    recent.length === 0
      ? [{ label: 'No recent checkpoints', enabled: false }]
      : recent.map((entry) => ({ label: recentLabel(entry), click: () => actions.openRecent(entry.key) }));

  const view: MenuItemConstructorOptions[] = [
    { label: 'Reload', accelerator: 'CmdOrCtrl+R', click: () => actions.reload() },
  ];
  if (!isPackaged) {
    view.push({ label: 'Toggle DevTools', accelerator: 'CmdOrCtrl+Shift+I', click: () => actions.toggleDevTools() });
  }
  view.push(
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { role: 'togglefullscreen' },
  );

  return [
    {
      label: '&File',
      submenu: [
        { id: 'open', label: 'Open Checkpoint…', accelerator: 'CmdOrCtrl+O', click: () => actions.openDialog() },
        {
          id: 'open-folder',
          label: 'Open Checkpoint Folder…',
          accelerator: 'CmdOrCtrl+Shift+O',
          click: () => actions.openDialog('folder'),
        },
        { id: 'recent', label: 'Open Recent', submenu: recentItems },
        { type: 'separator' },
        { id: 'connect', label: 'Connect to containerd…', click: () => actions.command('connect') },
        { type: 'separator' },
        {
          id: 'close-archive',
          label: 'Close Archive',
          accelerator: 'CmdOrCtrl+W',
          click: () => actions.command('close-archive'),
        },
        { type: 'separator' },
        { id: 'quit', label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() },
      ],
    },
    { label: '&Edit', submenu: [{ role: 'copy' }, { role: 'selectAll' }] },
    { label: '&View', submenu: view },
    { label: '&Help', submenu: [{ id: 'about', label: 'About Checkpoint Inspector', click: () => actions.about() }] },
  ];
}
