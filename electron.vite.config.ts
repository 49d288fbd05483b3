import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

/**
 * Three builds: main (the Electron entry and the headless `serve` entry, dependencies left in
 * node_modules), preload (one self-contained CommonJS file, as a sandboxed preload must be) and
 * the renderer (React), which `serve` also hands to browsers.
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve('src-main/electron/main.ts'),
          serve: resolve('src-main/headless/cli.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src-preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src-renderer'),
    plugins: [react()],
    build: {
      // Minified, with the terminal, Settings and Activity in chunks of their own (dynamic
      // `import()` + React.lazy), so the chat's first paint loads only what it shows.
      minify: true,
      // React, Radix and Markdown together are ~500 kB minified (~150 kB gzipped): expected.
      chunkSizeWarningLimit: 700,
      rollupOptions: { input: { index: resolve('src-renderer/index.html') } },
    },
  },
});
