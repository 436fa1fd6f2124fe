// checkpointctl's own test suite, ported (test/checkpointctl-suite): the
// scenarios that need real CRIU images. subject.c runs in the testbed and
// the testbed's CRIU 4.2 dumps it (once, and twice for the diff scenarios);
// each scenario's command runs with checkpointctl and with ours, and both
// must show the same facts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIFFERING } from '../checkpointctl-suite/differing';
import { checkTools, runScenario } from '../checkpointctl-suite/harness';
import { makeSuiteImages, type SuiteImages } from '../checkpointctl-suite/images';
import { needsImages, SCENARIOS } from '../checkpointctl-suite/scenarios';
import { sharedKeyDifferences } from '../support/shared-keys';
import { ensureTestbed, testbedGate } from '../testbed/testbed';

const skip = testbedGate();
const scenarios = SCENARIOS.filter((s) => needsImages(s) && !(s.name in DIFFERING));

describe.skipIf(skip)('checkpointctl suite, archives with CRIU images (testbed)', () => {
  let images: SuiteImages;
  beforeAll(async () => {
    checkTools();
    images = await makeSuiteImages(await ensureTestbed());
  });
  afterAll(async () => {
    await images?.remove();
  });

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_, s) => {
    expect(await runScenario(s, images, sharedKeyDifferences)).toEqual([]);
  });
});
