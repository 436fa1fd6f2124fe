// Hashes of a real archive (plain and zstd): the archive's own sha256 is the
// file's, each member's is of its uncompressed bytes; the cache answers for
// the same file only, a touch makes it compute again, and a damaged or
// hostile cache file is an empty cache.
import { createHash } from 'node:crypto';
import {
  chmod,
  copyFile,
  mkdir,
  mkdtemp,
  open as openFile,
  readFile,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashCache } from '../../../electron/inspect/integrity/hash-cache';
import { integrityHashes } from '../../../electron/inspect/integrity/integrity-hashes';
import { openArchive } from '../../../electron/inspect/open-archive';
import type { InspectSession } from '../../../electron/inspect/session';

const FIXTURES = join(__dirname, '../../fixtures');
let dir: string;
let n = 0;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function open(path: string): Promise<InspectSession> {
  const cacheDir = join(dir, `c${n++}`);
  await mkdir(cacheDir, { mode: 0o700 });
  await chmod(cacheDir, 0o700);
  return openArchive(path, { archiveId: `a${n}`, cacheDir });
}

async function withSession<T>(path: string, use: (s: InspectSession) => Promise<T>): Promise<T> {
  const s = await open(path);
  try {
    return await use(s);
  } finally {
    await s.close();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'h-integrity-hashes-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('integrityHashes', () => {
  it('hashes the compressed file itself and each member uncompressed, the same members as the plain tar', async () => {
    const zst = join(FIXTURES, 'podman-web-zstd.tar.zst');
    const plain = join(FIXTURES, 'podman-web-none.tar');
    const z = await withSession(zst, (s) => integrityHashes(s, { cache: null }));
    expect(z.archive.sha256).toBe(sha(await readFile(zst)));
    expect(z.archive.compression).toBe('zstd');
    expect(z.cached).toBe(false);
    const files = z.members.filter((m) => m.sha256 !== null);
    expect(files.length).toBeGreaterThan(10);
    // Every member hash is of the bytes the session reads for it.
    await withSession(zst, async (s) => {
      for (const m of files.slice(0, 5)) {
        const bytes = m.size === 0 ? Buffer.alloc(0) : (await s.readMember(m.name, 0, m.size)).data;
        expect(m.sha256).toBe(sha(bytes));
      }
    });
    const p = await withSession(plain, (s) => integrityHashes(s, { cache: null }));
    expect(p.archive.sha256).toBe(sha(await readFile(plain)));
    expect(z.members.filter((m) => m.type === 'directory').every((m) => m.sha256 === null)).toBe(true);
  });

  it('reports progress up to the archive size plus the member bytes, and stops when cancelled', async () => {
    const path = join(FIXTURES, 'podman-web-none.tar');
    const seen: [number, number][] = [];
    const h = await withSession(path, (s) => integrityHashes(s, { cache: null, onBytes: (d, t) => seen.push([d, t]) }));
    const total = h.archive.size + h.members.reduce((a, m) => a + (m.sha256 === null ? 0 : m.size), 0);
    expect(seen.at(-1)).toEqual([total, total]);
    const controller = new AbortController();
    controller.abort();
    await expect(
      withSession(path, (s) => integrityHashes(s, { cache: null, signal: controller.signal })),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('the hash cache', () => {
  it('answers for the same file, not after a touch, nor after a byte changed with size and mtime kept', async () => {
    const copy = join(dir, 'copy.tar');
    await copyFile(join(FIXTURES, 'podman-web-none.tar'), copy);
    const cache = new HashCache(join(dir, 'cache-1', 'hashes.json'));
    const first = await withSession(copy, (s) => integrityHashes(s, { cache }));
    expect(first.cached).toBe(false);
    const again = await withSession(copy, (s) => integrityHashes(s, { cache }));
    expect(again.cached).toBe(true);
    expect(again.members).toEqual(first.members);
    expect(again.archive.sha256).toBe(first.archive.sha256);
    // fresh (a verify) reads every byte even when the cache knows the file.
    expect((await withSession(copy, (s) => integrityHashes(s, { cache, fresh: true }))).cached).toBe(false);

    const later = new Date(Date.now() + 5_000);
    await utimes(copy, later, later);
    const touched = await withSession(copy, (s) => integrityHashes(s, { cache }));
    expect(touched.cached).toBe(false);
    expect(touched.archive.sha256).toBe(first.archive.sha256);
    expect((await withSession(copy, (s) => integrityHashes(s, { cache }))).cached).toBe(true);

    // One byte of a member changed in place, size kept and mtime set back: the ctime still tells.
    const before = await stat(copy);
    const offset = (await readFile(copy)).indexOf(Buffer.from('{'), 512);
    const fh = await openFile(copy, 'r+');
    await fh.write(Buffer.from(' '), 0, 1, offset);
    await fh.close();
    await utimes(copy, before.atime, before.mtime);
    const changed = await withSession(copy, (s) => integrityHashes(s, { cache }));
    expect(changed.cached).toBe(false);
    expect(changed.archive.sha256).not.toBe(first.archive.sha256);
    expect(changed.members.filter((m, i) => m.sha256 !== first.members[i]!.sha256).map((m) => m.name)).toEqual([
      'config.dump',
    ]);
  });

  it('treats a damaged or hostile cache file as empty and replaces it', async () => {
    const path = join(FIXTURES, 'podman-web-none.tar');
    const file = join(dir, 'cache-2', 'hashes.json');
    const cache = new HashCache(file);
    const real = await withSession(path, (s) => integrityHashes(s, { cache }));
    const saved = JSON.parse(await readFile(file, 'utf8')) as { entries: { members: unknown[][] }[] };
    // A forged entry for this very file with another digest and a bad member row: not believed.
    saved.entries[0]!.members[0] = ['../../etc/passwd', 'file', 1, 'zz'];
    await writeFile(file, JSON.stringify(saved));
    const forged = await withSession(path, (s) => integrityHashes(s, { cache }));
    expect(forged.cached).toBe(false);
    expect(forged.members).toEqual(real.members);
    for (const garbage of ['{', '[]', '{"v":2,"entries":[]}', 'null', '\u0000'.repeat(100)]) {
      await writeFile(file, garbage);
      expect((await withSession(path, (s) => integrityHashes(s, { cache }))).cached).toBe(false);
    }
    expect((await withSession(path, (s) => integrityHashes(s, { cache }))).cached).toBe(true);
  });
});
