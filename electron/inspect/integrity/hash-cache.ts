// Hashes already computed, kept in one small file in our cache folder and
// keyed by the archive file's device, inode, size, mtime and ctime (ns):
// touching or rewriting the archive (even with its mtime set back) makes its
// entry unused. The file holds names from
// hostile archives, so it is bounded (entries, bytes), private (0600 in our
// 0700 folder, written through a new O_EXCL temp file and renamed), and
// every entry read back is checked field by field and against the archive's
// member list; a damaged cache is an empty one, never an error.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { MemberHash } from '../../../shared/dto';
import { defaultCacheBase } from '../../archive';
import { assertPrivateDir } from '../../archive/cache-root';

export interface CachedHashes {
  archiveSha256: string;
  members: MemberHash[];
  computedAt: string;
}

export interface FileKey {
  dev: string;
  ino: string;
  size: number;
  mtimeNs: string;
  ctimeNs: string;
}

export const HASH_CACHE_FILE = 'integrity-hashes.json';
/** Archives remembered; the oldest computed goes first. */
const MAX_ENTRIES = 32;
/** The whole file; an archive whose entry alone is over a quarter of it is not cached. */
const MAX_CACHE_BYTES = 16 * 1024 * 1024;

const SHA = z.string().regex(/^[0-9a-f]{64}$/);
const memberSchema = z.tuple([
  z.string().max(65536),
  z.enum(['file', 'directory', 'symlink', 'hardlink', 'other']),
  z.number().int().nonnegative(),
  SHA.nullable(),
]);
const entrySchema = z.object({
  key: z.string().max(200),
  archiveSha256: SHA,
  computedAt: z.string().max(64),
  members: z.array(memberSchema),
});
const fileSchema = z.object({ v: z.literal(1), entries: z.array(z.unknown()).max(MAX_ENTRIES * 2) });
type Entry = z.infer<typeof entrySchema>;

const keyOf = (k: FileKey) => `${k.dev}:${k.ino}:${k.size}:${k.mtimeNs}:${k.ctimeNs}`;

export class HashCache {
  constructor(readonly file: string = path.join(defaultCacheBase(), HASH_CACHE_FILE)) {}

  private async load(): Promise<unknown[]> {
    let fh;
    try {
      fh = await open(this.file, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch {
      return [];
    }
    try {
      const st = await fh.stat();
      if (!st.isFile() || st.size > MAX_CACHE_BYTES) return [];
      const parsed = fileSchema.safeParse(JSON.parse(await fh.readFile('utf8')));
      return parsed.success ? parsed.data.entries : [];
    } catch {
      return [];
    } finally {
      await fh.close();
    }
  }

  /** The hashes of this file in this state, if computed before for the same member list. */
  async get(key: FileKey, members: readonly { name: string; size: number }[]): Promise<CachedHashes | null> {
    const want = keyOf(key);
    for (const raw of await this.load()) {
      if ((raw as { key?: unknown } | null)?.key !== want) continue;
      const parsed = entrySchema.safeParse(raw);
      if (!parsed.success) return null;
      const hashed = parsed.data.members.map(([name, type, size, sha256]) => ({ name, type, size, sha256 }));
      if (!sameMembers(hashed, members)) return null;
      return { archiveSha256: parsed.data.archiveSha256, computedAt: parsed.data.computedAt, members: hashed };
    }
    return null;
  }

  /** Remembers the hashes; a cache that cannot be written is only a slower next time (false). */
  async put(key: FileKey, hashes: CachedHashes): Promise<boolean> {
    const entry: Entry = {
      key: keyOf(key),
      archiveSha256: hashes.archiveSha256,
      computedAt: hashes.computedAt,
      members: hashes.members.map((m) => [m.name, m.type, m.size, m.sha256]),
    };
    if (Buffer.byteLength(JSON.stringify(entry)) > MAX_CACHE_BYTES / 4) return false;
    try {
      const dir = path.dirname(this.file);
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await assertPrivateDir(dir, true);
      const kept = (await this.load()).filter(
        (e) => entrySchema.safeParse(e).success && (e as Entry).key !== entry.key,
      );
      let entries = [entry, ...(kept as Entry[])].slice(0, MAX_ENTRIES);
      let text = JSON.stringify({ v: 1, entries });
      while (Buffer.byteLength(text) > MAX_CACHE_BYTES && entries.length > 1) {
        entries = entries.slice(0, -1);
        text = JSON.stringify({ v: 1, entries });
      }
      await writeReplacing(this.file, text);
      return true;
    } catch {
      return false;
    }
  }
}

function sameMembers(hashed: readonly MemberHash[], members: readonly { name: string; size: number }[]): boolean {
  const byName = new Map(hashed.map((m) => [m.name, m.size]));
  const unique = new Map(members.map((m) => [m.name, m.size]));
  if (byName.size !== unique.size || hashed.length !== byName.size) return false;
  for (const [name, size] of unique) if (byName.get(name) !== size) return false;
  return true;
}

async function writeReplacing(file: string, text: string): Promise<void> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fh = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(temp, file).catch(async (error: unknown) => {
    await unlink(temp).catch(() => undefined);
    throw error;
  });
}
