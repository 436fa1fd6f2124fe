import type { RootfsEntry } from '../../shared/dto';
import { mtimeIso } from './member-info';
import type { TarMemberLike } from './ports';

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';
const MAX_ENTRIES = 1_000_000;

/** A tar name as an absolute container path: no leading './' or '/', no trailing '/'. */
export function rootfsPath(name: string): string {
  let p = name
    .replace(/^(\.\/)+/, '')
    .replace(/^\/+/, '')
    .replace(/\/+$/, '');
  p = p.replace(/\/+/g, '/');
  return `/${p}`;
}

function entryType(type: string): RootfsEntry['type'] {
  return type === 'file' || type === 'directory' || type === 'symlink' || type === 'hardlink' ? type : 'other';
}

/**
 * The rootfs diff as changes. The rule, since the archive holds only the
 * container's upper layer and not the image it sits on:
 * - `.wh.NAME` (an overlay whiteout) and each path in `deleted.files` (Podman)
 *   is 'deleted'.
 * - A directory holding `.wh..wh..opq` was emptied and refilled: it is
 *   'changed', and everything under it is 'added' (nothing of the image shows
 *   through an opaque directory).
 * - Anything else in the diff is 'changed': the upper layer holds both new
 *   files and copies of modified ones, and without the image's layers the
 *   two cannot be told apart. We do not guess 'added' there.
 */
export function rootfsEntries(members: readonly TarMemberLike[], deletedFiles: readonly string[] = []): RootfsEntry[] {
  const opaque = new Set<string>();
  for (const m of members) {
    const p = rootfsPath(m.name);
    const base = p.slice(p.lastIndexOf('/') + 1);
    if (base === OPAQUE) opaque.add(p.slice(0, p.lastIndexOf('/')) || '/');
  }
  const underOpaque = (p: string): boolean => {
    for (let dir = p.slice(0, p.lastIndexOf('/')); dir.length > 0; dir = dir.slice(0, dir.lastIndexOf('/'))) {
      if (opaque.has(dir)) return true;
    }
    return opaque.has('/') && p !== '/';
  };

  const out = new Map<string, RootfsEntry>();
  for (const m of members.slice(0, MAX_ENTRIES)) {
    const p = rootfsPath(m.name);
    if (p === '/') continue;
    const slash = p.lastIndexOf('/');
    const dir = p.slice(0, slash);
    const base = p.slice(slash + 1);
    if (base === OPAQUE) continue;
    if (base.startsWith(WHITEOUT)) {
      const target = `${dir}/${base.slice(WHITEOUT.length)}`;
      out.set(target, {
        path: target,
        type: 'other',
        change: 'deleted',
        size: 0,
        mode: 0,
        uid: m.uid,
        gid: m.gid,
        mtime: mtimeIso(m.mtime),
        linkTarget: null,
      });
      continue;
    }
    const change = opaque.has(p) ? 'changed' : underOpaque(p) ? 'added' : 'changed';
    out.set(p, {
      path: p,
      type: entryType(m.type),
      change,
      size: m.type === 'file' ? m.size : 0,
      mode: m.mode,
      uid: m.uid,
      gid: m.gid,
      mtime: mtimeIso(m.mtime),
      linkTarget: m.linkname ? m.linkname : null,
    });
  }
  for (const name of deletedFiles.slice(0, MAX_ENTRIES)) {
    const p = rootfsPath(name);
    if (p === '/' || out.has(p)) continue;
    out.set(p, {
      path: p,
      type: 'other',
      change: 'deleted',
      size: 0,
      mode: 0,
      uid: 0,
      gid: 0,
      mtime: null,
      linkTarget: null,
    });
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** deleted.files of a Podman export: a JSON array of paths. */
export function parseDeletedFiles(json: unknown): string[] {
  return Array.isArray(json) ? json.filter((x): x is string => typeof x === 'string') : [];
}
