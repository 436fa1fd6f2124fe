import { randomBytes } from 'node:crypto';
import { lstat, mkdir, chmod, readdir, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { AppError } from '../../shared/errors';

const uid = (): number | null => (typeof process.getuid === 'function' ? process.getuid() : null);

/** $XDG_CACHE_HOME or ~/.cache; a per-user folder under the temp dir when there is no home. */
export function defaultCacheBase(): string {
  const xdg = process.env['XDG_CACHE_HOME'];
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'checkpoint-inspector', 'cache');
  let home = '';
  try {
    home = homedir();
  } catch {
    home = '';
  }
  if (home !== '' && home !== '/') return join(home, '.cache', 'checkpoint-inspector', 'cache');
  return join(tmpdir(), `checkpoint-inspector-${uid() ?? 'user'}`, 'cache');
}

/**
 * The folder must be a real directory (not a symlink), ours, and closed to
 * others: decompressed archives and their names are private.
 */
export async function assertPrivateDir(dir: string, allowGroupRead = false): Promise<void> {
  let stat;
  try {
    stat = await lstat(dir);
  } catch {
    throw new AppError('NOT_FOUND', `cache folder ${dir} does not exist`);
  }
  if (!stat.isDirectory()) throw new AppError('FORBIDDEN', `cache folder ${dir} is not a directory (or is a symlink)`);
  const me = uid();
  if (me !== null && stat.uid !== me) throw new AppError('FORBIDDEN', `cache folder ${dir} belongs to another user`);
  const forbidden = allowGroupRead ? 0o022 : 0o077;
  if ((stat.mode & forbidden) !== 0) {
    throw new AppError(
      'FORBIDDEN',
      `cache folder ${dir} is open to other users (mode ${(stat.mode & 0o777).toString(8)})`,
    );
  }
}

/** Makes `<base>/<pid>-<random>` with mode 0700 and returns its path. */
export async function createCacheRoot(base: string = defaultCacheBase()): Promise<string> {
  const dir = cacheRootPath(base);
  await makeCacheRoot(base, dir);
  return dir;
}

function cacheRootPath(base: string): string {
  return join(base, `${process.pid}-${randomBytes(6).toString('hex')}`);
}

async function makeCacheRoot(base: string, dir: string): Promise<void> {
  await mkdir(base, { recursive: true, mode: 0o700 });
  await assertPrivateDir(base, true);
  await mkdir(dir, { mode: 0o700 });
  await chmod(dir, 0o700);
  await assertPrivateDir(dir);
}

/** Cache folders named but not made yet, each with what makes it (once). */
const deferred = new Map<string, () => Promise<void>>();

/**
 * A cache root named now and made only when a decompressed copy is first
 * written under it (readyCacheDir): a command reading a plain tar makes no
 * folder at all, so it runs where $HOME cannot be written. `folder(name)`
 * names a private folder under it, made the same way. `forget()` drops the
 * pending makers; removeCacheRoot(path) removes whatever was made.
 */
export function deferCacheRoot(base: string = defaultCacheBase()): {
  path: string;
  folder(name: string): string;
  forget(): void;
} {
  const path = cacheRootPath(base);
  const names: string[] = [];
  const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
    let made: Promise<T> | null = null;
    return () => (made ??= make());
  };
  const root = once(() => makeCacheRoot(base, path));
  return {
    path,
    folder(name) {
      const dir = join(path, name);
      names.push(dir);
      deferred.set(
        dir,
        once(async () => {
          await root();
          await mkdir(dir, { mode: 0o700 });
        }),
      );
      return dir;
    },
    forget() {
      for (const dir of names) deferred.delete(dir);
    },
  };
}

/** Makes a folder named by deferCacheRoot (if it is one), then checks that it is private. */
export async function readyCacheDir(dir: string): Promise<void> {
  await deferred.get(dir)?.();
  await assertPrivateDir(dir);
}

export async function removeCacheRoot(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

const CACHE_NAME = /^([1-9][0-9]{0,9})-[0-9a-f]{12}$/;

/**
 * Removes cache folders left by processes that no longer run (a crash skips
 * close()). A folder whose pid was reused by a live process is left alone.
 */
export async function cleanStaleCaches(base: string = defaultCacheBase()): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(base, { withFileTypes: true });
  } catch {
    return [];
  }
  const removed: string[] = [];
  const me = uid();
  for (const entry of entries) {
    const match = CACHE_NAME.exec(entry.name);
    if (match === null || !entry.isDirectory()) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || processAlive(pid)) continue;
    const path = join(base, entry.name);
    const stat = await lstat(path);
    if (!stat.isDirectory() || (me !== null && stat.uid !== me)) continue;
    await rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}
