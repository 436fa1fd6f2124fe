// Builds every process: main, preload, CLI (esbuild) and the renderer (Vite).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { readFile, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = process.argv[2]; // optional: main | preload | cli | renderer

/** `import text from './x.proto?raw'` works in Vite and vitest; teach esbuild the same. */
const rawPlugin = {
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
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [rawPlugin],
  absWorkingDir: root,
};

const targets = {
  main: () =>
    esbuild({
      ...common,
      entryPoints: ['electron/main/index.ts'],
      outfile: 'dist/main/main.cjs',
      external: ['electron'],
    }),
  preload: () =>
    esbuild({
      ...common,
      // A sandboxed preload may require only 'electron' and a few Node built-ins.
      entryPoints: ['electron/preload/index.ts'],
      outfile: 'dist/preload/preload.cjs',
      external: ['electron'],
      platform: 'browser',
      format: 'cjs',
    }),
  cli: () => esbuild({ ...common, entryPoints: ['electron/cli/index.ts'], outfile: 'dist/cli/cli.cjs' }),
  renderer: () => viteBuild({ configFile: path.join(root, 'renderer', 'vite.config.mts'), logLevel: 'warn' }),
};

if (!only) await rm(path.join(root, 'dist'), { recursive: true, force: true });
for (const [name, run] of Object.entries(targets)) {
  if (only && only !== name) continue;
  await run();
}
