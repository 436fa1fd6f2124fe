// What makes two opens "the same archive": the same file (device and inode,
// unchanged since: size and mtime), or a copy with the same name, size and
// sha256 (the browser host stores each upload anew). Reopening one focuses the
// archive already open instead of a second tab on the same bytes.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { InspectSession } from '../inspect/session';

export interface SourceKey {
  dev: string;
  ino: string;
  size: number;
  mtimeNs: string;
}

type Session = Pick<InspectSession, 'path' | 'sha256' | 'sourceIdentity'>;

/** One file, not changed between the two looks. */
export const sameFile = (a: SourceKey, b: SourceKey): boolean =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs;

/** A copy worth hashing to compare: same file name and same size. */
export const maybeCopy = (a: { name: string; size: number }, b: { name: string; size: number }): boolean =>
  a.name === b.name && a.size === b.size;

async function sha256File(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024, ...(signal ? { signal } : {}) }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The open archive that is the file at `path` (or a byte-identical copy of it
 * under the same name), or null. Sessions that cannot say what they read (no
 * sourceIdentity) are never matched.
 */
export async function findSameArchive<S extends Session>(
  path: string,
  sessions: S[],
  signal?: AbortSignal,
): Promise<S | null> {
  if (sessions.length === 0) return null;
  const s = await stat(path, { bigint: true });
  const key: SourceKey = { dev: String(s.dev), ino: String(s.ino), size: Number(s.size), mtimeNs: String(s.mtimeNs) };
  const known = await Promise.all(
    sessions.map(async (session) => ({ session, id: (await session.sourceIdentity?.().catch(() => null)) ?? null })),
  );
  const same = known.find((k) => k.id !== null && sameFile(k.id, key));
  if (same) return same.session;
  // Only a regular file is hashed as a possible copy (two folders named alike share a directory size, not bytes).
  if (!s.isFile()) return null;
  const name = basename(path);
  const copies = known.filter(
    (k) => k.id !== null && maybeCopy({ name: basename(k.session.path), size: k.id.size }, { name, size: key.size }),
  );
  if (copies.length === 0) return null;
  const digest = await sha256File(path, signal);
  for (const { session } of copies) if ((await session.sha256(signal)) === digest) return session;
  return null;
}
