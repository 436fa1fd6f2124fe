/**
 * The fixture part of the soak (no root, no testbed): 200 opens of the
 * fixtures and the sample through the real core, 50 memory searches, a
 * crashed process's cache folder cleaned at start; returns the numbers.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { cleanStaleCaches } from '../../electron/archive';
import { composeCore, type ComposedCore } from '../../electron/ipc/compose';
import { openBrowseClose, searchOnce, usage, type Usage } from './leak-cycle';

const ROOT = resolve(__dirname, '../..');
export const SAMPLE = join(ROOT, 'resources/sample/sample-checkpoint.tar');
export const SOAK_ARCHIVES = [
  SAMPLE,
  join(ROOT, 'test/fixtures/containerd-cri-web.tar'),
  join(ROOT, 'test/fixtures/podman-web-none.tar'),
  join(ROOT, 'test/fixtures/podman-web-gzip.tar.gz'),
  join(ROOT, 'test/fixtures/podman-web-zstd.tar.zst'),
];

/** Tolerances: a few descriptors (a lazily started worker's pipes), RSS allowed to settle. */
export const FD_TOLERANCE = 3;
export const RSS_TOLERANCE_MIB = 96;

export interface SoakEnv {
  tmp: string;
  cacheBase: string;
  composed: ComposedCore;
  dispose(): Promise<void>;
}

/** The real core with its cache base and settings in a temp folder. */
export async function soakEnv(): Promise<SoakEnv> {
  const tmp = await mkdtemp(join(tmpdir(), 'ci-soak-'));
  const previous = process.env['XDG_CACHE_HOME'];
  process.env['XDG_CACHE_HOME'] = tmp;
  const composed = await composeCore({
    host: { kind: 'browser', samplePath: SAMPLE },
    userDataDir: join(tmp, 'user'),
    allowCheckpoint: false,
  });
  if (previous === undefined) delete process.env['XDG_CACHE_HOME'];
  else process.env['XDG_CACHE_HOME'] = previous;
  return {
    tmp,
    cacheBase: join(tmp, 'checkpoint-inspector', 'cache'),
    composed,
    dispose: async () => {
      await composed.dispose();
      await rm(tmp, { recursive: true, force: true });
    },
  };
}

export interface SoakNumbers {
  opens: number;
  searches: number;
  baseline: Usage;
  afterOpens: Usage;
  afterSearches: Usage;
  openMs: number;
  searchMs: number;
}

/** Warm-up, then `opens` open/browse/close cycles over `archives` and `searches` searches on the sample. */
export async function soakFixtures(
  env: SoakEnv,
  archives: readonly string[],
  opens: number,
  searches: number,
): Promise<SoakNumbers> {
  const { composed } = env;
  // Warm-up: every archive once, so lazily loaded schemas and code are not counted as leaks.
  for (const path of archives) await openBrowseClose(composed, path);
  const sample = await composed.core.openPath(SAMPLE);
  await searchOnce(composed, sample.archiveId, 'busybox');
  await composed.core.dispatch('archive.close', { archiveId: sample.archiveId });
  const baseline = await usage(composed.cacheRoot);

  let started = performance.now();
  for (let i = 0; i < opens; i++) await openBrowseClose(composed, archives[i % archives.length]!);
  const openMs = performance.now() - started;
  const afterOpens = await usage(composed.cacheRoot);

  started = performance.now();
  const { archiveId } = await composed.core.openPath(SAMPLE);
  const queries = ['busybox', 'httpd', 'PATH=', 'root', 'www'];
  for (let i = 0; i < searches; i++) {
    const outcome = await searchOnce(composed, archiveId, queries[i % queries.length]!);
    if (!outcome.ok) throw new Error(`search failed: ${outcome.error.code} ${outcome.error.message}`);
  }
  await composed.core.dispatch('archive.close', { archiveId });
  const searchMs = performance.now() - started;
  const afterSearches = await usage(composed.cacheRoot);
  return { opens, searches, baseline, afterOpens, afterSearches, openMs, searchMs };
}

/** A pid that ran and exited, so no live process has it (barring reuse). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

/** Leaves a crashed process's cache folder (dead pid) and a live one's; returns both paths. */
export async function crashLeftovers(cacheBase: string): Promise<{ dead: string; live: string }> {
  await mkdir(cacheBase, { recursive: true, mode: 0o700 });
  const dead = join(cacheBase, `${deadPid()}-0123456789ab`);
  const live = join(cacheBase, `1-0123456789ab`);
  for (const dir of [dead, live]) {
    await mkdir(join(dir, 'a0123'), { recursive: true, mode: 0o700 });
    await writeFile(join(dir, 'a0123', 'x.tar'), Buffer.alloc(4096));
  }
  return { dead, live };
}

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

export { cleanStaleCaches, readdir };
