import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { precompress } from './client/build/precompress.js';
import { preloadFonts } from './client/build/preload-fonts.js';
import { surveyThemeStylesheet } from './client/build/survey-theme.js';
import { patientTheme } from './client/survey/theme.js';

/** `npm run dev`: the same page for each path as the server gives (server/http/client-assets.ts). */
function devPages(): Plugin {
  return {
    name: 'lindring-dev-pages',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const pathname = (req.url ?? '/').split('?')[0]!;
        if ((req.method === 'GET' || req.method === 'HEAD') && /^\/answer(\/[^.]*)?$/.test(pathname)) req.url = '/answer.html';
        next();
      });
    },
  };
}

// Two entry pages so the patient's tablet never downloads staff code.
export default defineConfig({
  plugins: [react(), devPages(), surveyThemeStylesheet(patientTheme), preloadFonts(/-latin-wght-normal-[\w-]+\.woff2$/), precompress()],
  root: 'client',
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    rollupOptions: {
      input: {
        answer: resolve(import.meta.dirname, 'client/answer.html'),
        staff: resolve(import.meta.dirname, 'client/staff.html'),
      },
      // The slow part is known (brotli at the highest level in precompress): no timing report.
      checks: { bundlerTimings: false },
      // SurveyJS and React in chunks of their own: an update of our code leaves them in the
      // tablets' caches. React is named too, or it would be pulled into the SurveyJS chunk and
      // the staff page would load SurveyJS for it.
      output: {
        manualChunks: (id: string) =>
          /node_modules\/survey-(core|react-ui)\/|virtual:surveyjs-theme/.test(id) ? 'surveyjs' : /node_modules\/(react|react-dom|scheduler)\//.test(id) ? 'react' : undefined,
      },
    },
    // SurveyJS alone is ~1.4 MB minified (~280 KB brotli); that is expected, not a warning.
    chunkSizeWarningLimit: 1600,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  // Three projects: `vitest run --project unit` runs in seconds and never builds the client.
  test: {
    root: '.',
    testTimeout: 20_000,
    // vitest's default is one worker on two cores. Two files at a time keep both cores busy (98%
    // busy measured over a whole run; a third worker changed nothing: 5 min 46 s against 5 min 43 s).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      // The unit and api files share a worker's modules (isolate: false): they mock nothing, restore
      // fake timers, and each api file makes its own server and database; loading the server's
      // modules again for each file was 40% of the api project's CPU time (213 s of CPU -> 122 s).
      { extends: true, test: { name: 'unit', isolate: false, include: ['test/contract/**/*.test.ts', 'test/domain/**/*.test.ts', 'test/client/**/*.test.ts', 'test/cli/**/*.test.ts'] } },
      { extends: true, test: { name: 'api', isolate: false, include: ['test/server/**/*.test.ts'] } },
      // Builds dist/client once, before the browser tests serve it.
      { extends: true, test: { name: 'browser', include: ['test/e2e/**/*.test.ts'], globalSetup: ['test/e2e/global-setup.ts'] } },
    ],
  },
});
