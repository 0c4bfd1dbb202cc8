import { useCallback, useEffect, useState } from 'react';
import { hrefFor, parseRoute, type Route } from '../routes.js';

interface Location {
  route: Route;
  search: string;
}

const read = (): Location => ({ route: parseRoute(window.location.pathname), search: window.location.search });

/** The current screen from the address bar; `navigate` changes it without a reload (history API). */
export function useRoute(): { location: Location; navigate: (to: Route | string, options?: { replace?: boolean }) => void } {
  const [location, setLocation] = useState<Location>(read);
  useEffect(() => {
    const onPop = (): void => setLocation(read());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: Route | string, { replace = false } = {}) => {
    const href = typeof to === 'string' ? to : hrefFor(to);
    if (href !== window.location.pathname + window.location.search) {
      window.history[replace ? 'replaceState' : 'pushState'](null, '', href);
    }
    setLocation(read());
    if (!replace) window.scrollTo(0, 0);
  }, []);
  return { location, navigate };
}
