/**
 * The real server (`npx tsx server/main.ts`) as a child process, for tests that crash or run
 * several of it. npx and tsx each start a child process, so the server runs in its own process
 * group and a signal goes to the whole group: otherwise only the wrapper would die and the server
 * live on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
}

/** Starts the server with these environment variables (on a free port); resolves once it listens. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn('npx', ['tsx', 'server/main.ts'], {
    cwd: ROOT,
    detached: true,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.includes('"listening"'));
      if (line) resolve({ child, url: (JSON.parse(line) as { url: string }).url });
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before listening: ${err}`)));
  });
}

/** Whether a process of the group still runs (Linux /proc; a zombie no init has reaped yet counts as gone). */
function groupRuns(group: number): boolean {
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      // "pid (comm) state ppid pgrp ...": comm may hold spaces, so read after its closing parenthesis.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === group && state !== 'Z') return true;
    } catch {
      // gone while we looked
    }
  }
  return false;
}

/**
 * Sends the signal to the child's whole process group (npx, tsx and the server itself); resolves
 * when every process of the group is gone. npx can exit before the server has finished (a SIGTERM
 * lets the server store what it was doing), so the wrapper's exit alone is not the end.
 */
export async function signalServerProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  const group = child.pid!;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-group, signal);
  } catch {
    return; // the group is gone already
  }
  await exited;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    if (!groupRuns(group)) return;
  }
  throw new Error(`the server's process group ${group} still runs 30 s after ${signal}`);
}
