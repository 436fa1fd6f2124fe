// The changes an overlay upper folder holds, as the entries of a layer tar in
// the order containerd's archive.WriteDiff writes them (depth first, names
// sorted, a folder before what is in it):
// - what the container wrote or changed: the files, folders, links and
//   devices in the upper folder;
// - what it deleted: overlayfs marks a deleted name with a character device
//   0:0, written as a `.wh.NAME` whiteout;
// - what an opaque folder hides (a folder deleted and made again: overlayfs
//   marks it with an xattr Node cannot read): names the image's layers hold
//   in that folder but the mounted overlay no longer shows, each written as a
//   whiteout too. A name some image layer already hid may be among them;
//   applied to the same image, such a whiteout changes nothing.
// Never follows a link; the container is paused while this runs.
import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { AppError } from '../../shared/errors';

export interface OverlayLayout {
  upper: string;
  /** The layers beneath the upper folder, top first. */
  lowers: readonly string[];
  /** The mounted overlay; without it opaque folders cannot be told. */
  merged: string | null;
}

export type OverlayEntry =
  | { kind: 'whiteout'; path: string }
  | { kind: 'hardlink'; path: string; target: string; stats: Stats }
  | { kind: 'node'; path: string; source: string; stats: Stats };

export interface OverlayProblem {
  path: string;
  message: string;
}

interface Item {
  name: string;
  whiteout: boolean;
}

export async function* overlayChanges(
  layout: OverlayLayout,
  problems: OverlayProblem[],
  signal?: AbortSignal,
): AsyncGenerator<OverlayEntry> {
  const firstLink = new Map<string, string>();
  let opaqueUnchecked = false;
  const listDir = async (rel: string): Promise<Item[]> => {
    const upperNames = await names(join(layout.upper, rel), rel, problems);
    const items = new Map<string, Item>();
    for (const name of upperNames) {
      const st = await lstat(join(layout.upper, join(rel, name))).catch(() => null);
      items.set(name, { name, whiteout: st !== null && isWhiteout(st) });
    }
    const hidden = await hiddenLowerNames(layout, rel, new Set(upperNames));
    if (hidden === 'unchecked') opaqueUnchecked = true;
    else for (const name of hidden) items.set(name, { name, whiteout: true });
    return [...items.values()].sort((a, b) => compareNames(a.name, b.name));
  };

  const stack: { rel: string; items: Item[]; next: number }[] = [{ rel: '', items: await listDir(''), next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const item = top.items[top.next++];
    if (!item) {
      stack.pop();
      continue;
    }
    if (signal?.aborted) throw new AppError('CANCELLED', 'checkpoint cancelled');
    const rel = join(top.rel, item.name);
    if (item.whiteout) {
      yield { kind: 'whiteout', path: rel };
      continue;
    }
    const source = join(layout.upper, rel);
    const stats = await lstat(source).catch(() => null);
    if (!stats) {
      problems.push({ path: rel, message: 'gone while the diff was read' });
      continue;
    }
    if (stats.isSocket()) {
      problems.push({ path: rel, message: 'a socket (a tar cannot hold one; containerd leaves them out too)' });
      continue;
    }
    if (stats.isFile() && stats.nlink > 1) {
      const key = `${stats.dev}:${stats.ino}`;
      const target = firstLink.get(key);
      if (target !== undefined) {
        yield { kind: 'hardlink', path: rel, target, stats };
        continue;
      }
      firstLink.set(key, rel);
    }
    yield { kind: 'node', path: rel, source, stats };
    if (stats.isDirectory()) stack.push({ rel, items: await listDir(rel), next: 0 });
  }
  if (opaqueUnchecked) {
    problems.push({
      path: '/',
      message: 'the mounted overlay was not readable: folders the container deleted and made again show no deletions',
    });
  }
}

export function isWhiteout(st: Stats): boolean {
  return st.isCharacterDevice() && st.rdev === 0;
}

/**
 * Names the image's layers hold in `rel` that the container no longer sees
 * and the upper folder does not name: what an opaque folder hides.
 */
async function hiddenLowerNames(
  layout: OverlayLayout,
  rel: string,
  inUpper: ReadonlySet<string>,
): Promise<string[] | 'unchecked'> {
  const fromLowers = new Set<string>();
  const whitedOut = new Set<string>();
  for (const lower of layout.lowers) {
    const st = await lstat(join(lower, rel)).catch(() => null);
    if (!st) continue;
    if (!st.isDirectory()) break; // a file or whiteout here hides the layers below
    for (const name of await names(join(lower, rel), rel, null)) {
      const entry = await lstat(join(lower, join(rel, name))).catch(() => null);
      if (entry && isWhiteout(entry)) whitedOut.add(name);
      else if (!whitedOut.has(name)) fromLowers.add(name);
    }
  }
  const candidates = [...fromLowers].filter((n) => !inUpper.has(n));
  if (candidates.length === 0) return [];
  if (!layout.merged) return 'unchecked';
  const visible = await readdir(join(layout.merged, rel)).catch(() => null);
  if (!visible) return 'unchecked';
  const seen = new Set(visible);
  return candidates.filter((n) => !seen.has(n));
}

/** A folder's entry names; names that are not UTF-8 cannot be written faithfully and are listed as problems. */
async function names(dir: string, rel: string, problems: OverlayProblem[] | null): Promise<string[]> {
  const raw = await readdir(dir, { encoding: 'buffer' }).catch(() => null);
  if (!raw) {
    problems?.push({ path: rel || '/', message: 'folder not readable' });
    return [];
  }
  const out: string[] = [];
  for (const b of raw) {
    const name = b.toString('utf8');
    if (Buffer.from(name, 'utf8').equals(b)) out.push(name);
    else problems?.push({ path: join(rel, b.toString('latin1')), message: 'name is not UTF-8; left out' });
  }
  return out;
}

const join = (a: string, b: string) => (a === '' ? b : b === '' ? a : `${a}/${b}`);

/** Byte order of the UTF-8 names, as Go sorts them. */
function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
