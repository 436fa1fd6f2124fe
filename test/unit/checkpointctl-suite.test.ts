// checkpointctl's own test suite, ported (test/checkpointctl-suite): the
// scenarios that need no CRIU images, each run by checkpointctl and by ours
// with the same facts checked on both. The ones with real images run in
// test/integration/checkpointctl-suite.test.ts.
import { beforeAll, describe, expect, it } from 'vitest';
import { DIFFERING } from '../checkpointctl-suite/differing';
import { checkTools, runScenario } from '../checkpointctl-suite/harness';
import { needsImages, SCENARIOS } from '../checkpointctl-suite/scenarios';
import { sharedKeyDifferences } from '../support/shared-keys';

const scenarios = SCENARIOS.filter((s) => !needsImages(s) && !(s.name in DIFFERING));

describe('checkpointctl suite, archives without CRIU images', () => {
  beforeAll(checkTools);

  it('ports all 82 scenarios of checkpointctl.bats bar the plugin ones, each once', () => {
    const names = SCENARIOS.map((s) => s.name);
    expect(names.length).toBe(82);
    expect(new Set(names).size).toBe(names.length);
    for (const name of Object.keys(DIFFERING)) expect(names).toContain(name);
  });

  it.each(scenarios.map((s) => [s.name, s] as const))(
    '%s',
    async (_, s) => {
      expect(await runScenario(s, undefined, sharedKeyDifferences)).toEqual([]);
    },
    60_000,
  );
});
