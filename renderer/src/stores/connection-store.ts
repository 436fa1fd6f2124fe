import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { ConnectionStatus } from '../../../shared/dto';
import { getApi } from '../api';
import { toInfo } from '../lib/errors';

interface ConnectionState {
  status: ConnectionStatus | null;
  busy: boolean;
}

const store = createStore<ConnectionState>()(() => ({ status: null, busy: false }));

export const useConnection = () => useStore(store, (s) => s.status);
export const useConnecting = () => useStore(store, (s) => s.busy);
export const isConnected = () => store.getState().status?.state === 'connected';

export async function loadConnectionStatus(): Promise<void> {
  try {
    store.setState({ status: await getApi().invoke('containerd.status', {}) });
  } catch (error) {
    store.setState({ status: { state: 'error', socketPath: '', version: null, error: toInfo(error) } });
  }
}

/** Connect (or reconnect) to containerd; the socket path is remembered by main. */
export async function connect(socketPath?: string): Promise<ConnectionStatus> {
  const path = socketPath ?? store.getState().status?.socketPath ?? '';
  store.setState({ busy: true, status: { state: 'connecting', socketPath: path, version: null, error: null } });
  try {
    const status = await getApi().invoke('containerd.connect', socketPath ? { socketPath } : {});
    store.setState({ status, busy: false });
    return status;
  } catch (error) {
    const status: ConnectionStatus = { state: 'error', socketPath: path, version: null, error: toInfo(error) };
    store.setState({ status, busy: false });
    return status;
  }
}

export function watchConnection(): () => void {
  return getApi().on('connection.changed', (status) => store.setState({ status }));
}
