// Builds probe-entry.ts into one CommonJS file (our .proto?raw imports
// inlined, as the app build does) that any user can run with node.
import { chmod, mkdtemp } from 'node:fs/promises';
import { bundleForNode } from '../../support/bundle-for-node';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function bundleProbe(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ckpt-probe-'));
  await chmod(dir, 0o755);
  const outfile = path.join(dir, 'probe.cjs');
  await bundleForNode(path.join(here, 'probe-entry.ts'), outfile);
  await chmod(outfile, 0o644);
  return outfile;
}
