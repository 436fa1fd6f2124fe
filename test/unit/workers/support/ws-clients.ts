// Browser-host clients over a real WebSocket: invokes answered by id, and the
// events each client has seen, awaited by condition (never by time).
import { type WebSocket } from 'ws';
import type { Envelope } from '../../../../shared/envelope';
import type { EventMap, EventName } from '../../../../shared/events';
import { get, openWs } from '../../serve/http-client';

export interface Client {
  invoke<T>(channel: string, args: unknown): Promise<Envelope<T>>;
  /** Resolves with the first event (seen before or later) that matches. */
  event<E extends EventName>(name: E, match: (payload: EventMap[E]) => boolean): Promise<EventMap[E]>;
  seen<E extends EventName>(name: E): EventMap[E][];
  close(): void;
}

let nextId = 1;

/** `url` is the host's start URL (it carries the token that sets the cookie). */
export async function connectClient(url: string, origin: string): Promise<Client> {
  const cookie = String((await get(url)).headers['set-cookie']).split(';')[0] ?? '';
  const ws: WebSocket = await openWs(origin.replace('http', 'ws') + '/api/ws', { cookie, origin });
  const events: { event: string; payload: unknown }[] = [];
  const waiters = new Set<() => void>();
  const replies = new Map<number, (e: Envelope<unknown>) => void>();
  ws.on('message', (raw: Buffer) => {
    const m = JSON.parse(String(raw)) as {
      type: string;
      id?: number;
      envelope?: Envelope<unknown>;
      event?: string;
      payload?: unknown;
    };
    if (m.type === 'result' && m.id !== undefined) replies.get(m.id)?.(m.envelope!);
    if (m.type === 'event') {
      events.push({ event: m.event!, payload: m.payload });
      for (const w of [...waiters]) w();
    }
  });
  const seen = <E extends EventName>(name: E) =>
    events.filter((e) => e.event === name).map((e) => e.payload as EventMap[E]);
  return {
    invoke: <T>(channel: string, args: unknown) =>
      new Promise<Envelope<T>>((resolve) => {
        const id = nextId++;
        replies.set(id, (e) => {
          replies.delete(id);
          resolve(e as Envelope<T>);
        });
        ws.send(JSON.stringify({ type: 'invoke', id, channel, args }));
      }),
    event: (name, match) =>
      new Promise((resolve) => {
        const check = () => {
          const found = seen(name).find(match);
          if (found === undefined) return;
          waiters.delete(check);
          resolve(found);
        };
        waiters.add(check);
        check();
      }),
    seen,
    close: () => ws.terminate(),
  };
}
