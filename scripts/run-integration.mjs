// The integration suite needs root (the containerd testbed). Outside CI, as
// non-root, it is skipped with one line; in CI a skip is a failure.
import { spawnSync } from 'node:child_process';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  const line = 'integration: skipped: the containerd testbed needs root (run as root, or in CI)';
  console.log(line);
  process.exit(process.env.CI === 'true' ? 1 : 0);
}
const result = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--project',
    'integration',
    '--reporter=default',
    '--reporter=json',
    '--outputFile=test-results/integration.json',
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
