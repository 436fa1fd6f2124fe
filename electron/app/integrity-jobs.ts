// Integrity as jobs for the GUI's hosts: hashing runs as one job with
// progress in bytes and cancel, the members hashed in the worker pool; the
// result is kept per open archive (a failed or cancelled one is not).
import type { CustodyLog, IntegrityHashes, VerifyResult } from '../../shared/dto';
import { AppError } from '../../shared/errors';
import type { InspectSession } from '../inspect/session';
import type { JobContext, JobManager } from '../jobs/job-manager';
import type { HeavyRunner } from '../workers/heavy-runner';
import { readCustody } from './custody-read';
import { hashArchive, MAX_REFERENCE_BYTES, verifyArchive } from './integrity';
import type { ArchivesPort } from './ports';
import { throttledProgress } from './archives';

/** Custody entries a GUI is sent: the newest ones (the CLI prints them all). */
const MAX_CUSTODY_SENT = 2000;

export interface IntegrityApp {
  /** sha256 of the archive and of each member, as a job (from the cache when this file was hashed before). */
  hashes(archiveId: string): Promise<IntegrityHashes>;
  /** Compares against the text of a JSON report or a sha256sum list the user chose (`name`: its file name, for the log). */
  verify(archiveId: string, reference: { text: string; name: string }): Promise<VerifyResult>;
  custody(): Promise<CustodyLog>;
}

export function createIntegrityApp(deps: {
  jobs: JobManager;
  archives: ArchivesPort;
  heavy: HeavyRunner;
}): IntegrityApp {
  const { jobs, archives, heavy } = deps;
  const kept = new WeakMap<InspectSession, Promise<IntegrityHashes>>();

  const options = (session: InspectSession, ctx: JobContext) => {
    const report = throttledProgress(ctx, 'hashing');
    return {
      signal: ctx.signal,
      onBytes: (bytesDone: number, bytesTotal: number) => report({ phase: 'hash', bytesDone, bytesTotal }),
      hashMembers: (progress: { onBytes?: (done: number, total: number) => void }) =>
        heavy.run({ kind: 'integrity' }, [session], {
          signal: ctx.signal,
          progress: (u) => {
            if (u.bytesDone != null) progress.onBytes?.(u.bytesDone, u.bytesTotal ?? 0);
          },
        }),
    };
  };

  const hashes = (archiveId: string): Promise<IntegrityHashes> => {
    const session = archives.get(archiveId);
    let p = kept.get(session);
    if (!p) {
      let result: IntegrityHashes | null = null;
      p = jobs
        .run(
          'integrity',
          `Hashes of ${session.summary().fileName}`,
          async (ctx) => {
            result = await hashArchive(session, options(session, ctx));
            return { archiveId, members: result.members.length, cached: result.cached };
          },
          { archiveId },
        )
        .then(() => result!);
      p.catch(() => kept.delete(session));
      kept.set(session, p);
    }
    return p;
  };

  return {
    hashes,
    verify: async (archiveId, reference) => {
      if (Buffer.byteLength(reference.text) > MAX_REFERENCE_BYTES)
        throw new AppError('LIMIT_EXCEEDED', `the reference is larger than ${MAX_REFERENCE_BYTES} bytes`);
      const session = archives.get(archiveId);
      let verified: VerifyResult | null = null;
      return jobs
        .run(
          'integrity',
          `Verify ${session.summary().fileName}`,
          async (ctx) => {
            verified = await verifyArchive(session, reference, options(session, ctx));
            return { archiveId, members: verified.rows.length, cached: false };
          },
          { archiveId },
        )
        .then(() => verified!);
    },
    custody: async () => {
      const log = await readCustody();
      const omitted = Math.max(0, log.entries.length - MAX_CUSTODY_SENT);
      return omitted === 0 ? log : { ...log, entries: log.entries.slice(omitted), omitted };
    },
  };
}
