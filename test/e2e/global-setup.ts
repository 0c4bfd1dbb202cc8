/**
 * Vitest global setup: builds the client (dist/client, precompressed) once per `npm test`, so the
 * browser tests always run against the code under test, as production builds it.
 * LINDRING_SKIP_CLIENT_BUILD=1 reuses the last build (for quick local reruns only).
 */
import path from 'node:path';
import { build } from 'vite';

const CONFIG_FILE = path.resolve(import.meta.dirname, '..', '..', 'vite.config.ts');

/** A production build even under Vitest, which sets NODE_ENV=test (that would bundle React's development build). */
export async function buildClient(): Promise<void> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: CONFIG_FILE, mode: 'production', logLevel: 'warn' });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}

export default async function setup(): Promise<void> {
  if (process.env.LINDRING_SKIP_CLIENT_BUILD === '1') return;
  const started = Date.now();
  await buildClient();
  console.log(`client built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
