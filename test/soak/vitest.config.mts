// `npm run soak` (vitest run -c test/soak/vitest.config.mts): long use, leaks.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/soak/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 3_600_000,
    hookTimeout: 1_800_000,
  },
});
