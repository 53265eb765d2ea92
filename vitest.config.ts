import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'client/test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/drop-table.ts'],
    // Integration files each start an in-process API (and argon2 is CPU-bound): two cores, two workers.
    maxWorkers: 2,
    // A hang-catcher, not a speed limit (speed is measured in `npm run bench`): on a loaded
    // two-core CI machine one browser test that signs in two people takes over 30 s.
    testTimeout: 90_000,
    // expect.poll waits for what a page or the queue will do, as long as Playwright's own waits (60 s); 1 s (the default) is a speed limit too.
    expect: { poll: { timeout: 60_000 } },
    env: { POWERTOOLS_LOG_LEVEL: 'WARN', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    hookTimeout: 60_000,
  },
});
