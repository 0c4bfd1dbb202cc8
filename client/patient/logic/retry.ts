/** How long to wait before the next try: 2 s, 4 s, 8 s, 16 s, then every 30 s. Never gives up. */
export function retryDelayMs(attempt: number): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 10));
  return Math.min(2_000 * 2 ** exponent, 30_000);
}
