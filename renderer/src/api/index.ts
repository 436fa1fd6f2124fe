import type { Api } from '../../../shared/api';
import { fromErrorInfo, type ErrorInfo } from '../../../shared/errors';
import { createWsApi } from './ws-client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in the browser host. */
    api?: Api;
  }
}

let instance: Api | null = null;

/**
 * contextBridge copies only an Error's message, so the preload rejects with
 * plain `{ code, message, details }` data; turn it back into an AppError here.
 */
function revive(error: unknown): unknown {
  if (error && typeof error === 'object' && !(error instanceof Error) && 'code' in error && 'message' in error) {
    return fromErrorInfo(error as ErrorInfo);
  }
  return error;
}

function withRevivedErrors(api: Api): Api {
  const rethrow = (error: unknown): never => {
    throw revive(error);
  };
  return {
    invoke: (channel, args) => api.invoke(channel, args).catch(rethrow),
    on: (event, listener) => api.on(event, listener),
    openFiles: (files) => api.openFiles(files).catch(rethrow),
    saveRootfsFile: (archiveId, path) => api.saveRootfsFile(archiveId, path).catch(rethrow),
  };
}

/** The contract client: the preload's in Electron, the WebSocket one in the browser host. */
export function getApi(): Api {
  instance ??= window.api ? withRevivedErrors(window.api) : createWsApi();
  return instance;
}
