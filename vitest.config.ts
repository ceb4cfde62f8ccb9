import { defineConfig } from 'vitest/config';

// Three sets, run together by `npm test` or one at a time: `npm run test:unit` (pure code beside it, seconds),
// `npm run test:db` (the API and importers on PGlite and PostgreSQL), `npm run test:e2e` (real Chromium).
export default defineConfig({
  test: {
    // Generous: a loaded two-core machine runs browsers and two databases at once; tests never assert timings.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Database and browser tests start real engines; two workers fit a two-core machine.
    maxWorkers: 2,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts', 'web/src/**/*.test.ts'] } },
      { extends: true, test: { name: 'db', include: ['test/*.test.ts'] } },
      // Browser tests need the built web app; this builds it when missing or out of date.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/support/build-web.ts'] } },
    ],
  },
});
