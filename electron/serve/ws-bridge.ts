import type { WebSocket } from 'ws';
import type { ClientMessage, ServerMessage } from '../../shared/wire';
import type { AppCore } from '../ipc/app-core';
import type { HostLog } from './host-log';
import type { HostLimits } from './limits';

/** Close code for a client that does not read what it asked for (RFC 6455: policy violation). */
export const WS_CLOSE_UNREAD = 1008;

export type WsLimits = Pick<
  HostLimits,
  'wsPauseBytes' | 'wsMaxQueuedBytes' | 'wsMaxInFlight' | 'wsMaxPending' | 'wsCloseGraceMs'
>;

/** One client's flow state, reported on every change (for the host's log and for tests). */
export interface WsPressure {
  clientId: number;
  state: 'flowing' | 'paused' | 'closed';
  /** Bytes handed to the socket and not yet written out to the kernel. */
  queuedBytes: number;
  inFlight: number;
  pending: number;
}

export interface BridgeOptions {
  clientId: number;
  limits: WsLimits;
  log: HostLog;
  onPressure?: ((pressure: WsPressure) => void) | undefined;
}

function parseClientMessage(data: string): ClientMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const m = value as Record<string, unknown>;
  if (m.type !== 'invoke' || typeof m.id !== 'number' || !Number.isSafeInteger(m.id) || typeof m.channel !== 'string') {
    return null;
  }
  return { type: 'invoke', id: m.id, channel: m.channel, args: m.args };
}

const MiB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;

/**
 * The contract over one WebSocket: invokes in, results and events out, with
 * backpressure. A client that does not read its replies costs the host memory
 * for every one it asks for, so: once its unsent bytes pass wsPauseBytes its
 * requests wait and its socket is not read (TCP pushes back on it) until it
 * catches up; if it still falls behind (events, big replies) past
 * wsMaxQueuedBytes it is closed. Each client has its own budget: others go on.
 */
export function bridgeSocket(ws: WebSocket, core: AppCore, options: BridgeOptions): void {
  const { limits, log, clientId } = options;
  const pending: ClientMessage[] = [];
  let queuedBytes = 0;
  let inFlight = 0;
  let paused = false;
  let closed = false;
  let loggedPause = false;

  const report = () =>
    options.onPressure?.({
      clientId,
      state: closed ? 'closed' : paused ? 'paused' : 'flowing',
      queuedBytes,
      inFlight,
      pending: pending.length,
    });

  const stop = () => {
    if (closed) return;
    closed = true;
    pending.length = 0;
    unsubscribe();
  };

  const cut = (nextBytes: number) => {
    const reason = `replies not read: ${MiB(queuedBytes + nextBytes)} queued, limit ${MiB(limits.wsMaxQueuedBytes)}`;
    log(`closed WebSocket client ${clientId}: ${reason}`);
    stop();
    ws.close(WS_CLOSE_UNREAD, reason);
    // The close frame waits behind what the client is not reading: do not wait for it long.
    setTimeout(() => ws.terminate(), limits.wsCloseGraceMs).unref();
    report();
  };

  const send = (message: ServerMessage) => {
    if (closed || ws.readyState !== ws.OPEN) return;
    const data = Buffer.from(JSON.stringify(message));
    if (queuedBytes >= limits.wsPauseBytes && queuedBytes + data.length > limits.wsMaxQueuedBytes) {
      cut(data.length);
      return;
    }
    queuedBytes += data.length;
    ws.send(data, { binary: false }, () => {
      queuedBytes -= data.length;
      pump();
    });
  };

  function pump(): void {
    if (closed) return;
    while (pending.length > 0 && inFlight < limits.wsMaxInFlight && queuedBytes < limits.wsPauseBytes) {
      const message = pending.shift()!;
      inFlight++;
      void core.dispatch(message.channel, message.args).then((envelope) => {
        inFlight--;
        send({ type: 'result', id: message.id, envelope });
        pump();
      });
    }
    const behind = queuedBytes >= limits.wsPauseBytes || pending.length >= limits.wsMaxPending;
    if (behind && !paused) {
      paused = true;
      ws.pause();
      if (!loggedPause) {
        loggedPause = true;
        log(
          `WebSocket client ${clientId} is not reading its replies (${MiB(queuedBytes)} queued): paused until it does`,
        );
      }
    } else if (!behind && paused) {
      paused = false;
      ws.resume();
    }
    report();
  }

  const unsubscribe = core.events.subscribe((event, payload) => send({ type: 'event', event, payload }));
  ws.on('message', (raw, isBinary) => {
    if (closed) return;
    const text = Array.isArray(raw)
      ? Buffer.concat(raw).toString('utf8')
      : raw instanceof ArrayBuffer
        ? Buffer.from(raw).toString('utf8')
        : raw.toString('utf8');
    const message = isBinary ? null : parseClientMessage(text);
    if (!message) {
      ws.close(1003, 'malformed message');
      return;
    }
    pending.push(message);
    pump();
  });
  ws.on('close', () => {
    stop();
    report();
  });
  ws.on('error', stop);
}
