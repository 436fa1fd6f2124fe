// Opening and hashing archives, as jobs: every host sees progress in bytes and
// can cancel; the caller still gets the summary (or the digest) as its answer.
import type { ArchiveSummary } from '../../shared/dto';
import type { InspectSession } from '../inspect/session';
import type { ArchiveProgress, ArchivesPort } from './ports';
import type { JobContext, JobManager } from '../jobs/job-manager';
import type { SettingsStore } from '../settings/settings-store';
import { progressGate } from './progress-gate';
import { recordOpen } from './integrity';
import { findSameArchive } from './same-archive';
import { AppError } from '../../shared/errors';

export interface ArchivesApp {
  /**
   * Opens an archive the user named (a dialog, a drop, a recent entry, the
   * command line) and remembers it in the recent archives, unless it is a
   * temporary copy (the browser host's uploads, deleted when it exits: a
   * recent entry would name a file that is gone).
   */
  open(archivePath: string, options?: OpenOptions): Promise<ArchiveSummary>;
  /**
   * Opens an incremental checkpoint again with an open archive as its
   * parent (Podman --with-previous with its --pre-checkpoint export); the
   * archive opened without it is closed once the new one is open.
   */
  openWithParent(archiveId: string, parentArchiveId: string): Promise<ArchiveSummary>;
  sha256(archiveId: string): Promise<string>;
}

export interface OpenOptions {
  /** A copy that is deleted later (an upload): never listed in the recent archives. */
  temporary?: boolean;
}

/** Throttles byte progress (progressGate), always passing the last event. */
export function throttledProgress(ctx: JobContext, phase: string): (p: ArchiveProgress) => void {
  const gate = progressGate();
  return (p) => {
    if (!gate(p.bytesTotal !== null && p.bytesDone >= p.bytesTotal)) return;
    ctx.progress({
      phase: p.phase === 'decompress' ? 'decompressing' : p.phase === 'index' ? 'indexing' : phase,
      bytesDone: p.bytesDone,
      bytesTotal: p.bytesTotal,
      fraction: p.bytesTotal ? Math.min(1, p.bytesDone / p.bytesTotal) : null,
    });
  };
}

/** The summary of an archive just opened, after the custody log learns of the open (a log it cannot write is a warning). */
export async function openedSummary(session: InspectSession): Promise<ArchiveSummary> {
  const custody = await recordOpen(session);
  const summary = session.summary();
  return custody ? { ...summary, warnings: [...summary.warnings, custody] } : summary;
}

const baseName = (p: string) => p.slice(p.lastIndexOf('/') + 1);

export function createArchivesApp(deps: {
  jobs: JobManager;
  archives: ArchivesPort;
  settings: SettingsStore;
}): ArchivesApp {
  const { jobs, archives, settings } = deps;
  return {
    open: async (archivePath, options = {}) => {
      const { archive } = await jobs.run('open', `Open ${baseName(archivePath)}`, async (ctx) => {
        // The same file (or an identical copy under its name) again: the archive already open, not a second one.
        const same = await findSameArchive(archivePath, archives.list(), ctx.signal);
        if (same) return { archive: same.summary() };
        const session = await archives.open(archivePath, {
          signal: ctx.signal,
          onProgress: throttledProgress(ctx, 'opening'),
        });
        return { archive: await openedSummary(session) };
      });
      if (options.temporary !== true) await settings.addRecent(archivePath, archive.containerName);
      return archive;
    },

    openWithParent: async (archiveId, parentArchiveId) => {
      if (archiveId === parentArchiveId) throw new AppError('INVALID_ARGUMENT', 'an archive is not its own parent');
      const child = archives.get(archiveId);
      const parent = archives.get(parentArchiveId);
      const { archive } = await jobs.run(
        'open',
        `Open ${baseName(child.path)} with ${baseName(parent.path)}`,
        async (ctx) => {
          const session = await archives.open(child.path, {
            signal: ctx.signal,
            onProgress: throttledProgress(ctx, 'opening'),
            parentPath: parent.path,
          });
          await archives.close(archiveId);
          return { archive: session.summary() };
        },
        { archiveId },
      );
      return archive;
    },

    sha256: async (archiveId) => {
      const session = archives.get(archiveId);
      const total = session.summary().size;
      const { sha256 } = await jobs.run(
        'hash',
        `sha256 of ${session.summary().fileName}`,
        async (ctx) => {
          const report = throttledProgress(ctx, 'hashing');
          const sha256 = await session.sha256(ctx.signal, (bytesDone) =>
            report({ phase: 'hash', bytesDone, bytesTotal: total }),
          );
          return { archiveId, sha256 };
        },
        { archiveId },
      );
      return sha256;
    },
  };
}
