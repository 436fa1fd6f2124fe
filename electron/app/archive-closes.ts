// A host that keeps a file per archive (the browser host's uploaded copies)
// must learn when that archive closes, however it closes: the contract's
// archive.close, or closeAll when the core is disposed. The rule stays here;
// the host only subscribes.
import type { ArchivesPort } from './ports';

/** May return a promise: the close is answered once every listener is done (the copy is gone by then). */
export type ArchiveClosedListener = (archiveId: string) => void | Promise<void>;

export interface ObservedArchives {
  archives: ArchivesPort;
  /** Called after each archive closes (also when its close failed: it is gone from the registry either way). */
  onArchiveClosed: (listener: ArchiveClosedListener) => () => void;
}

export function observeCloses(port: ArchivesPort): ObservedArchives {
  const listeners = new Set<ArchiveClosedListener>();
  // One host's cleanup failing must not stop another's, nor fail the close.
  const notify = async (archiveId: string) => {
    await Promise.allSettled([...listeners].map(async (listener) => listener(archiveId)));
  };
  const archives: ArchivesPort = {
    open: (archivePath, options) => port.open(archivePath, options),
    openMade: (make, options) => port.openMade(make, options),
    get: (archiveId) => port.get(archiveId),
    list: () => port.list(),
    close: async (archiveId) => {
      const known = port.list().some((s) => s.archiveId === archiveId);
      try {
        await port.close(archiveId);
      } finally {
        if (known) await notify(archiveId);
      }
    },
    closeAll: async () => {
      const ids = port.list().map((s) => s.archiveId);
      try {
        await port.closeAll();
      } finally {
        await Promise.all(ids.map(notify));
      }
    },
  };
  return {
    archives,
    onArchiveClosed: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
