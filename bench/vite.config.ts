import { defineConfig } from 'vite';

/** Builds the router benchmark into one Node ESM file (dependencies stay in node_modules). */
export default defineConfig({
  build: {
    ssr: 'bench/router-bench.ts',
    outDir: 'out/bench',
    emptyOutDir: true,
    target: 'node24',
    minify: false,
    rollupOptions: { output: { entryFileNames: 'router-bench.mjs' } },
  },
  logLevel: 'warn',
});
