import type { Api } from '../../shared/api';
import type { ArchiveSummary } from '../../shared/dto';
import type { Envelope } from '../../shared/envelope';
import { AppError, fromErrorInfo } from '../../shared/errors';
import { isEventName, type EventMap, type EventName } from '../../shared/events';
import { MAX_DROPPED_FILES } from './ipc-channels';

/** What the preload needs from Electron; the real one is bridge.ts, tests pass a fake. */
export interface Transport {
  invoke(channel: string, args: unknown): Promise<unknown>;
  openDropped(paths: string[]): Promise<unknown>;
  /** Every contract event; returns the unsubscribe function. */
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

/** webUtils.getPathForFile: '' for a File not backed by a file on disk. */
export type PathForFile = (file: File) => string;

function unwrap<T>(reply: unknown): T {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
    throw new AppError('INTERNAL', 'malformed reply from the main process');
  }
  const envelope = reply as Envelope<T>;
  if (envelope.ok) return envelope.value;
  throw fromErrorInfo(envelope.error);
}

/** window.api over a transport: envelopes become values or AppErrors with their code. */
export function createApi(transport: Transport, pathForFile: PathForFile): Api {
  const invokeRaw = async <T>(channel: string, args: unknown): Promise<T> =>
    unwrap<T>(await transport.invoke(channel, args));

  return {
    invoke: (channel, args) => invokeRaw(channel, args),
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      if (!isEventName(event)) throw new AppError('INVALID_ARGUMENT', `unknown event: ${String(event).slice(0, 80)}`);
      return transport.subscribe((name, payload) => {
        if (name === event) listener(payload as EventMap[E]);
      });
    },
    async openFiles(files) {
      const list = Array.from(files ?? []).slice(0, MAX_DROPPED_FILES);
      const paths = list.map((f) => pathForFile(f)).filter((p) => typeof p === 'string' && p.length > 0);
      if (paths.length === 0) throw new AppError('INVALID_ARGUMENT', 'none of the dropped items is a file on disk');
      return unwrap<ArchiveSummary[]>(await transport.openDropped(paths));
    },
    saveRootfsFile: (archiveId, path) => invokeRaw('inspect.saveRootfsFile', { archiveId, path }),
  };
}
