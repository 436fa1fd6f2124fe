// Brings the containerd testbeds up once before any integration file is
// collected (every selected suite: forky and trixie, or $TESTBED_SUITES), so
// files that check for them at collection time see them running. One after
// the other: provisioning both at once on 2 cores only makes each slower.
import { ensureTestbed, isRoot } from '../testbed/testbed';
import { selectedSuites } from './support/suites';

export default async function setup(): Promise<void> {
  if (!isRoot()) {
    if (process.env.CI === 'true') throw new Error('integration tests need root in CI (the containerd testbed)');
    console.warn('[integration] not root: testbed tests will be skipped');
    return;
  }
  for (const suite of selectedSuites()) {
    const started = Date.now();
    const state = await ensureTestbed(suite);
    const docker = state.versions.docker ? `, Docker ${state.versions.docker}` : '';
    console.log(
      `[integration] ${suite} testbed ready in ${((Date.now() - started) / 1000).toFixed(1)} s: containerd ${state.versions.containerd}, runc ${state.versions.runc}, CRIU ${state.versions.criu}${docker}`,
    );
  }
}
