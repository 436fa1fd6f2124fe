// The soak: many more opens and searches than the leak test in `npm test`,
// RSS sampled as it goes (it must level off), and, as root with the
// testbed, a big memory checkpoint (memhog) opened, searched and closed again
// and again. SOAK_OPENS, SOAK_SEARCHES, SOAK_MEM_MIB tune it.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criCheckpoint, ensureTestbed, startMemoryWorkload, testbedGate } from '../testbed/testbed';
import { FD_TOLERANCE, RSS_TOLERANCE_MIB, SOAK_ARCHIVES, soakEnv, soakFixtures, type SoakEnv } from './fixture-soak';
import { openBrowseClose, searchOnce, usage } from './leak-cycle';

const OPENS = Number(process.env['SOAK_OPENS'] ?? 2000);
const SEARCHES = Number(process.env['SOAK_SEARCHES'] ?? 200);
const MEM_MIB = Number(process.env['SOAK_MEM_MIB'] ?? 512);

let env: SoakEnv;
beforeAll(async () => {
  env = await soakEnv();
});
afterAll(async () => env.dispose());

describe('soak', () => {
  it(`${OPENS} opens of the fixtures and ${SEARCHES} searches: descriptors, cache and RSS level off`, async () => {
    const rounds = 5;
    const samples = [];
    for (let r = 0; r < rounds; r++) {
      const n = await soakFixtures(env, SOAK_ARCHIVES, Math.ceil(OPENS / rounds), Math.ceil(SEARCHES / rounds));
      samples.push(n);
      console.info(`[soak] round ${r + 1}/${rounds}: ${JSON.stringify(n)}`);
    }
    const first = samples[0]!.baseline;
    const last = samples[rounds - 1]!.afterSearches;
    expect(last.cacheEntries).toBe(0);
    expect(last.fds).toBeLessThanOrEqual(first.fds + FD_TOLERANCE);
    // Growth between the first and the last round, not against a cold start.
    expect(last.rssMiB).toBeLessThanOrEqual(samples[0]!.afterSearches.rssMiB + RSS_TOLERANCE_MIB);
  });

  const skip = testbedGate();
  it.skipIf(skip !== undefined)(
    `a ${MEM_MIB} MiB memory checkpoint opened, searched and closed 20 times ${skip ?? ''}`,
    async () => {
      const state = await ensureTestbed();
      const workload = await startMemoryWorkload(MEM_MIB);
      const archive = join(state.archiveDir, `soak-mem-${MEM_MIB}.tar`);
      await rm(archive, { force: true });
      await criCheckpoint(state, workload.containerId, archive);
      try {
        const { composed } = env;
        await openBrowseClose(composed, archive);
        const baseline = await usage(composed.cacheRoot);
        const query = workload.layout.markers[0]?.text ?? 'memhog';
        for (let i = 0; i < 20; i++) {
          await openBrowseClose(composed, archive);
          const { archiveId } = await composed.core.openPath(archive);
          const outcome = await searchOnce(composed, archiveId, query);
          expect(outcome.ok).toBe(true);
          await composed.core.dispatch('archive.close', { archiveId });
        }
        const after = await usage(composed.cacheRoot);
        console.info(
          `[soak] memory archive ${MEM_MIB} MiB: baseline ${JSON.stringify(baseline)} after ${JSON.stringify(after)}`,
        );
        expect(after.cacheEntries).toBe(0);
        expect(after.fds).toBeLessThanOrEqual(baseline.fds + FD_TOLERANCE);
        expect(after.rssMiB).toBeLessThanOrEqual(baseline.rssMiB + RSS_TOLERANCE_MIB);
      } finally {
        await rm(archive, { force: true });
      }
    },
  );
});
