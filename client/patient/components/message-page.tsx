import { useEffect, useRef, type ReactNode } from 'react';

type Tone = 'info' | 'success' | 'waiting' | 'problem';

/** A tick when done, a clock while waiting, an exclamation mark for a problem. */
const ICONS: Record<Tone, string> = {
  info: 'M12 7v1M12 11v6',
  success: 'M7 12.5l3.2 3.2L17 9',
  waiting: 'M12 6.5V12l3.5 2.5',
  problem: 'M12 6.5v7M12 17v.5',
};

/**
 * A full page with one heading and a few plain sentences: loading, sending, not sent yet, done,
 * or a link that cannot be used. The heading takes focus, so a screen reader reads the new page.
 */
export function MessagePage({ title, tone = 'info', live = false, children }: { title: string; tone?: Tone; live?: boolean; children?: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [title]);
  return (
    <section className={`message message--${tone}`} aria-labelledby="message-title" {...(live ? { role: 'status', 'aria-live': 'polite' as const } : {})}>
      <svg className="message__icon" viewBox="0 0 24 24" width="48" height="48" aria-hidden="true" focusable="false">
        <circle cx="12" cy="12" r="11" />
        <path d={ICONS[tone]} />
      </svg>
      <h1 id="message-title" ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </section>
  );
}
