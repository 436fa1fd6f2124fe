import type { ArgsOf, ChannelName, ResultOf } from '../../../shared/contract';
import type { ErrorInfo } from '../../../shared/errors';
import { getApi } from '../api';
import { toInfo } from './errors';

export interface QueryEntry {
  status: 'loading' | 'done' | 'error';
  data: unknown;
  error: ErrorInfo | null;
}

/**
 * Results of read-only channels, keyed by channel and arguments, so that
 * switching tabs does not ask main again. Bounded: oldest entries go first.
 */
const MAX_ENTRIES = 300;
const cache = new Map<string, QueryEntry>();
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

export function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function queryKey(channel: ChannelName, args: unknown): string {
  return `${channel}\u0000${JSON.stringify(args)}`;
}

export function peek(key: string): QueryEntry | undefined {
  return cache.get(key);
}

function put(key: string, entry: QueryEntry): void {
  cache.delete(key);
  cache.set(key, entry);
  while (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  notify();
}

export function fetchQuery<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>> {
  const key = queryKey(channel, args);
  put(key, { status: 'loading', data: undefined, error: null });
  const promise = getApi().invoke(channel, args);
  promise.then(
    (data) => {
      if (cache.get(key)?.status === 'loading') put(key, { status: 'done', data, error: null });
    },
    (error: unknown) => {
      if (cache.get(key)?.status === 'loading') put(key, { status: 'error', data: undefined, error: toInfo(error) });
    },
  );
  return promise;
}

/** Forget everything about a closed archive. */
export function dropArchive(archiveId: string): void {
  const needle = `"archiveId":${JSON.stringify(archiveId)}`;
  for (const key of [...cache.keys()]) if (key.includes(needle)) cache.delete(key);
  notify();
}
