import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/lint-fixtures/**', 'node_modules/**', 'dist/**', 'dist.*/**'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: forks keep native modules (better-sqlite3) isolated per worker.
    pool: 'forks',
    // Starts a throwaway PostgreSQL for the store contract suite (or provides TEST_DATABASE_URL).
    globalSetup: ['tests/setup/postgres.ts'],
  },
});
