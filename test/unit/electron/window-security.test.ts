import { describe, expect, it, vi } from 'vitest';
import {
  denyAllPermissions,
  guardWebContents,
  isExternalLink,
  isOwnAppUrl,
  secureWebPreferences,
  type GuardedContents,
} from '../../../electron/main/window-security';

const APP = 'file:///opt/app/resources/app.asar/dist/renderer/index.html';

type Listener = (...args: unknown[]) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((d: { url: string }) => { action: 'deny' }) | null = null;
  const contents = {
    setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => {
      openHandler = h;
    },
    on: (event: string, listener: Listener) => listeners.set(event, listener),
  } as unknown as GuardedContents;
  const navigate = (event: string, url: string) => {
    const preventDefault = vi.fn();
    listeners.get(event)?.({ preventDefault }, url);
    return preventDefault.mock.calls.length > 0;
  };
  return { contents, listeners, open: (url: string) => openHandler?.({ url }), navigate };
}

describe('secureWebPreferences', () => {
  it('isolates and sandboxes the renderer with no Node and no webview', () => {
    expect(secureWebPreferences('/p/preload.cjs')).toEqual({
      preload: '/p/preload.cjs',
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
    });
  });
});

describe('isOwnAppUrl', () => {
  it('accepts our page with a query or fragment', () => {
    expect(isOwnAppUrl(APP, APP)).toBe(true);
    expect(isOwnAppUrl(`${APP}#/archive/1`, APP)).toBe(true);
    expect(isOwnAppUrl(`${APP}?x=1`, APP)).toBe(true);
  });
  it('rejects other files, other schemes and garbage', () => {
    expect(isOwnAppUrl('file:///etc/passwd', APP)).toBe(false);
    expect(isOwnAppUrl('file:///opt/app/resources/app.asar/dist/renderer/other.html', APP)).toBe(false);
    expect(isOwnAppUrl('https://example.com/dist/renderer/index.html', APP)).toBe(false);
    expect(isOwnAppUrl('file://evil-host/opt/app/resources/app.asar/dist/renderer/index.html', APP)).toBe(false);
    expect(isOwnAppUrl('data:text/html,hi', APP)).toBe(false);
    expect(isOwnAppUrl('not a url', APP)).toBe(false);
  });
});

describe('isExternalLink', () => {
  it('allows plain http and https links only', () => {
    expect(isExternalLink('https://github.com/checkpoint-restore/criu')).toBe(true);
    expect(isExternalLink('http://example.com/')).toBe(true);
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'ms-settings:',
      'https://user:pw@example.com/',
      `https://example.com/${'a'.repeat(3000)}`,
      'nonsense',
    ]) {
      expect(isExternalLink(url), url).toBe(false);
    }
  });
});

describe('guardWebContents', () => {
  const setup = () => {
    const fake = fakeContents();
    const openExternal = vi.fn(async () => undefined);
    guardWebContents(fake.contents, { rendererUrl: APP, openExternal, log: vi.fn() });
    return { ...fake, openExternal };
  };

  it('denies window.open and hands https links to the system browser', () => {
    const { open, openExternal } = setup();
    expect(open('https://example.com/doc')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://example.com/doc');
  });

  it('denies window.open of a file URL without opening anything', () => {
    const { open, openExternal } = setup();
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('blocks navigation to another origin and allows our own page', () => {
    const { navigate, openExternal } = setup();
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://evil.example/');
    expect(navigate('will-navigate', 'file:///home/u/secret.txt')).toBe(true);
    expect(navigate('will-navigate', `${APP}#/x`)).toBe(false);
    expect(navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(navigate('will-redirect', APP)).toBe(false);
  });

  it('refuses to attach webviews', () => {
    const { listeners } = setup();
    const preventDefault = vi.fn();
    listeners.get('will-attach-webview')?.({ preventDefault });
    expect(preventDefault).toHaveBeenCalled();
  });
});

describe('denyAllPermissions', () => {
  it('answers every permission request and check with no', () => {
    let request: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | null = null;
    let check: ((wc: unknown, p: string) => boolean) | null = null;
    let device: ((d: unknown) => boolean) | null = null;
    denyAllPermissions({
      setPermissionRequestHandler: (h) => (request = h),
      setPermissionCheckHandler: (h) => (check = h),
      setDevicePermissionHandler: (h) => (device = h),
    });
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      const callback = vi.fn();
      request!(null, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(check!(null, permission)).toBe(false);
    }
    expect(device!({})).toBe(false);
  });
});
