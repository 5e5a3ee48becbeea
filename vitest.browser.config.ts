import { defineConfig } from 'vitest/config';

// End-to-end tests in a real headless Chromium against the app on a real port: slower,
// and needing Debian's chromium, so they run apart from `npm test` (see .ci/run).
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
