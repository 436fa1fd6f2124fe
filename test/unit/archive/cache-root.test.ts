import { spawnSync } from 'node:child_process';
import { chmod, mkdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanStaleCaches, createCacheRoot, defaultCacheBase, removeCacheRoot } from '../../../electron/archive/index';
import { expectAppError, scratch, type Scratch } from './helpers';

let s: Scratch;
beforeEach(async () => {
  s = await scratch();
});
afterEach(async () => {
  await s.dispose();
});

/** A pid that ran and exited, so nothing runs under it now (barring reuse in the instant between). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('cache folders', () => {
  it('creates <base>/<pid>-<random> with mode 0700 and removes it', async () => {
    const base = join(s.dir, 'base');
    const dir = await createCacheRoot(base);
    expect(dir.startsWith(join(base, `${process.pid}-`))).toBe(true);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect((await stat(base)).mode & 0o077).toBe(0);
    expect(await createCacheRoot(base)).not.toBe(dir);
    await removeCacheRoot(dir);
    await expect(stat(dir)).rejects.toThrow(/ENOENT/);
  }, 10_000);

  it('refuses a base that others can write, or a symlink', async () => {
    const open = join(s.dir, 'open');
    await mkdir(open, { mode: 0o777 });
    await chmod(open, 0o777);
    await expectAppError(createCacheRoot(open), 'FORBIDDEN');
    await symlink(s.cacheDir, join(s.dir, 'link'));
    await expectAppError(createCacheRoot(join(s.dir, 'link')), 'FORBIDDEN');
  });

  it('follows XDG_CACHE_HOME', () => {
    const saved = process.env['XDG_CACHE_HOME'];
    process.env['XDG_CACHE_HOME'] = '/x/cache';
    try {
      expect(defaultCacheBase()).toBe('/x/cache/checkpoint-inspector/cache');
    } finally {
      if (saved === undefined) delete process.env['XDG_CACHE_HOME'];
      else process.env['XDG_CACHE_HOME'] = saved;
    }
  });

  it('cleans folders of dead processes only', async () => {
    const base = join(s.dir, 'base');
    const mine = await createCacheRoot(base);
    const dead = join(base, `${deadPid()}-0123456789ab`);
    await mkdir(dead, { mode: 0o700 });
    await writeFile(join(dead, 'left.tar'), 'x');
    const live = join(base, `1-0123456789ab`);
    await mkdir(live, { mode: 0o700 });
    const other = join(base, 'not-a-cache');
    await mkdir(other);
    expect(await cleanStaleCaches(base)).toEqual([dead]);
    await expect(stat(dead)).rejects.toThrow();
    for (const kept of [mine, live, other]) expect((await stat(kept)).isDirectory()).toBe(true);
    expect(await cleanStaleCaches(join(s.dir, 'nowhere'))).toEqual([]);
  });
});
