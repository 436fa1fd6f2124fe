import { ipcRenderer } from 'electron';
import type { Transport } from './create-api';
import { IPC_EVENT, IPC_INVOKE, IPC_OPEN_DROPPED } from './ipc-channels';

/**
 * The ONLY renderer-side file that touches ipcRenderer (enforced by lint).
 * One listener on the event channel fans out to subscribers, so the page
 * never sees ipcRenderer or an IpcRendererEvent.
 */
export function createIpcTransport(): Transport {
  const subscribers = new Set<(event: string, payload: unknown) => void>();
  ipcRenderer.on(IPC_EVENT, (_event, name: unknown, payload: unknown) => {
    if (typeof name !== 'string') return;
    for (const subscriber of subscribers) {
      try {
        subscriber(name, payload);
      } catch {
        // One failing page listener must not starve the others.
      }
    }
  });
  return {
    invoke: (channel, args) => ipcRenderer.invoke(IPC_INVOKE, channel, args),
    openDropped: (paths) => ipcRenderer.invoke(IPC_OPEN_DROPPED, paths),
    subscribe(listener) {
      subscribers.add(listener);
      return () => {
        subscribers.delete(listener);
      };
    },
  };
}
