import type { MouseEvent, ReactNode } from 'react';
import { createContext, useContext } from 'react';
import { hrefFor, type Route } from '../routes.js';

export const NavigateContext = createContext<(to: Route | string, options?: { replace?: boolean }) => void>(() => {});
export const useNavigate = () => useContext(NavigateContext);

/** An ordinary link (open in a new tab works) that navigates inside the app on a plain click. */
export function Link({ to, children, className, ...rest }: { to: Route | string; children: ReactNode; className?: string; 'aria-current'?: 'page' | undefined; 'aria-label'?: string }) {
  const navigate = useNavigate();
  const href = typeof to === 'string' ? to : hrefFor(to);
  const onClick = (e: MouseEvent<HTMLAnchorElement>): void => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={href} className={className} onClick={onClick} {...rest}>{children}</a>;
}
