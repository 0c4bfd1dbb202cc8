/** Tests that only make sense on PostgreSQL (several server processes on one database); run by `npm run test:postgres`. */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { root: '.', include: ['test/postgres/**/*.pgtest.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
});
