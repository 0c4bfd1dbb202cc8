import { useEffect, useRef } from 'react';
import type { Model } from 'survey-core';
import type { BlankItems } from '../hooks/use-blank-items.js';
import { texts } from '../i18n.js';
import type { Locale } from '../../../server/contract/codes.js';

/** "You have not answered: …": below the page's buttons, where the patient just tapped "Next". */
export function BlankItemsNotice({ blank, model, locale, onContinue, onAnswer }: {
  blank: BlankItems;
  model: Model;
  locale: Locale;
  onContinue: () => void;
  onAnswer: () => void;
}) {
  const t = texts[locale];
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'center' });
    heading.current?.focus({ preventScroll: true });
  }, [blank.page]);
  const titles = blank.names.map((name) => model.getQuestionByName(name)?.processedTitle ?? name);
  return (
    <section className="blank-items" aria-labelledby="blank-items-title">
      <h2 id="blank-items-title" ref={heading} tabIndex={-1}>{t.blankTitle}</h2>
      <ul>
        {titles.map((title) => <li key={title}>{title}</li>)}
      </ul>
      <p>{t.blankBody}</p>
      <div className="actions">
        <button type="button" className="action" onClick={onContinue}>{t.blankContinue}</button>
        <button type="button" className="action secondary" onClick={onAnswer}>{t.blankAnswer}</button>
      </div>
    </section>
  );
}
