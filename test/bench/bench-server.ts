/**
 * The benchmark's server process (started by server-bench.ts): the real Lindring server on a
 * temporary database and, for comparison, a bare Express JSON echo. Prints one JSON line with both URLs.
 */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { startServer } from '../../server/start.js';

const server = await startServer({ databaseUrl: process.env.DATABASE_URL!, port: 0, host: '127.0.0.1', log: false });

const echo = express();
echo.use(express.json({ limit: '100kb' }));
echo.post('/echo', (req, res) => {
  res.json(req.body);
});
const echoServer = echo.listen(0, '127.0.0.1');
await new Promise((resolve) => echoServer.once('listening', resolve));

console.log(JSON.stringify({ api: server.url, echo: `http://127.0.0.1:${(echoServer.address() as AddressInfo).port}` }));
const stop = () => {
  echoServer.close();
  server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
// The benchmark holds our stdin open; it closes when the benchmark exits, also when it crashed.
process.stdin.on('end', stop).resume();
