import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Browser and conformance tests have their own commands (npm run test:browser, test:conformance).
    exclude: ['test/browser/**', 'test/conformance/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on a 2-core machine is one file at a time, but most of these files
    // wait on child processes (servers, workers, ffmpeg), leases and timers rather than on
    // the CPU: three at a time take the suite from about 11 minutes to 5 there.
    maxWorkers: 3,
  },
});
