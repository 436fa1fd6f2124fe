// An incremental checkpoint (Podman --with-previous) read with its parent:
// pages marked PE_PARENT come from the parent's pre-checkpoint/ images, alone
// they are absent and said to be in the parent, never zeros.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../../electron/inspect/open-archive';
import type { InspectSession } from '../../../electron/inspect/session';
import { file, tar } from '../../hostile/tar-writer';
import { makeWithPreviousFixtures } from '../../fixtures/with-previous-fixtures';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'containerd-cri-web.tar');
const f = makeWithPreviousFixtures();
const cacheRoot = mkdtempSync(path.join(tmpdir(), 'ci-with-previous-'));
const open: InspectSession[] = [];
let n = 0;

async function session(file: string, parentPath?: string): Promise<InspectSession> {
  const cacheDir = path.join(cacheRoot, `a${n++}`);
  mkdirSync(cacheDir, { mode: 0o700 });
  const s = await openArchive(file, { archiveId: `a${n}`, cacheDir, ...(parentPath ? { parentPath } : {}) });
  open.push(s);
  return s;
}

afterAll(async () => {
  for (const s of open) await s.close();
  f.remove();
  rmSync(cacheRoot, { recursive: true, force: true });
});

const text = (b: Buffer) => b.toString('latin1');

describe('an incremental checkpoint', () => {
  const { start, end } = f.parentRange;

  it('alone: the parent pages read as absent and the memory view says they are in the parent', async () => {
    const s = await session(f.child);
    const read = await s.readMemory(f.pid, start, end - start);
    expect(read.present.every((p) => p === false)).toBe(true);
    expect(text(read.data)).not.toContain(f.needle);
    const usage = await s.memoryUsage();
    expect(usage.problems.map((p) => p.message).join('\n')).toMatch(/in the parent dump.*not attached/);
  });

  it('with its parent: those pages come from pre-checkpoint/, search finds what only the parent holds', async () => {
    const alone = await session(f.child);
    const s = await session(f.child, f.parent);
    const read = await s.readMemory(f.pid, start, end - start);
    expect(read.present.every((p) => p === true)).toBe(true);
    expect(text(read.data)).toContain(f.needle);
    // The same bytes the original (full) dump has there.
    const full = await session(FIXTURE);
    expect((await full.readMemory(f.pid, start, end - start)).data.equals(read.data)).toBe(true);
    const dumped = async (x: InspectSession) => (await x.memoryUsage()).rows.find((r) => r.pid === f.pid)!.dumpedSize;
    expect(await dumped(s)).toBe((await dumped(alone)) + (end - start));
    const usage = await s.memoryUsage();
    expect(usage.problems).toEqual([]);
    const regions = await s.memoryRegions(f.pid);
    const bytes = await regions.read(start, end - start);
    expect(text(bytes)).toContain(f.needle);
  });

  it('in one archive with its pre-checkpoint/ folder: read from there without asking', async () => {
    const s = await session(f.together);
    const read = await s.readMemory(f.pid, start, end - start);
    expect(text(read.data)).toContain(f.needle);
  });

  it('a parent that is no checkpoint parent is refused, naming why', async () => {
    const plain = path.join(cacheRoot, 'plain.tar');
    writeFileSync(plain, tar(file('config.dump', '{}'), file('notes.txt', 'no images here')));
    await expect(session(f.child, plain)).rejects.toThrow(/no pre-checkpoint\/ or checkpoint\/ pagemaps/);
  });
});
