import { ipcMain as electronIpcMain, type IpcMain, type IpcMainInvokeEvent } from 'electron';
import type { Envelope } from '../../shared/envelope';
import { toErrorInfo } from '../../shared/errors';
import type { Dispatch } from '../ipc/dispatch';
import type { EventBus } from '../app/event-bus';
import { IPC_EVENT, IPC_INVOKE, IPC_OPEN_DROPPED } from '../preload/ipc-channels';
import { isOwnAppUrl } from './window-security';

/** What the bridge needs of the event and the window (structural, for tests). */
export type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

export interface BridgeTarget {
  readonly webContents: {
    readonly mainFrame: { processId: number; routingId: number };
    getURL(): string;
    isDestroyed(): boolean;
    send(channel: string, ...args: unknown[]): void;
  };
  isDestroyed(): boolean;
}

export interface IpcBridgeOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  dispatch: Dispatch;
  events: EventBus;
  /** The window allowed to call; null while none is open. */
  window(): BridgeTarget | null;
  rendererUrl: string;
  /** Opens validated-by-the-callee dropped paths. */
  openDropped(paths: unknown): Promise<unknown>;
  log(message: string): void;
}

/**
 * Trusted: sent by our window's top frame while it shows our own page. A
 * frame that navigated elsewhere (the crash page, a hostile iframe) is not.
 */
export function isTrustedSender(event: SenderEvent, win: BridgeTarget | null, rendererUrl: string): boolean {
  if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return false;
  if ((event.sender as unknown) !== win.webContents) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  const top = win.webContents.mainFrame;
  if (frame.processId !== top.processId || frame.routingId !== top.routingId) return false;
  return isOwnAppUrl(frame.url, rendererUrl);
}

const forbidden = (): Envelope<never> => ({
  ok: false,
  error: { code: 'FORBIDDEN', message: 'this frame may not call the app' },
});

/**
 * The ONLY main-side file that touches ipcMain (enforced by lint): one
 * generic handler for every contract channel, one for dropped files, and
 * contract events forwarded to the window. Returns the unbinding function.
 */
export function bindIpc(options: IpcBridgeOptions): () => void {
  const { ipcMain, dispatch, rendererUrl } = options;
  const trusted = (event: SenderEvent) => isTrustedSender(event, options.window(), rendererUrl);

  ipcMain.handle(IPC_INVOKE, async (event, channel: unknown, args: unknown) => {
    if (!trusted(event)) {
      options.log(`ipc: refused ${String(channel).slice(0, 80)} from an untrusted frame`);
      return forbidden();
    }
    return dispatch(channel, args);
  });

  ipcMain.handle(IPC_OPEN_DROPPED, async (event, paths: unknown): Promise<Envelope<unknown>> => {
    if (!trusted(event)) return forbidden();
    try {
      return { ok: true, value: await options.openDropped(paths) };
    } catch (error) {
      return { ok: false, error: toErrorInfo(error) };
    }
  });

  const unsubscribe = options.events.subscribe((name, payload) => {
    const win = options.window();
    if (!win || win.isDestroyed() || win.webContents.isDestroyed()) return;
    // Events carry archive data: only our own page receives them.
    if (!isOwnAppUrl(win.webContents.getURL(), rendererUrl)) return;
    win.webContents.send(IPC_EVENT, name, payload);
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE);
    ipcMain.removeHandler(IPC_OPEN_DROPPED);
  };
}

/** bindIpc on Electron's own ipcMain, so no other file needs to name it. */
export function bindElectronIpc(options: Omit<IpcBridgeOptions, 'ipcMain'>): () => void {
  return bindIpc({ ...options, ipcMain: electronIpcMain });
}
