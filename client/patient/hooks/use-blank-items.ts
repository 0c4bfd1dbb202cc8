/**
 * On "Next", a page with scored questions left blank stops once and says which ones; "Continue"
 * (or "Next" again) goes on with them blank. Sending is never stopped.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CurrentPageChangingEvent, Model, PageModel, ValueChangedEvent } from 'survey-core';
import { blankScoredItems } from '../logic/blank-items.js';

export interface BlankItems {
  page: string;
  names: string[];
}

export function useBlankItems(model: Model | null, scoredItems: readonly string[]) {
  const [blank, setBlank] = useState<BlankItems | null>(null);
  const shown = useRef<BlankItems | null>(null);
  shown.current = blank;
  /** Pages the patient chose to leave with blanks. */
  const acknowledged = useRef(new Set<string>());

  useEffect(() => {
    if (!model) return undefined;
    const scored = new Set(scoredItems);
    const onChanging = (_: Model, options: CurrentPageChangingEvent) => {
      const page = options.oldCurrentPage as PageModel | undefined;
      if (!options.isNextPage || !page || acknowledged.current.has(page.name)) return;
      const names = blankScoredItems(page, scored);
      // A second "Next" while the notice is shown means "continue anyway".
      if (names.length === 0 || shown.current?.page === page.name) {
        acknowledged.current.add(page.name);
        return;
      }
      options.allow = false;
      setBlank({ page: page.name, names });
    };
    const onValueChanged = (_: Model, options: ValueChangedEvent) => {
      const current = shown.current;
      if (!current || !current.names.includes(options.name)) return;
      const names = blankScoredItems(model.currentPage as PageModel, scored);
      setBlank(names.length === 0 ? null : { page: current.page, names });
    };
    const onChanged = () => setBlank(null);
    model.onCurrentPageChanging.add(onChanging);
    model.onValueChanged.add(onValueChanged);
    model.onCurrentPageChanged.add(onChanged);
    return () => {
      model.onCurrentPageChanging.remove(onChanging);
      model.onValueChanged.remove(onValueChanged);
      model.onCurrentPageChanged.remove(onChanged);
    };
  }, [model, scoredItems]);

  const continueAnyway = useCallback(() => {
    if (!model || !shown.current) return;
    acknowledged.current.add(shown.current.page);
    setBlank(null);
    model.nextPage();
  }, [model]);

  /** Back to the first blank question on the page. */
  const answerThem = useCallback(() => {
    const first = shown.current?.names[0];
    setBlank(null);
    if (!model || !first) return;
    model.getQuestionByName(first)?.focus();
  }, [model]);

  return { blank, continueAnyway, answerThem };
}
