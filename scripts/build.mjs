// Builds every process: main, preload, CLI (esbuild) and the renderer (Vite).
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { copyFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { rawTextPlugin } from './raw-text-plugin.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = process.argv[2]; // optional: main | preload | cli | worker | renderer

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [rawTextPlugin],
  // A native module (optional): required at run time from node_modules, never bundled.
  external: ['zstd-napi'],
  absWorkingDir: root,
};

const targets = {
  main: () =>
    esbuild({
      ...common,
      entryPoints: ['electron/main/index.ts'],
      outfile: 'dist/main/main.cjs',
      external: ['electron', 'zstd-napi'],
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
  // Heavy work (search, findings, report, diff) runs in worker threads of main and of `serve` (workers/worker-entry.ts).
  // The YARA engine's .wasm goes beside the worker's bundle (electron/inspect/yara/engine.ts reads it there).
  worker: async () => {
    await esbuild({
      ...common,
      entryPoints: ['electron/workers/heavy-worker.ts'],
      outfile: 'dist/worker/heavy-worker.cjs',
    });
    const yaraPkg = path.dirname(createRequire(import.meta.url).resolve('@virustotal/yara-x/package.json'));
    await copyFile(path.join(yaraPkg, 'pkg', 'yara_x_js_bg.wasm'), path.join(root, 'dist/worker/yara_x_js_bg.wasm'));
  },
  renderer: () => viteBuild({ configFile: path.join(root, 'renderer', 'vite.config.mts'), logLevel: 'warn' }),
};

if (!only) await rm(path.join(root, 'dist'), { recursive: true, force: true });
for (const [name, run] of Object.entries(targets)) {
  // The hosts that start heavy workers are never built without the worker bundle beside them.
  if (only && only !== name && !(name === 'worker' && (only === 'main' || only === 'cli'))) continue;
  await run();
}
