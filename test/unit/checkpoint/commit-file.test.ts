import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ArchiveFile } from '../../../electron/checkpoint/archive-file';
import { assertNameFree, commitNoReplace } from '../../../electron/checkpoint/commit-file';
import { isAppError } from '../../../shared/errors';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ckpt-commit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

describe('commitNoReplace', () => {
  it('gives the temp its final name and removes the temp name', async () => {
    const temp = path.join(dir, '.out.tar.partial-1');
    await writeFile(temp, 'archive');
    await commitNoReplace(temp, path.join(dir, 'out.tar'));
    expect(await readdir(dir)).toEqual(['out.tar']);
    expect(await readFile(path.join(dir, 'out.tar'), 'utf8')).toBe('archive');
  });

  it('refuses an existing target with CONFLICT: target byte-identical, temp removed', async () => {
    const target = path.join(dir, 'precious.tar');
    await writeFile(target, 'keep me, byte for byte');
    const before = await sha256(target);
    const temp = path.join(dir, '.precious.tar.partial-1');
    await writeFile(temp, 'the new archive');
    const error: unknown = await commitNoReplace(temp, target).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe('CONFLICT');
    expect((error as Error).message).toContain('precious.tar already exists');
    expect(await sha256(target)).toBe(before);
    expect(await readdir(dir)).toEqual(['precious.tar']);
  });

  it('also refuses a dangling symlink of that name (never writes through it)', async () => {
    const target = path.join(dir, 'link.tar');
    await symlink(path.join(dir, 'nowhere'), target);
    await expect(assertNameFree(target)).rejects.toMatchObject({ code: 'CONFLICT' });
    const temp = path.join(dir, '.t');
    await writeFile(temp, 'x');
    await expect(commitNoReplace(temp, target)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await readdir(dir)).sort()).toEqual(['link.tar']);
  });

  it('two concurrent commits to one name: one wins, the other gets CONFLICT, no temp left', async () => {
    const target = path.join(dir, 'race.tar');
    for (let round = 0; round < 20; round++) {
      await rm(target, { force: true });
      const temps = [path.join(dir, `.a-${round}`), path.join(dir, `.b-${round}`)];
      await writeFile(temps[0]!, 'A');
      await writeFile(temps[1]!, 'B');
      const outcomes = await Promise.allSettled(temps.map((t) => commitNoReplace(t, target)));
      const ok = outcomes.filter((o) => o.status === 'fulfilled');
      const refused = outcomes.filter((o) => o.status === 'rejected');
      expect(ok).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
      const winner = outcomes[0]!.status === 'fulfilled' ? 'A' : 'B';
      expect(await readFile(target, 'utf8')).toBe(winner);
      expect(await readdir(dir)).toEqual(['race.tar']);
    }
  });

  it('ArchiveFile.commit onto a name taken meanwhile: CONFLICT, the file untouched, no partial left', async () => {
    const target = path.join(dir, 'out.tar');
    const a = await ArchiveFile.create(target);
    await a.addBuffer('config.dump', Buffer.from('{}'));
    await writeFile(target, 'made by someone else meanwhile');
    await expect(a.commit()).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await readFile(target, 'utf8')).toBe('made by someone else meanwhile');
    expect(await readdir(dir)).toEqual(['out.tar']);
  });
});
