// Brings the containerd testbed up once before any integration file is
// collected, so files that check for it at collection time see it running.
import { ensureTestbed, isRoot } from '../testbed/testbed';

export default async function setup(): Promise<void> {
  if (!isRoot()) {
    if (process.env.CI === 'true') throw new Error('integration tests need root in CI (the containerd testbed)');
    console.warn('[integration] not root: testbed tests will be skipped');
    return;
  }
  const started = Date.now();
  const state = await ensureTestbed();
  console.log(
    `[integration] testbed ready in ${((Date.now() - started) / 1000).toFixed(1)} s: containerd ${state.versions.containerd}, CRIU ${state.versions.criu}`,
  );
}
