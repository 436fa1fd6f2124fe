// containerd's event stream with reconnect and backoff: the container list
// refetches on events (and on reconnect, since events may have been missed)
// instead of polling.
import type { ConnectionStatus } from '../../shared/dto/containerd';
import { AppError, toErrorInfo } from '../../shared/errors';
import type { Envelope } from './messages';
import type { Rpc } from './rpc';

export interface ContainerdEvent {
  namespace: string | null;
  topic: string;
}

/** Sent after each (re)connection so subscribers refetch what they may have missed. */
export const CONNECTED_TOPIC = '/checkpoint-inspector/connected';

export interface WatchOptions {
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  versionTimeoutMs?: number;
}

export function watchEvents(
  rpc: Rpc,
  onEvent: (e: ContainerdEvent) => void,
  onStatus: (s: ConnectionStatus) => void = () => undefined,
  opts: WatchOptions = {},
): () => void {
  const initial = opts.initialBackoffMs ?? 250;
  const max = opts.maxBackoffMs ?? 5000;
  const stop = new AbortController();
  let backoff = initial;
  let version: string | null = null;
  const status = (state: ConnectionStatus['state'], error: unknown = null) =>
    onStatus({ state, socketPath: rpc.socketPath, version, error: error === null ? null : toErrorInfo(error) });

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      stop.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });

  const loop = async () => {
    while (!stop.signal.aborted) {
      status('connecting');
      try {
        const v = await rpc.unary<{ version: string }>(
          'version',
          'Version',
          {},
          {
            timeoutMs: opts.versionTimeoutMs ?? 5000,
            signal: stop.signal,
          },
        );
        version = v.version;
        const stream = rpc.stream<Envelope>('events', 'Subscribe', {}, { timeoutMs: 0, signal: stop.signal });
        status('connected');
        backoff = initial;
        onEvent({ namespace: null, topic: CONNECTED_TOPIC });
        for await (const env of stream) {
          onEvent({ namespace: env.namespace || null, topic: env.topic });
        }
        if (!stop.signal.aborted) status('disconnected');
      } catch (error) {
        if (stop.signal.aborted) break;
        status('error', error instanceof AppError ? error : new AppError('CONTAINERD_UNREACHABLE', String(error)));
      }
      if (stop.signal.aborted) break;
      await sleep(backoff);
      backoff = Math.min(max, backoff * 2);
    }
  };
  void loop().catch(() => undefined);
  return () => stop.abort();
}
