import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface AppPaths {
  /** The folder holding package.json and dist/ (app.asar when packaged). */
  appRoot: string;
  rendererHtml: string;
  /** file:// URL of rendererHtml: the only page our window may show. */
  rendererUrl: string;
  preload: string;
  samplePath: string;
}

/**
 * Paths from the bundle's own folder (dist/main), not app.getAppPath(): the
 * latter differs between `electron .`, `electron dist/main/main.cjs` (the
 * Playwright launch) and the packaged app.
 */
export function resolveAppPaths(mainDir: string, packaged: { isPackaged: boolean; resourcesPath: string }): AppPaths {
  const appRoot = path.resolve(mainDir, '..', '..');
  const rendererHtml = path.join(appRoot, 'dist', 'renderer', 'index.html');
  return {
    appRoot,
    rendererHtml,
    rendererUrl: pathToFileURL(rendererHtml).href,
    preload: path.join(appRoot, 'dist', 'preload', 'preload.cjs'),
    samplePath: packaged.isPackaged
      ? path.join(packaged.resourcesPath, 'sample', 'sample-checkpoint.tar')
      : path.join(appRoot, 'resources', 'sample', 'sample-checkpoint.tar'),
  };
}
