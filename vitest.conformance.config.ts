// The conformance tests (test/conformance/), run by `npm run test:conformance -- <folder>`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/conformance/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
