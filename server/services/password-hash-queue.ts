/**
 * At most a few password hashes at once, with a short queue. scrypt runs in libuv's thread pool
 * (four threads by default), which file reads share: the static files of the patient page too. An
 * anonymous burst of sign-ins would otherwise fill the pool with 128 MiB hashes and stall every page
 * (issue 21). A hash that finds the queue full is refused with 429 `too_many_attempts`.
 */
import { rateLimited } from './errors.js';

export interface HashQueueLimits {
  /** Hashes running at once (of the pool's four threads). */
  concurrency: number;
  /** Hashes waiting for a turn; one more is refused. */
  waiting: number;
}
export const DEFAULT_HASH_QUEUE: HashQueueLimits = { concurrency: 2, waiting: 8 };

export class PasswordHashQueue {
  private running = 0;
  private readonly queue: (() => void)[] = [];
  /** A moving average of how long one hash takes, for Retry-After. */
  private averageMs = 500;

  constructor(private readonly limits: HashQueueLimits = DEFAULT_HASH_QUEUE) {}

  /** Hashes waiting for a turn. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Throws the 429 when a hash asked for now would find the queue full (a check before other work). */
  refuseWhenFull(): void {
    if (this.running >= this.limits.concurrency && this.queue.length >= this.limits.waiting) {
      const turns = Math.ceil((this.queue.length + 1) / this.limits.concurrency);
      throw rateLimited('The server is busy checking passwords; wait a moment and try again', turns * this.averageMs, 'too_many_attempts');
    }
  }

  /** Runs `hash` when a slot is free; throws the 429 at once when the queue is full. */
  async run<T>(hash: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.concurrency) {
      this.refuseWhenFull();
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.running++;
    }
    const started = performance.now();
    try {
      return await hash();
    } finally {
      this.averageMs = 0.8 * this.averageMs + 0.2 * (performance.now() - started);
      // Hand the slot straight to the next waiter, so one arriving meanwhile cannot jump the queue.
      const next = this.queue.shift();
      if (next) next();
      else this.running--;
    }
  }
}
