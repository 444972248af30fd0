import { defineConfig } from 'vitest/config';
import { scaled } from './test/helpers/timing.ts';

/**
 * `npm test` runs every project; `npm run test:quick` runs the quick one
 * without the tests tagged `process` (they start a server, the CLI or
 * Chromium). Bounds are safety nets against hangs, stretched by
 * TEST_TIME_FACTOR on a busy machine (see test/helpers/timing.ts).
 */
export default defineConfig({
  test: {
    testTimeout: scaled(30_000),
    hookTimeout: scaled(60_000),
    // Browser journeys start Chromium; keep files from starving each other on 2 cores.
    maxWorkers: 2,
    // TEST_STORAGE=postgres runs the apps of the route tests on PostgreSQL, in a database made for the run.
    globalSetup: process.env.TEST_STORAGE === 'postgres' ? ['test/helpers/postgres-run.ts'] : [],
    tags: [{ name: 'process', description: 'starts a child process or Chromium; left out of npm run test:quick', timeout: scaled(90_000) }],
    projects: [
      { extends: true, test: { name: 'quick', isolate: false, include: ['test/core/**/*.test.ts', 'test/web/**/*.test.ts', 'test/storage/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/platform/**/*.test.ts', 'test/architecture.test.ts'] } },
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: scaled(180_000), hookTimeout: scaled(120_000) } },
      { extends: true, test: { name: 'hardening', include: ['test/hardening/**/*.test.ts'], testTimeout: scaled(120_000) } },
    ],
  },
});
