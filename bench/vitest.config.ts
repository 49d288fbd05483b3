import { defineConfig } from 'vitest/config';

/** `npm run bench:exec`: benchmarks run once, on their own, printing their tables (not part of `npm test`). */
export default defineConfig({
  test: {
    name: 'bench',
    environment: 'node',
    include: ['bench/**/*.bench.ts'],
    testTimeout: 600_000,
    fileParallelism: false,
  },
});
