/**
 * The only Electron IPC channel names. Every contract call travels on
 * INVOKE, every contract event on EVENT; DROPPED carries the paths of files
 * dropped on the window (the one place the renderer side names a path, so
 * main validates it apart from the contract).
 */
export const IPC_INVOKE = 'contract:invoke';
export const IPC_EVENT = 'contract:event';
export const IPC_OPEN_DROPPED = 'app:open-dropped';

/** At most this many dropped files are opened at once. */
export const MAX_DROPPED_FILES = 16;
