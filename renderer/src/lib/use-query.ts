import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import type { ArgsOf, ChannelName, ResultOf } from '../../../shared/contract';
import type { ErrorInfo } from '../../../shared/errors';
import { fetchQuery, peek, queryKey, subscribe } from './query-cache';

export interface QueryState<T> {
  data: T | undefined;
  error: ErrorInfo | null;
  loading: boolean;
  reload: () => void;
}

/** Reads a channel once per (channel, args) and shares the result; null args means "not now". */
export function useQuery<C extends ChannelName>(channel: C, args: ArgsOf<C> | null): QueryState<ResultOf<C>> {
  const key = args === null ? null : queryKey(channel, args);
  const argsRef = useRef(args);
  argsRef.current = args;
  const entry = useSyncExternalStore(subscribe, () => (key === null ? undefined : peek(key)));
  useEffect(() => {
    if (key !== null && entry === undefined && argsRef.current !== null) {
      fetchQuery(channel, argsRef.current).catch(() => undefined);
    }
  }, [channel, key, entry]);
  const reload = useCallback(() => {
    if (argsRef.current !== null) fetchQuery(channel, argsRef.current).catch(() => undefined);
  }, [channel]);
  return {
    data: entry?.status === 'done' ? (entry.data as ResultOf<C>) : undefined,
    error: entry?.error ?? null,
    loading: key !== null && (entry === undefined || entry.status === 'loading'),
    reload,
  };
}
