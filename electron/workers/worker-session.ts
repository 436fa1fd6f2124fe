// In a worker: a session of its own on an archive the main thread opened,
// reached through the main thread's descriptor (worker threads share the
// process's descriptors), never through the path again.
import { AppError } from '../../shared/errors';
import { openArchive as openIndex, type TarMember } from '../archive';
import { TarArchiveIndex } from '../archive/archive-index';
import { ArchiveSession } from '../inspect/archive-session';
import { realDeps } from '../inspect/open-archive';
import type { InspectDeps } from '../inspect/ports';
import type { InspectSession } from '../inspect/session';
import type { SharedArchive } from './messages';

export async function openSharedSession(
  shared: SharedArchive,
  cacheDir: string,
  sha256: (signal?: AbortSignal) => Promise<string>,
): Promise<InspectSession> {
  const deps: InspectDeps<TarMember> = {
    ...realDeps,
    openArchive: async (_path, opts) => {
      const index = await openIndex(`/proc/self/fd/${shared.fd}`, opts);
      const id = index instanceof TarArchiveIndex ? await index.fileIdentity() : null;
      if (id?.dev !== shared.dev || id.ino !== shared.ino) {
        await index.close();
        throw new AppError(
          'ARCHIVE_CORRUPT',
          `${shared.summary.fileName}: the worker could not reach the file that was opened`,
        );
      }
      return index;
    },
  };
  const session = await ArchiveSession.open(shared.path, deps, { archiveId: shared.archiveId, cacheDir });
  // The main thread's summary and hash, and its index's size in the overview: of a compressed
  // archive this session reads the decompressed copy, whose size is not the archive's.
  return overriding(session, {
    summary: () => shared.summary,
    sha256,
    overview: async () => ({ ...(await session.overview()), archiveSize: shared.summary.size }),
  });
}

/** The session with some methods replaced; every other one is still called on the session itself. */
export function overriding(session: InspectSession, overrides: Partial<InspectSession>): InspectSession {
  return new Proxy(session, {
    get(target, key) {
      const value: unknown = Object.hasOwn(overrides, key)
        ? Reflect.get(overrides, key)
        : Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
