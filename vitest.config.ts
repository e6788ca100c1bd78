import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts', 'commands/**/*.test.ts', 'adapters/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // dist/ built once, before the suites that run `npm start` (test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    // Both cores: most suites wait on child processes and loopback I/O (a full run 520 s with one worker, 300 s with two).
    maxWorkers: 2,
    // No test reaches arxiv.org: bots started as processes (`bin/start.ts`) inherit this; arXiv tests use the fake arXiv.
    env: { ARXIV_CATEGORIES: '' },
  },
});
