import type { WebSocket } from 'ws';
import type { ClientMessage, ServerMessage } from '../../shared/wire';
import type { AppCore } from '../ipc/app-core';

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

/** The contract over one WebSocket: invokes in, results and events out. */
export function bridgeSocket(ws: WebSocket, core: AppCore): void {
  const send = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const unsubscribe = core.events.subscribe((event, payload) => send({ type: 'event', event, payload }));
  ws.on('message', (raw, isBinary) => {
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
    void core
      .dispatch(message.channel, message.args)
      .then((envelope) => send({ type: 'result', id: message.id, envelope }));
  });
  ws.on('close', unsubscribe);
  ws.on('error', unsubscribe);
}
