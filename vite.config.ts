import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Two entry pages so the patient's tablet never downloads staff code.
export default defineConfig({
  plugins: [react()],
  root: 'client',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        answer: resolve(import.meta.dirname, 'client/answer.html'),
        staff: resolve(import.meta.dirname, 'client/staff.html'),
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  test: {
    root: '.',
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
