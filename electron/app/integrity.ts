// Evidence integrity, once for every host: the hashes of an archive (cached
// by file identity), a verify against a report or a hash list, and the
// custody log entries both of them and every open leave.
import type { IntegrityHashes, ProblemInfo, VerifyResult } from '../../shared/dto';
import { HashCache } from '../inspect/integrity/hash-cache';
import { integrityHashes, type IntegrityOptions } from '../inspect/integrity/integrity-hashes';
import { verifyHashes } from '../inspect/integrity/verify';
import type { InspectSession } from '../inspect/session';
import { noteArchiveSha256, recordCustody } from './custody';

/** The hash cache of this account (in the archive module's cache folder). */
let sharedCache: HashCache | null = null;
export const hashCache = (): HashCache => (sharedCache ??= new HashCache());

/** A reference longer than this is refused (a hash list of the largest archive the limits admit is far shorter). */
export const MAX_REFERENCE_BYTES = 64 * 1024 * 1024;

type HashOptions = Omit<IntegrityOptions, 'cache'>;

/** The archive's and members' sha256, recorded in the custody log as hashed. */
export async function hashArchive(session: InspectSession, opts: HashOptions = {}): Promise<IntegrityHashes> {
  const hashes = await integrityHashes(session, { ...opts, cache: hashCache() });
  noteArchiveSha256(session, hashes.archive.sha256);
  const custody = await recordCustody(session, {
    action: 'hashed',
    sha256: hashes.archive.sha256,
    detail: { members: hashes.members.length, cached: hashes.cached },
  });
  return custody.ok ? hashes : { ...hashes, problems: [...hashes.problems, custody.problem] };
}

/** Recomputes every hash and compares with the reference; recorded as verified, with its outcome. */
export async function verifyArchive(
  session: InspectSession,
  /** `name`: the reference's file name (for the log); `path`: where it is, when a host read it from a path (the CLI). */
  reference: { text: string; name: string; path?: string },
  opts: HashOptions = {},
): Promise<VerifyResult> {
  // A verify reads every byte again: the cache's key (size, mtime) does not prove the bytes are unchanged.
  const hashes = await integrityHashes(session, { ...opts, fresh: true, cache: hashCache() });
  noteArchiveSha256(session, hashes.archive.sha256);
  const result = verifyHashes(hashes, reference.text);
  const custody = await recordCustody(session, {
    action: 'verified',
    what: `against ${result.against === 'report' ? 'a report' : 'a sha256sum list'}`,
    ...(reference.path !== undefined ? { target: reference.path } : {}),
    sha256: hashes.archive.sha256,
    detail: {
      reference: reference.name,
      ok: result.ok,
      differs: result.counts.differs,
      missing: result.counts.missing,
      extra: result.counts.extra,
    },
  });
  // Hashing problems (a file changed while read) make the verify fail too; a log that could not be written does not.
  const problems: ProblemInfo[] = [...hashes.problems, ...result.problems];
  const ok = result.ok && hashes.problems.length === 0;
  return { ...result, ok, problems: custody.ok ? problems : [...problems, custody.problem] };
}

/**
 * Records that an archive was opened, with its sha256 when the cache already
 * knows this file; a log that could not be written comes back as a problem.
 */
export async function recordOpen(session: InspectSession): Promise<ProblemInfo | null> {
  const key = await session.sourceIdentity?.().catch(() => null);
  const hit = key ? await hashCache().get(key, session.members()) : null;
  if (hit) noteArchiveSha256(session, hit.archiveSha256);
  const outcome = await recordCustody(session, { action: 'opened', sha256: hit?.archiveSha256 ?? null });
  return outcome.ok ? null : outcome.problem;
}
