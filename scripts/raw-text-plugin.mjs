// `import text from './x.proto?raw'` works in Vite and vitest; this teaches esbuild
// the same. The one copy: scripts/build.mjs and test/support/bundle-for-node.ts use it.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** @type {import('esbuild').Plugin} */
export const rawTextPlugin = {
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
