import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  root: 'client',
  build: { outDir: '../dist/client', emptyOutDir: true },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
