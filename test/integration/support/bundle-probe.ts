// Builds probe-entry.ts into one CommonJS file (our .proto?raw imports
// inlined, as the app build does) that any user can run with node.
import { build } from 'esbuild';
import { chmod, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function bundleProbe(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ckpt-probe-'));
  await chmod(dir, 0o755);
  const outfile = path.join(dir, 'probe.cjs');
  await build({
    entryPoints: [path.join(here, 'probe-entry.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
    plugins: [
      {
        name: 'raw',
        setup(b) {
          b.onResolve({ filter: /\?raw$/ }, (args) => ({
            path: path.resolve(args.resolveDir, args.path.slice(0, -4)),
            namespace: 'raw',
          }));
          b.onLoad({ filter: /.*/, namespace: 'raw' }, async (args) => ({
            contents: await readFile(args.path, 'utf8'),
            loader: 'text',
          }));
        },
      },
    ],
  });
  await chmod(outfile, 0o644);
  return outfile;
}
