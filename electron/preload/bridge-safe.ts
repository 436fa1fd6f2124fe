import type { Api } from '../../shared/api';
import { toErrorInfo, type ErrorInfo } from '../../shared/errors';

/** What a rejection looks like after crossing the context bridge. */
export type BridgedError = ErrorInfo & { name: 'AppError' };

/**
 * contextBridge copies an Error as a new Error holding only its message
 * (electron/electron#25596), so an AppError's code and details would be lost
 * on the way to the page. Rejections therefore cross as plain data, which the
 * bridge deep-copies; the renderer's getApi() turns them back into AppErrors.
 */
export function toBridgedError(error: unknown): BridgedError {
  return { name: 'AppError', ...toErrorInfo(error) };
}

function rethrowAsData<T>(promise: Promise<T>): Promise<T> {
  return promise.catch((error: unknown) => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- plain data is the only rejection the bridge copies whole
    throw toBridgedError(error);
  });
}

/** The api object exposed to the page: same shape, bridge-safe rejections. */
export function bridgeSafe(api: Api): Api {
  return {
    invoke: (channel, args) => rethrowAsData(api.invoke(channel, args)),
    on: (event, listener) => api.on(event, listener),
    openFiles: (files) => rethrowAsData(api.openFiles(files)),
    saveRootfsFile: (archiveId, path) => rethrowAsData(api.saveRootfsFile(archiveId, path)),
  };
}
