// sha256 of every file member of an archive, read through the session (for a
// compressed archive: the member's uncompressed bytes). The index lists a
// name stored twice once, as tar extraction leaves it (and says so as a
// DUPLICATE_NAME problem of the archive); the archive's own sha256 covers all.
import { createHash } from 'node:crypto';
import type { MemberHash, ProblemInfo } from '../../../shared/dto';
import { AppError } from '../../../shared/errors';
import type { InspectSession } from '../session';

/** Bytes asked for per read: well under the session's range bound, large enough to keep the hash busy. */
const HASH_CHUNK = 1024 * 1024;

export interface HashProgress {
  signal?: AbortSignal;
  /** Bytes of members hashed so far, of `total`. */
  onBytes?: (done: number, total: number) => void;
}

/** Total bytes hashMembers reads: the file members. */
export function memberBytes(session: Pick<InspectSession, 'members'>): number {
  return session.members().reduce((n, m) => n + (m.type === 'file' ? m.size : 0), 0);
}

export async function hashMembers(
  session: Pick<InspectSession, 'members' | 'readMember'>,
  progress: HashProgress = {},
): Promise<{ members: MemberHash[]; problems: ProblemInfo[] }> {
  const { signal, onBytes } = progress;
  const total = memberBytes(session);
  let done = 0;
  const members: MemberHash[] = [];
  for (const m of session.members()) {
    if (m.type !== 'file') {
      members.push({ name: m.name, type: m.type, size: m.size, sha256: null });
      continue;
    }
    const hash = createHash('sha256');
    for (let offset = 0; offset < m.size;) {
      if (signal?.aborted) throw new AppError('CANCELLED', 'hashing cancelled');
      const { data } = await session.readMember(m.name, offset, Math.min(HASH_CHUNK, m.size - offset));
      if (data.length === 0)
        throw new AppError('ARCHIVE_CORRUPT', `member ${m.name}: the archive ends inside it`, { member: m.name });
      hash.update(data);
      offset += data.length;
      done += data.length;
      onBytes?.(done, total);
    }
    members.push({ name: m.name, type: m.type, size: m.size, sha256: hash.digest('hex') });
  }
  return { members, problems: [] };
}
