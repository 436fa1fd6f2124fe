import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuActions } from '../../../electron/main/menu';

const actions = (): MenuActions => ({
  openDialog: vi.fn(),
  openRecent: vi.fn(),
  command: vi.fn(),
  reload: vi.fn(),
  toggleDevTools: vi.fn(),
  about: vi.fn(),
  quit: vi.fn(),
});

function flat(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flat(i.submenu) : [])]);
}
const byLabel = (items: MenuItemConstructorOptions[], label: string) => flat(items).find((i) => i.label === label);
const click = (item: MenuItemConstructorOptions | undefined) =>
  (item?.click as unknown as (() => void) | undefined)?.();

describe('buildMenuTemplate', () => {
  it('offers the file commands with their accelerators', () => {
    const a = actions();
    const menu = buildMenuTemplate({ recent: [], isPackaged: true, actions: a });
    expect(byLabel(menu, 'Open Checkpoint…')?.accelerator).toBe('CmdOrCtrl+O');
    expect(byLabel(menu, 'Close Archive')?.accelerator).toBe('CmdOrCtrl+W');
    click(byLabel(menu, 'Open Checkpoint…'));
    click(byLabel(menu, 'Connect to containerd…'));
    click(byLabel(menu, 'Close Archive'));
    click(byLabel(menu, 'Reload'));
    click(byLabel(menu, 'About Checkpoint Inspector'));
    expect(a.openDialog).toHaveBeenCalled();
    expect(byLabel(menu, 'Open Checkpoint Folder…')?.accelerator).toBe('CmdOrCtrl+Shift+O');
    click(byLabel(menu, 'Open Checkpoint Folder…'));
    expect(a.openDialog).toHaveBeenLastCalledWith('folder');
    expect(a.command).toHaveBeenNthCalledWith(1, 'connect');
    expect(a.command).toHaveBeenNthCalledWith(2, 'close-archive');
    expect(a.reload).toHaveBeenCalled();
    expect(a.about).toHaveBeenCalled();
  });

  it('offers DevTools in development only', () => {
    expect(
      byLabel(buildMenuTemplate({ recent: [], isPackaged: true, actions: actions() }), 'Toggle DevTools'),
    ).toBeUndefined();
    const a = actions();
    click(byLabel(buildMenuTemplate({ recent: [], isPackaged: false, actions: a }), 'Toggle DevTools'));
    expect(a.toggleDevTools).toHaveBeenCalled();
  });

  it('lists recent archives by opaque key, escaping & and clipping long paths', () => {
    const a = actions();
    const recent = [
      { key: 'k1', displayPath: '/data/a&b.tar', containerName: 'web', openedAt: '2026-01-01T00:00:00Z' },
      {
        key: 'k2',
        displayPath: `/data/${'d/'.repeat(100)}x.tar`,
        containerName: null,
        openedAt: '2026-01-01T00:00:00Z',
      },
    ];
    const menu = buildMenuTemplate({ recent, isPackaged: true, actions: a });
    const items = flat(menu).find((i) => i.id === 'recent')?.submenu as MenuItemConstructorOptions[];
    expect(items.map((i) => i.label)).toEqual(['web — /data/a&&b.tar', expect.stringMatching(/^….*x\.tar$/)]);
    expect(items[1]!.label!.length).toBeLessThanOrEqual(121);
    click(items[1]);
    expect(a.openRecent).toHaveBeenCalledWith('k2');
  });

  it('shows a disabled placeholder when nothing was opened yet', () => {
    const menu = buildMenuTemplate({ recent: [], isPackaged: true, actions: actions() });
    expect(flat(menu).find((i) => i.id === 'recent')?.submenu).toEqual([
      { label: 'No recent checkpoints', enabled: false },
    ]);
  });
});
