import { describe, expect, it, vi } from 'vitest';
import { crashPageUrl } from '../../../electron/main/crash-page';
import { electronHost, safeFileName } from '../../../electron/main/host-services';
import { resolveAppPaths } from '../../../electron/main/app-paths';

function host(
  result: { canceled: boolean; filePaths?: string[]; filePath?: string },
  samplePath = '/nonexistent/sample.tar',
) {
  const dialog = {
    showOpenDialog: vi.fn(async () => ({ canceled: result.canceled, filePaths: result.filePaths ?? [] })),
    showSaveDialog: vi.fn(async () => ({ canceled: result.canceled, filePath: result.filePath ?? '' })),
  };
  const h = electronHost({
    dialog,
    window: () => null,
    downloadsDir: '/home/u/Downloads',
    samplePath,
  });
  return { h, dialog };
}

describe('electronHost', () => {
  it('returns the chosen archive or null when cancelled, filtering archive types', async () => {
    const { h, dialog } = host({ canceled: false, filePaths: ['/data/cp.tar'] });
    await expect(h.showOpenDialog!()).resolves.toBe('/data/cp.tar');
    const opts = dialog.showOpenDialog.mock.calls[0] as unknown as [{ filters: { extensions: string[] }[] }];
    expect(opts[0].filters[0]!.extensions).toEqual(expect.arrayContaining(['tar', 'tar.gz', 'tar.zst']));
    expect(opts[0].filters.at(-1)!.extensions).toEqual(['*']);
    await expect(host({ canceled: true }).h.showOpenDialog!()).resolves.toBeNull();
  });

  it('suggests a sanitised name in the downloads folder when saving', async () => {
    const { h, dialog } = host({ canceled: false, filePath: '/home/u/Downloads/hosts' });
    await expect(h.showSaveDialog!('../../etc/hosts')).resolves.toBe('/home/u/Downloads/hosts');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      expect.objectContaining({ defaultPath: '/home/u/Downloads/hosts' }),
    );
  });

  it('offers the sample only when it is on disk', () => {
    expect(host({ canceled: true }).h.samplePath).toBeNull();
    expect(host({ canceled: true }, '/bin/sh').h.samplePath).toBe('/bin/sh');
    expect(host({ canceled: true }).h.kind).toBe('electron');
  });
});

describe('safeFileName', () => {
  it('keeps a base name without control characters or leading dots', () => {
    expect(safeFileName('a/b/c.txt')).toBe('c.txt');
    expect(safeFileName('..\\..\\evil\u0007.sh')).toBe('evil.sh');
    expect(safeFileName('.bashrc')).toBe('bashrc');
    expect(safeFileName('dir/')).toBe('file');
    expect(safeFileName('x'.repeat(500))).toHaveLength(200);
  });
});

describe('resolveAppPaths', () => {
  it('finds the renderer, preload and sample from the bundle folder', () => {
    const dev = resolveAppPaths('/work/main/dist/main', { isPackaged: false, resourcesPath: '/unused' });
    expect(dev.rendererUrl).toBe('file:///work/main/dist/renderer/index.html');
    expect(dev.preload).toBe('/work/main/dist/preload/preload.cjs');
    expect(dev.samplePath).toBe('/work/main/resources/sample/sample-checkpoint.tar');
    const packaged = resolveAppPaths('/opt/ci/resources/app.asar/dist/main', {
      isPackaged: true,
      resourcesPath: '/opt/ci/resources',
    });
    expect(packaged.preload).toBe('/opt/ci/resources/app.asar/dist/preload/preload.cjs');
    expect(packaged.samplePath).toBe('/opt/ci/resources/sample/sample-checkpoint.tar');
  });
});

describe('crashPageUrl', () => {
  it('is a script-free page that escapes the reason', () => {
    const html = decodeURIComponent(
      crashPageUrl('<img src=x onerror=alert(1)>').replace(/^data:text\/html;charset=utf-8,/, ''),
    );
    expect(html).toContain("default-src 'none'");
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Reload');
  });
});
