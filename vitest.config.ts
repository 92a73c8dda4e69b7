import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'server/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/reliability/**/*.test.ts', 'test/faultnet/**/*.test.ts', 'test/sync/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 20000,
  },
});
