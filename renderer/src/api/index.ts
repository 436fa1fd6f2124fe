import type { Api } from '../../../shared/api';
import { createWsApi } from './ws-client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser host. */
    api?: Api;
  }
}

let instance: Api | null = null;

/** The contract client: the preload's in Electron, the WebSocket one in the browser host. */
export function getApi(): Api {
  instance ??= window.api ?? createWsApi();
  return instance;
}

/** Tests and stories may inject a client. */
export function setApi(api: Api): void {
  instance = api;
}
