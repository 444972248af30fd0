import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser journeys start Chromium; keep files from starving each other on 2 cores.
    maxWorkers: 2,
  },
});
