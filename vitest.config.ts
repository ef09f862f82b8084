import { defineConfig } from 'vitest/config';

// One Vitest run covers every workspace's unit and integration tests, and the web app's
// pure modules (`apps/web/src/components/**/*.test.ts`: autosave queue, clock, item forms);
// its pages are driven by Playwright in e2e/. Integration tests get a fresh migrated
// database per test file from packages/test-kit: PGlite by default, PostgreSQL when
// TEST_DATABASE_URL is set.
export default defineConfig({
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'apps/server/src/**/*.test.ts',
      'apps/cli/src/**/*.test.ts',
      'bench/**/*.test.ts',
      'apps/web/src/components/**/*.test.ts',
    ],
    globalSetup: ['packages/test-kit/src/global-setup.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
