import { useCallback, useEffect, useRef, useState } from 'react';
import { startPolling } from '../logic/polling.js';

interface Resource<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  /** When the data was last fetched. */
  updatedAt: Date | undefined;
  reload: () => Promise<void>;
}

/**
 * Data from the server for a screen. With `pollMs` it refreshes on an interval and when the window
 * regains focus, keeping the old data on screen while it fetches (no flicker, no full reload).
 */
export function useResource<T>(fetcher: () => Promise<T>, deps: readonly unknown[], { pollMs }: { pollMs?: number } = {}): Resource<T> {
  const [state, setState] = useState<Omit<Resource<T>, 'reload'>>({ data: undefined, error: undefined, loading: true, updatedAt: undefined });
  const latest = useRef(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;

  const reload = useCallback(async () => {
    const call = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    try {
      const data = await fetcherRef.current();
      if (call === latest.current) setState({ data, error: undefined, loading: false, updatedAt: new Date() });
    } catch (error) {
      if (call === latest.current) setState((s) => ({ ...s, error: error as Error, loading: false }));
    }
  }, []);

  useEffect(() => {
    setState({ data: undefined, error: undefined, loading: true, updatedAt: undefined });
    void reload();
    if (!pollMs) return undefined;
    return startPolling({ intervalMs: pollMs, onTick: () => void reload(), window, document });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, pollMs, reload]);

  return { ...state, reload };
}
