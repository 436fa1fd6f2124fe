import type { ErrorInfo } from './errors';

/**
 * Every invoke answers with an envelope, never a rejection: Electron's
 * ipcMain.handle drops custom error fields, so the code must travel as data.
 */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };
