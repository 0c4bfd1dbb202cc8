/**
 * What every staff screen shares on a change of screen (issue 15): the document title names the
 * screen in the chosen language, and focus moves to the new screen's h1, so a screen reader says
 * where the user landed instead of staying on the link that was clicked.
 */
import { useEffect, useRef } from 'react';
import type { Translate } from '../i18n.js';

/** "Arbejdsliste – Lindring"; "Lindring" alone without a screen title. (Takes `t`: the app calls it above its language context.) */
export function useDocumentTitle(title: string | null, t: Translate): void {
  useEffect(() => {
    document.title = title ? t('titleSuffix', { title }) : t('appName');
  }, [title, t]);
}

/**
 * On every change of `screen` after the first render, focuses the h1 in #main as soon as it is
 * there (a screen may show its h1 only after loading). If the user has moved focus meanwhile,
 * focus stays where they put it.
 */
export function useFocusHeadingOnChange(screen: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return undefined;
    }
    const startedOn = document.activeElement;
    const tryFocus = (): boolean => {
      if (!document.querySelector('#main h1')) return false;
      const active = document.activeElement;
      if (active === startedOn || active === document.body || active === null || !active.isConnected) focusMainHeading();
      return true;
    };
    if (tryFocus()) return undefined;
    const observer = new MutationObserver(() => {
      if (tryFocus()) observer.disconnect();
    });
    observer.observe(document.body, { childList: true, subtree: true });
    return () => observer.disconnect();
  }, [screen]);
}

/** Focuses the screen's h1 (where a confirmation leaves the user when the control they used goes away). */
export function focusMainHeading(): void {
  const heading = document.querySelector<HTMLElement>('#main h1');
  if (!heading) return;
  heading.tabIndex = -1;
  heading.focus();
}

/**
 * Moves focus to the first field marked invalid inside `container` (after a refused save), so
 * the user lands on what to fix and hears its problem (aria-describedby). True if there was one.
 */
export function focusFirstInvalid(container: ParentNode | null | undefined): boolean {
  const field = container?.querySelector<HTMLElement>('[aria-invalid="true"]');
  field?.focus();
  return Boolean(field);
}
