import { defineConfig } from 'vitest/config';

// End-to-end journeys: real host process, real SQLite file, real Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 90000,
    hookTimeout: 60000,
  },
});
