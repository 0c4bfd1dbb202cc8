/** `npm start`: configuration from the environment, migrate, load questionnaires, serve. */
import { configFromEnv } from './config.js';
import { jsonLogger } from './logging.js';
import { startMessage, startServer } from './start.js';

try {
  const config = configFromEnv();
  const server = await startServer(config);
  jsonLogger({ msg: 'listening', url: server.url });
  // For the person at the terminal, on stderr: the address to open and, on a new database, how to make the first user.
  for (const line of startMessage(server.url, server.staffUsers, config.publicUrl)) console.error(line);
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
