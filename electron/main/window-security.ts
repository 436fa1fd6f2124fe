import type { WebPreferences } from 'electron';

/** The one set of webPreferences for every window we open. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

/** True only for our renderer page itself (any query or fragment), never a sibling file. */
export function isOwnAppUrl(url: string, rendererUrl: string): boolean {
  let target: URL;
  let own: URL;
  try {
    target = new URL(url);
    own = new URL(rendererUrl);
  } catch {
    return false;
  }
  return (
    target.protocol === 'file:' &&
    own.protocol === 'file:' &&
    target.host === own.host &&
    target.pathname === own.pathname
  );
}

/** A link we may hand to the system browser: http(s), no credentials, sane length. */
export function isExternalLink(url: string): boolean {
  if (typeof url !== 'string' || url.length > 2048) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.hostname !== ''
  );
}

/** Minimal views of Electron objects, so tests drive the guards with fakes. */
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(
    event: 'will-navigate' | 'will-redirect',
    listener: (event: { preventDefault(): void }, url: string) => void,
  ): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

export interface GuardOptions {
  rendererUrl: string;
  openExternal(url: string): Promise<void>;
  log(message: string): void;
}

function openIfExternal(url: string, options: GuardOptions): void {
  if (!isExternalLink(url)) return;
  options.openExternal(url).catch((error: unknown) => options.log(`openExternal failed: ${String(error)}`));
}

/** window.open is always denied; navigation only to our own page; links go to the system browser. */
export function guardWebContents(contents: GuardedContents, options: GuardOptions): void {
  contents.setWindowOpenHandler(({ url }) => {
    openIfExternal(url, options);
    return { action: 'deny' };
  });
  const blockForeign = (event: { preventDefault(): void }, url: string) => {
    if (isOwnAppUrl(url, options.rendererUrl)) return;
    event.preventDefault();
    openIfExternal(url, options);
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-redirect', (event, url) => {
    if (!isOwnAppUrl(url, options.rendererUrl)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export interface GuardedSession {
  setPermissionRequestHandler(
    handler: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((wc: unknown, permission: string) => boolean) | null): void;
  setDevicePermissionHandler?(handler: ((details: unknown) => boolean) | null): void;
}

/** The inspector needs no web permission: camera, notifications, HID, clipboard read... all denied. */
export function denyAllPermissions(session: GuardedSession): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
}
