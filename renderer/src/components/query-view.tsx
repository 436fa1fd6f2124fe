import type { ReactNode } from 'react';
import type { QueryState } from '../lib/use-query';
import { EmptyState } from './empty-state';
import { ErrorView } from './error-view';
import { Loading } from './loading';

interface Props<T> {
  query: QueryState<T>;
  what: string;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}

/** The loading, error and empty states every view shares. */
export function QueryView<T>({ query, what, isEmpty, children }: Props<T>) {
  if (query.error) return <ErrorView error={query.error} title={`Could not read ${what}`} onRetry={query.reload} />;
  if (query.loading || query.data === undefined) return <Loading label={`Reading ${what}…`} />;
  if (isEmpty?.(query.data)) return <EmptyState>No {what} in this archive.</EmptyState>;
  return <>{children(query.data)}</>;
}
