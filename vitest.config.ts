import { defineConfig } from 'vitest/config';

/** Unit tests: `node` for everything that runs in the main process, `jsdom` for renderer components. */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['src-shared/**/*.test.ts', 'src-main/**/*.test.ts', 'test-support/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['src-renderer/**/*.test.{ts,tsx}'],
          // Components read their words through i18next, set up as in the app (English under jsdom).
          setupFiles: ['src-renderer/src/i18n/index.ts'],
        },
      },
    ],
  },
});
