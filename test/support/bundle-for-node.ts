// Bundles a TypeScript entry into one CommonJS file the way scripts/build.mjs
// bundles the app: our `.proto?raw` imports become inlined text.
import { build, type BuildOptions } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rawTextPlugin } from '../../scripts/raw-text-plugin.mjs';

/**
 * A folder for bundles inside the repository (gitignored), so that what a bundle
 * leaves external (`require('esbuild')`) resolves against the repository's node_modules:
 * from the system temp folder it would not.
 */
export async function bundleCacheDir(name: string): Promise<string> {
  // Computed here, not at load: this module is also inside the bench's own CommonJS bundle.
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const dir = path.join(repo, 'node_modules', '.cache', 'checkpoint-inspector', name);
  await mkdir(dir, { recursive: true });
  return dir;
}

export async function bundleForNode(entry: string, outfile: string, extra: BuildOptions = {}): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    logLevel: 'error',
    plugins: [rawTextPlugin],
    ...extra,
  });
  return outfile;
}
