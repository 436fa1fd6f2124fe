import type { MemberInfo } from '../../shared/dto';
import type { TarMemberLike } from './ports';

export function mtimeIso(mtime: number | Date | null): string | null {
  if (mtime === null || mtime === undefined) return null;
  const d = mtime instanceof Date ? mtime : new Date(mtime * 1000);
  return Number.isFinite(d.getTime()) ? d.toISOString() : null;
}

export function memberInfo(m: TarMemberLike): MemberInfo {
  const type =
    m.type === 'file' || m.type === 'directory' || m.type === 'symlink' || m.type === 'hardlink' ? m.type : 'other';
  return { name: m.name, type, size: m.size, mode: m.mode, mtime: mtimeIso(m.mtime) };
}

export interface ArchiveSizes {
  checkpointSize: number;
  memoryPagesSize: number;
  rootfsDiffSize: number;
}

/**
 * Sizes as checkpointctl counts them (getArchiveSizes): every regular file
 * whose name starts with "checkpoint" (its prefix test, so a top-level
 * checkpoint-inspector.json counts too), the pages-* among them, and the last
 * member named rootfs-diff.tar*.
 */
export function archiveSizes(members: readonly TarMemberLike[]): ArchiveSizes {
  const out: ArchiveSizes = { checkpointSize: 0, memoryPagesSize: 0, rootfsDiffSize: 0 };
  for (const m of members) {
    if (m.type !== 'file') continue;
    if (m.name.startsWith('checkpoint')) {
      out.checkpointSize += m.size;
      if (m.name.startsWith('checkpoint/pages-')) out.memoryPagesSize += m.size;
    } else if (m.name.startsWith('rootfs-diff.tar')) out.rootfsDiffSize = m.size;
  }
  return out;
}
