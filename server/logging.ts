/**
 * Structured logs: one JSON line per entry on stdout. The HTTP layer logs each request
 * (http/logging.ts); the scheduler and the notifications log what they send and what fails.
 */
export type LogEntry = Record<string, unknown> & { msg: string; level?: 'info' | 'warn' | 'error' };
export type Logger = (entry: LogEntry) => void;

export const jsonLogger: Logger = (entry) => {
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: 'info', ...entry })}\n`);
};
