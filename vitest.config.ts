import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/**/*.test.ts'],
    // Generous: a loaded two-core machine runs browsers and two databases at once; tests never assert timings.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Database and browser tests start real engines; two workers fit a two-core machine.
    maxWorkers: 2,
    pool: 'forks',
    // Browser tests need the built web app; this builds it when missing or out of date.
    globalSetup: ['test/support/build-web.ts'],
  },
});
