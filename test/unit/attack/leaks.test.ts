// Leaks and long use, the part that needs no root: 200 opens of the fixtures
// and the sample through the real core, 50 memory searches; descriptors,
// cache folders and RSS come back to their baseline. A crashed process's
// cache folder is removed when the next core starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeCore } from '../../../electron/ipc/compose';
import {
  crashLeftovers,
  exists,
  FD_TOLERANCE,
  readdir,
  RSS_TOLERANCE_MIB,
  SAMPLE,
  SOAK_ARCHIVES,
  soakFixtures,
  soakEnv,
  type SoakEnv,
  type SoakNumbers,
} from '../../soak/fixture-soak';

let env: SoakEnv;
beforeAll(async () => {
  env = await soakEnv();
});
afterAll(async () => env.dispose());

describe('leaks', () => {
  let numbers: SoakNumbers;

  it('opens, browses and closes 200 archives and runs 50 searches without leaking', async () => {
    numbers = await soakFixtures(env, SOAK_ARCHIVES, 200, 50);
    console.info(`[leaks] ${JSON.stringify(numbers)}`);
    const { baseline, afterOpens, afterSearches } = numbers;
    expect(baseline.cacheEntries).toBe(0);
    expect(afterOpens.cacheEntries).toBe(0);
    expect(afterSearches.cacheEntries).toBe(0);
    expect(afterOpens.fds).toBeLessThanOrEqual(baseline.fds + FD_TOLERANCE);
    expect(afterSearches.fds).toBeLessThanOrEqual(baseline.fds + FD_TOLERANCE);
    expect(afterOpens.rssMiB).toBeLessThanOrEqual(baseline.rssMiB + RSS_TOLERANCE_MIB);
    expect(afterSearches.rssMiB).toBeLessThanOrEqual(baseline.rssMiB + RSS_TOLERANCE_MIB);
  }, 120_000);

  it("removes a crashed process's cache folder when the next core starts, and keeps a live process's", async () => {
    const { dead, live } = await crashLeftovers(env.cacheBase);
    const previous = process.env['XDG_CACHE_HOME'];
    process.env['XDG_CACHE_HOME'] = env.tmp;
    const second = await composeCore({
      host: { kind: 'browser', samplePath: SAMPLE },
      userDataDir: `${env.tmp}/user2`,
      allowCheckpoint: false,
    });
    if (previous === undefined) delete process.env['XDG_CACHE_HOME'];
    else process.env['XDG_CACHE_HOME'] = previous;
    try {
      expect(second.cacheRoot.startsWith(env.cacheBase)).toBe(true);
      expect(await exists(dead)).toBe(false);
      expect(await exists(live)).toBe(true);
      // The first core (this process, alive) keeps its cache root.
      expect(await exists(env.composed.cacheRoot)).toBe(true);
    } finally {
      await second.dispose();
    }
    expect(await exists(second.cacheRoot)).toBe(false);
    expect((await readdir(env.cacheBase)).sort()).toEqual(
      [env.composed.cacheRoot.split('/').pop(), live.split('/').pop()].sort(),
    );
  });
});
