/** `npm start`: configuration from the environment, migrate, load questionnaires, serve. */
import { configFromEnv } from './config.js';
import { jsonLogger } from './logging.js';
import { startServer } from './start.js';

try {
  const server = await startServer(configFromEnv());
  jsonLogger({ msg: 'listening', url: server.url });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    jsonLogger({ msg: 'stopping', signal });
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
