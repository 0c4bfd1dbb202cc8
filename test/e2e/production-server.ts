/**
 * The server as `npm start` runs it in production, for the browser tests: the configuration comes
 * from an environment with NODE_ENV=production and PUBLIC_URL set (so the real security headers,
 * Content-Security-Policy and `__Host-` session cookie), on a port chosen before it starts because
 * PUBLIC_URL must name it.
 */
import { createServer } from 'node:net';
import { configFromEnv, type ServerConfig } from '../../server/config.js';
import { startServer, type RunningServer } from '../../server/start.js';

const HOST = '127.0.0.1';

/** A port nothing listens on now, on 127.0.0.1 (PUBLIC_URL must name the port before the server starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export async function startProductionServer(
  config: Partial<ServerConfig> & Pick<ServerConfig, 'databaseUrl'>,
  extra: Parameters<typeof startServer>[1] = {},
): Promise<RunningServer> {
  const port = await freePort();
  const production = configFromEnv({ NODE_ENV: 'production', PUBLIC_URL: `http://${HOST}:${port}`, LOG: 'off' });
  return startServer({ ...production, host: HOST, port, log: false, ...config }, extra);
}
