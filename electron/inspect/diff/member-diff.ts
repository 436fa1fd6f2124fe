import { createHash } from 'node:crypto';
import type { RootfsEntry } from '../../../shared/dto';
import type { ArchiveDiff } from '../../../shared/dto/forensics';
import { MAX_RANGE } from '../../../shared/schemas';
import type { InspectSession } from '../session';
import { jsonDiff } from './json-diff';
import type { SideProblems } from './side-problems';

/** Files larger than this are compared by size and mode, not hashed. */
const MAX_HASHED_FILE = 256 * 1024 * 1024;

export type MemberSession = Pick<InspectSession, 'members' | 'rootfs' | 'readRootfsFile' | 'spec' | 'config'>;

/** Whether the archive holds a member (a file, as tar extraction would leave it). */
export function hasMember(session: Pick<InspectSession, 'members'>, name: string): boolean {
  return session.members().some((m) => m.name === name);
}

async function hashOf(session: MemberSession, entry: RootfsEntry, signal?: AbortSignal): Promise<string> {
  if (entry.type === 'symlink' || entry.type === 'hardlink') return `${entry.type} -> ${entry.linkTarget ?? ''}`;
  if (entry.change === 'deleted') return 'deleted';
  if (entry.type !== 'file') return `${entry.type} mode ${entry.mode.toString(8)}`;
  if (entry.size > MAX_HASHED_FILE) return `size ${entry.size} (not hashed)`;
  const hash = createHash('sha256');
  for (let at = 0; at < entry.size; at += MAX_RANGE) {
    signal?.throwIfAborted();
    hash.update((await session.readRootfsFile(entry.path, at, Math.min(MAX_RANGE, entry.size - at))).data);
  }
  return `sha256:${hash.digest('hex')}`;
}

async function rootfsDiff(
  a: MemberSession,
  b: MemberSession,
  pa: SideProblems,
  pb: SideProblems,
  signal?: AbortSignal,
): Promise<ArchiveDiff['rootfs']> {
  const [left, right] = [
    await pa.value(() => a.rootfs(), 'rootfs-diff.tar', null),
    await pb.value(() => b.rootfs(), 'rootfs-diff.tar', null),
  ];
  // One side unread: what it holds is not known, so nothing is added, removed or changed.
  if (!left || !right) return { added: [], removed: [], changed: [] };
  const byPath = new Map(left.map((e) => [e.path, e]));
  const rightPaths = new Set(right.map((e) => e.path));
  const brief = (e: RootfsEntry) => ({ path: e.path, type: e.change === 'deleted' ? 'deleted' : e.type, size: e.size });
  const changed: ArchiveDiff['rootfs']['changed'] = [];
  for (const e of right) {
    const old = byPath.get(e.path);
    if (!old) continue;
    const where = `rootfs-diff.tar:${e.path}`;
    const [before, after] = [
      await pa.value(() => hashOf(a, old, signal), where, 'unread'),
      await pb.value(() => hashOf(b, e, signal), where, 'unread'),
    ];
    if (before !== after) changed.push({ path: e.path, before, after });
  }
  return {
    added: right.filter((e) => !byPath.has(e.path)).map(brief),
    removed: left.filter((e) => !rightPaths.has(e.path)).map(brief),
    changed,
  };
}

/** What differs in the members beside the CRIU images: the root file system diff, spec.dump and config.dump. */
export async function memberDiff(
  a: MemberSession,
  b: MemberSession,
  pa: SideProblems,
  pb: SideProblems,
  signal?: AbortSignal,
): Promise<Pick<ArchiveDiff, 'rootfs' | 'spec' | 'config'>> {
  const rootfs = await rootfsDiff(a, b, pa, pb, signal);
  const spec = jsonDiff(
    await pa.value(() => a.spec(), 'spec.dump', null),
    await pb.value(() => b.spec(), 'spec.dump', null),
  );
  const config = jsonDiff(
    await pa.value(() => a.config(), 'config.dump', null),
    await pb.value(() => b.config(), 'config.dump', null),
  );
  return { rootfs, spec, config };
}
