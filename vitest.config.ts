import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // gc() for the tests that force collections (hostile-targets: a timer held only weakly
    // must not pass unseen). It only exposes the function; nothing else changes.
    execArgv: ['--expose-gc'],
  },
});
