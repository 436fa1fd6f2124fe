import { useMemo } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ContainerInfo } from '../../../shared/dto';
import type { ErrorInfo } from '../../../shared/errors';
import { getApi } from '../api';
import { toInfo } from '../lib/errors';

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
  return useMemo(() => [...new Set(containers.map((c) => c.namespace))].sort(), [containers]);
}

export function useFilteredContainers(): ContainerInfo[] {
  const { containers, filter, namespace } = useStore(store);
  return useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return containers.filter(
      (c) =>
        (!namespace || c.namespace === namespace) &&
        (!needle ||
          [c.name, c.id, c.image, c.podName ?? '', c.podNamespace ?? '', c.status].some((v) =>
            v.toLowerCase().includes(needle),
          )),
    );
  }, [containers, filter, namespace]);
}

let inFlight: Promise<void> | null = null;

export function refreshContainers(): Promise<void> {
  inFlight ??= (async () => {
    store.setState({ loading: true });
    try {
      const containers = await getApi().invoke('containerd.containers', {});
      store.setState({ containers, loaded: true, error: null });
    } catch (error) {
      store.setState({ error: toInfo(error), loaded: true });
    } finally {
      store.setState({ loading: false });
      inFlight = null;
    }
  })();
  return inFlight;
}

/** Refetch on `containers.changed`, coalescing bursts of events. */
export function watchContainers(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const off = getApi().on('containers.changed', () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refreshContainers(), 150);
  });
  return () => {
    if (timer) clearTimeout(timer);
    off();
  };
}
