// The hashes of an archive: its own sha256 (of the file as opened: for a
// compressed one, the compressed file) and each member's, from the cache
// when the file is the one hashed before, else computed and cached.
import type { IntegrityHashes, MemberHash, ProblemInfo } from '../../../shared/dto';
import type { InspectSession } from '../session';
import type { HashCache } from './hash-cache';
import { hashMembers, memberBytes, type HashProgress } from './member-hashes';

type Session = Pick<InspectSession, 'summary' | 'members' | 'readMember' | 'sha256' | 'sourceIdentity'>;

export interface IntegrityOptions {
  cache: HashCache | null;
  /** Read every byte again even when the cache knows this file (a verify); the result still goes to the cache. */
  fresh?: boolean;
  signal?: AbortSignal;
  /** Bytes hashed so far (the archive, then its members), of total. */
  onBytes?: (done: number, total: number) => void;
  /** How members are hashed (the app layer runs it in a worker); default: here. */
  hashMembers?: (progress: HashProgress) => Promise<{ members: MemberHash[]; problems: ProblemInfo[] }>;
}

const sameKey = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export async function integrityHashes(session: Session, opts: IntegrityOptions): Promise<IntegrityHashes> {
  const summary = session.summary();
  const archive = { fileName: summary.fileName, size: summary.size, compression: summary.compression };
  const key = (await session.sourceIdentity?.()) ?? null;
  const members = session.members();
  if (key && opts.cache && !opts.fresh) {
    const hit = await opts.cache.get(key, members);
    if (hit)
      return {
        archive: { ...archive, sha256: hit.archiveSha256 },
        members: hit.members,
        computedAt: hit.computedAt,
        cached: true,
        problems: [],
      };
  }
  const total = summary.size + memberBytes(session);
  const signal = opts.signal ? { signal: opts.signal } : {};
  const sha256 = await session.sha256(opts.signal, (done) => opts.onBytes?.(done, total));
  const progress: HashProgress = { ...signal, onBytes: (done) => opts.onBytes?.(summary.size + done, total) };
  const hashed = await (opts.hashMembers ? opts.hashMembers(progress) : hashMembers(session, progress));
  const computedAt = new Date().toISOString();
  const problems = [...hashed.problems];
  const after = (await session.sourceIdentity?.()) ?? null;
  if (key && !sameKey(key, after)) {
    problems.push({
      where: summary.fileName,
      code: 'ARCHIVE_CORRUPT',
      message: 'the archive file changed (size or mtime) while it was hashed: hash it again',
    });
  } else if (key && opts.cache) {
    await opts.cache.put(key, { archiveSha256: sha256, members: hashed.members, computedAt });
  }
  return { archive: { ...archive, sha256 }, members: hashed.members, computedAt, cached: false, problems };
}
