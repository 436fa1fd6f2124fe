import type { Api } from '../../../shared/api';
import type { ArchiveSummary } from '../../../shared/dto';
import type { Envelope } from '../../../shared/envelope';
import { fromErrorInfo } from '../../../shared/errors';
import { connectionLost, probeHost, refusedConnection } from './connection-errors';
import { DOWNLOAD_PATH, UPLOAD_PATH, WS_PATH, type ClientMessage, type ServerMessage } from '../../../shared/wire';

type Pending = { resolve: (value: unknown) => void; reject: (error: unknown) => void };
type Listener = (payload: unknown) => void;

function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw fromErrorInfo(envelope.error);
}

/**
 * `window.api` over the browser host: invokes and events on one WebSocket
 * (authenticated by the HttpOnly cookie the first load set), bytes over HTTP.
 * Reconnects when the socket drops; calls made meanwhile wait for it.
 */
export function createWsApi(origin: string = window.location.origin): Api {
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<Listener>>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let ready: Promise<WebSocket> | null = null;
  // Once a socket opened, a refusal later means the host stopped, not that the page lacks its token.
  let wasConnected = false;

  const connect = (): Promise<WebSocket> => {
    if (ready) return ready;
    ready = new Promise((resolve, reject) => {
      const ws = new WebSocket(origin.replace(/^http/, 'ws') + WS_PATH);
      let opened = false;
      ws.onopen = () => {
        opened = true;
        wasConnected = true;
        socket = ws;
        resolve(ws);
      };
      ws.onmessage = (message) => {
        const data = JSON.parse(String(message.data)) as ServerMessage;
        if (data.type === 'result') {
          const waiter = pending.get(data.id);
          pending.delete(data.id);
          if (!waiter) return;
          try {
            waiter.resolve(unwrap(data.envelope));
          } catch (error) {
            waiter.reject(error);
          }
        } else {
          listeners.get(data.event)?.forEach((listener) => listener(data.payload));
        }
      };
      ws.onclose = () => {
        socket = null;
        ready = null;
        for (const waiter of pending.values()) waiter.reject(connectionLost());
        pending.clear();
        // A socket that never opened: ask the host over HTTP why (not running, or no token).
        if (!opened) probeHost(origin).then((probe) => reject(refusedConnection(probe, wasConnected)), reject);
        // Events resume when the next call reconnects, or after a short wait.
        if (listeners.size > 0) setTimeout(() => void connect().catch(() => undefined), 1000);
      };
    });
    return ready;
  };

  const api: Api = {
    async invoke(channel, args) {
      const ws = socket ?? (await connect());
      const id = nextId++;
      const message: ClientMessage = { type: 'invoke', id, channel, args };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify(message));
      });
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const wrapped = listener as Listener;
      set.add(wrapped);
      void connect().catch(() => undefined);
      return () => {
        set.delete(wrapped);
      };
    },
    async openFiles(files) {
      const opened: ArchiveSummary[] = [];
      for (const file of files) {
        const response = await fetch(`${origin}${UPLOAD_PATH}?name=${encodeURIComponent(file.name)}`, {
          method: 'POST',
          body: file,
          credentials: 'same-origin',
          headers: { 'content-type': 'application/octet-stream' },
        });
        opened.push(unwrap((await response.json()) as Envelope<ArchiveSummary>));
      }
      return opened;
    },
    async saveRootfsFile(archiveId, path) {
      const url = `${origin}${DOWNLOAD_PATH}?archiveId=${encodeURIComponent(archiveId)}&path=${encodeURIComponent(path)}`;
      const link = document.createElement('a');
      link.href = url;
      link.download = path.split('/').pop() || 'file';
      link.rel = 'noopener';
      document.body.appendChild(link);
      link.click();
      link.remove();
      return { saved: true };
    },
  };
  return api;
}
