import type { ArgsOf, ChannelName, ResultOf } from './contract';
import type { EventMap, EventName } from './events';
import type { ArchiveSummary } from './dto';

/**
 * `window.api`, the same in both hosts: invoke a channel, listen to an event.
 * Rejections are AppError with a stable code.
 */
export interface Api {
  invoke<C extends ChannelName>(channel: C, args: ArgsOf<C>): Promise<ResultOf<C>>;
  /** Returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void): () => void;
  /**
   * Open archives the user dropped on the window. Electron resolves the
   * dropped files' paths in the preload; the browser host uploads them.
   */
  openFiles(files: File[]): Promise<ArchiveSummary[]>;
  /** Save a rootfs file out: a save dialog (Electron) or a download (browser). */
  saveRootfsFile(archiveId: string, path: string): Promise<{ saved: boolean }>;
}

export type { ArgsOf, ChannelName, ResultOf, EventMap, EventName };
