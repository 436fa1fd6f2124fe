import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: path.dirname(fileURLToPath(import.meta.url)),
  // Relative asset URLs: the same build loads from file:// (Electron) and from the browser host.
  base: './',
  plugins: [react()],
  build: {
    outDir: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'renderer'),
    emptyOutDir: true,
    sourcemap: true,
    // Everything is bundled; nothing is loaded from the network.
    assetsInlineLimit: 0,
  },
});
