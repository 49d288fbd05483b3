import { defineConfig } from 'vite';

/**
 * Builds the benchmarks into Node ESM files in `out/bench/` (dependencies stay in node_modules):
 * `router-bench.mjs` (npm run bench:router), `api-bench.mjs` (npm run bench:api) and
 * `ui-bench.mjs` (npm run bench:ui), `upstream.mjs`, the scripted upstream the API benchmark starts in its own process,
 * and `bare-proxy.mjs`, the floor it measures a proxy hop by.
 */
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'out/bench',
    emptyOutDir: true,
    target: 'node24',
    minify: false,
    rollupOptions: {
      input: {
        'router-bench': 'bench/router-bench.ts',
        'api-bench': 'bench/api-bench.ts',
        upstream: 'bench/upstream.ts',
        'bare-proxy': 'bench/bare-proxy.ts',
        'ui-bench': 'bench/ui-bench.ts',
        'search-bench': 'bench/search-bench.ts',
      },
      output: { entryFileNames: '[name].mjs' },
    },
  },
  logLevel: 'warn',
});
