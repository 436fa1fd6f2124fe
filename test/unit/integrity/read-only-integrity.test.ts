// The archive is only ever opened read-only: while a copy of a fixture is
// open and viewed, searched, hashed and reported, every descriptor this
// process holds on it is O_RDONLY (read from /proc/self/fdinfo), and after
// it is closed its bytes, mtime and ctime are unchanged. A chmod 0444 copy
// opens and hashes the same. For a compressed archive the same holds of the
// compressed file (its decompressed copy is ours, in the private cache).
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrityHashes } from '../../../electron/inspect/integrity/integrity-hashes';
import { openArchive } from '../../../electron/inspect/open-archive';
import { renderReport } from '../../../electron/inspect/report/write-report';
import { sessionSource } from '../../../electron/inspect/search/memory-source';
import { searchMemory } from '../../../electron/inspect/search/search-memory';
import type { InspectSession } from '../../../electron/inspect/session';

const FIXTURES = join(__dirname, '../../fixtures');
/** Linux's access-mode bits of open(2) flags (node's fs.constants does not name O_ACCMODE). */
const O_ACCMODE = 0o3;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'h-integrity-readonly-'));
});
afterAll(async () => {
  await chmod(dir, 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

/** The open flags (octal in fdinfo) of every descriptor of this process on `file`. */
async function flagsOfFdsOn(file: string): Promise<number[]> {
  const out: number[] = [];
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => null);
    if (target !== file) continue;
    const info = await readFile(`/proc/self/fdinfo/${fd}`, 'utf8').catch(() => null);
    const flags = info ? /^flags:\s+([0-7]+)$/m.exec(info)?.[1] : undefined;
    if (flags !== undefined) out.push(parseInt(flags, 8));
  }
  return out;
}

async function snapshot(file: string) {
  const s = await stat(file, { bigint: true });
  return {
    sha256: createHash('sha256')
      .update(await readFile(file))
      .digest('hex'),
    size: s.size,
    mtimeNs: s.mtimeNs,
    ctimeNs: s.ctimeNs,
  };
}

let n = 0;
async function openCopy(file: string): Promise<InspectSession> {
  const cacheDir = join(dir, `cache-${n++}`);
  await mkdir(cacheDir, { mode: 0o700 });
  await chmod(cacheDir, 0o700);
  return openArchive(file, { archiveId: `a${n}`, cacheDir });
}

/** Opens the copy and does what an analyst does, checking the descriptors on it after each step. */
async function useEverything(file: string): Promise<{ flags: number[]; sha256: string }> {
  const flags: number[] = [];
  const check = async () => flags.push(...(await flagsOfFdsOn(file)));
  const s = await openCopy(file);
  try {
    await check();
    await s.overview();
    const processes = await s.processes();
    await s.files();
    await s.sockets();
    await s.mounts();
    await s.rootfs().catch(() => []);
    for (const p of processes.slice(0, 2)) await s.vmas(p.pid).catch(() => []);
    await check();
    await searchMemory(sessionSource(s), { kind: 'text', query: 'PATH=' });
    await check();
    const hashes = await integrityHashes(s, { cache: null });
    await check();
    await renderReport(s, 'json', { memory: false });
    await check();
    return { flags, sha256: hashes.archive.sha256 };
  } finally {
    await s.close();
  }
}

describe('the archive is opened read-only', () => {
  for (const fixture of ['podman-web-none.tar', 'podman-web-zstd.tar.zst']) {
    it(`${fixture}: every descriptor on it is O_RDONLY, and its bytes, mtime and ctime are unchanged`, async () => {
      const copy = join(dir, `copy-${fixture}`);
      await copyFile(join(FIXTURES, fixture), copy);
      const before = await snapshot(copy);
      const { flags, sha256 } = await useEverything(copy);
      // The index's descriptor at least, at every step.
      expect(flags.length).toBeGreaterThanOrEqual(5);
      for (const f of flags) expect(f & O_ACCMODE, `flags ${f.toString(8)}`).toBe(constants.O_RDONLY);
      expect(await flagsOfFdsOn(copy)).toEqual([]);
      const after = await snapshot(copy);
      expect(after).toEqual(before);
      expect(sha256).toBe(before.sha256);
    });
  }

  it('opens, views and hashes a copy with mode 0444 in a folder with mode 0555', async () => {
    const ro = join(dir, 'ro');
    await mkdir(ro);
    const copy = join(ro, 'web.tar');
    await copyFile(join(FIXTURES, 'podman-web-none.tar'), copy);
    await chmod(copy, 0o444);
    await chmod(ro, 0o555);
    const before = await snapshot(copy);
    const { flags, sha256 } = await useEverything(copy);
    for (const f of flags) expect(f & O_ACCMODE).toBe(constants.O_RDONLY);
    expect(sha256).toBe(before.sha256);
    expect(await snapshot(copy)).toEqual(before);
    expect((await stat(copy)).mode & 0o777).toBe(0o444);
  });
});
