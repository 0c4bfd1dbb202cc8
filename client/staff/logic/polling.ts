/** Keeps a screen fresh without a reload: every `intervalMs`, and when the window regains focus or becomes visible. */
interface PollTarget {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

interface PollOptions {
  intervalMs: number;
  onTick: () => void;
  /** The window (focus) and document (visibilitychange); both optional so it runs without a DOM. */
  window?: PollTarget;
  document?: PollTarget & { visibilityState?: string };
  /** Ticks closer together than this (focus right after an interval tick) are dropped. */
  minGapMs?: number;
  now?: () => number;
}

/** Starts polling; returns the function that stops it. */
export function startPolling({ intervalMs, onTick, window: win, document: doc, minGapMs = 2000, now = Date.now }: PollOptions): () => void {
  let last = now();
  const tick = (): void => {
    if (doc?.visibilityState === 'hidden') return;
    const at = now();
    if (at - last < minGapMs) return;
    last = at;
    onTick();
  };
  const timer = setInterval(tick, intervalMs);
  win?.addEventListener('focus', tick);
  doc?.addEventListener('visibilitychange', tick);
  return () => {
    clearInterval(timer);
    win?.removeEventListener('focus', tick);
    doc?.removeEventListener('visibilitychange', tick);
  };
}
