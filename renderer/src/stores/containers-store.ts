import { useMemo } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ConnectionStatus, ContainerInfo } from '../../../shared/dto';
import type { ErrorInfo } from '../../../shared/errors';
import { groupByPod, type PodGroups } from './pod-groups';
import { getApi } from '../api';
import { toInfo } from '../lib/errors';
import { filterContainers, namespacesOf, needsRefetch } from './containers-model';

interface ContainersState {
  containers: ContainerInfo[];
  loaded: boolean;
  loading: boolean;
  error: ErrorInfo | null;
  filter: string;
  namespace: string;
}

const store = createStore<ContainersState>()(() => ({
  containers: [],
  loaded: false,
  loading: false,
  error: null,
  filter: '',
  namespace: '',
}));

export const useContainersLoading = () => useStore(store, (s) => s.loading);
export const useContainersLoaded = () => useStore(store, (s) => s.loaded);
export const useContainersError = () => useStore(store, (s) => s.error);
export const useContainerFilter = () => useStore(store, (s) => s.filter);
export const useNamespaceFilter = () => useStore(store, (s) => s.namespace);
export const setContainerFilter = (filter: string) => store.setState({ filter });
export const setNamespaceFilter = (namespace: string) => store.setState({ namespace });

export function useNamespaces(): string[] {
  const containers = useStore(store, (s) => s.containers);
  return useMemo(() => namespacesOf(containers), [containers]);
}

/** The filter's matches, grouped as pods (pod-groups.ts). */
export function useFilteredContainers(): PodGroups {
  const { containers, filter, namespace } = useStore(store);
  return useMemo(
    () => groupByPod(filterContainers(containers, filter, namespace), containers),
    [containers, filter, namespace],
  );
}

let inFlight: Promise<void> | null = null;
// A change announced while a listing is under way may not be in its answer: list once more after it.
let again = false;

async function listOnce(): Promise<void> {
  store.setState({ loading: true });
  try {
    const containers = await getApi().invoke('containerd.containers', {});
    store.setState({ containers, loaded: true, error: null });
  } catch (error) {
    store.setState({ error: toInfo(error), loaded: true });
  } finally {
    store.setState({ loading: false });
  }
}

export function refreshContainers(): Promise<void> {
  if (inFlight) {
    again = true;
    return inFlight;
  }
  inFlight = (async () => {
    try {
      do {
        again = false;
        await listOnce();
      } while (again);
    } finally {
      inFlight = null;
    }
  })();
  return inFlight;
}

/**
 * Refetch on `containers.changed` (coalescing bursts of events) and on every
 * (re)connection, since events are lost while containerd's watch is down.
 */
export function watchContainers(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last: ConnectionStatus['state'] | null = null;
  const soon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refreshContainers(), 150);
  };
  const api = getApi();
  const offs = [
    api.on('containers.changed', soon),
    api.on('connection.changed', (status) => {
      if (needsRefetch(last, status)) soon();
      last = status.state;
    }),
  ];
  return () => {
    if (timer) clearTimeout(timer);
    offs.forEach((off) => off());
  };
}
