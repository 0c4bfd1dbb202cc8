import { useEffect } from 'react';
import type { Model } from 'survey-core';
import { Survey } from 'survey-react-ui';

/**
 * The questionnaire itself, rendered by survey-react-ui. "Send answers" hands over to `onSubmit`
 * instead of completing the survey, so the answers stay on screen if the server asks for changes.
 */
export function SurveyView({ model, onSubmit }: { model: Model; onSubmit: () => void }) {
  useEffect(() => {
    const onCompleting = (_: Model, options: { allow: boolean }) => {
      options.allow = false;
      onSubmit();
    };
    // On a new page, start at its top and move focus to its title, so a screen reader follows.
    const onPageChanged = () => {
      window.scrollTo({ top: 0 });
      requestAnimationFrame(() => {
        const title = document.querySelector<HTMLElement>('.sd-page__title, .sd-page h2, .sd-page h3');
        if (!title) return;
        title.tabIndex = -1;
        title.focus({ preventScroll: true });
      });
    };
    // survey-react-ui's progress bar has a name but no value: give screen readers "Spørgsmål 5 af 32"
    // (an answer can show a follow-up question, which changes the count).
    const describeProgress = () =>
      requestAnimationFrame(() => {
        const bar = document.querySelector('.sd-progress__bar');
        bar?.setAttribute('aria-valuenow', String(Math.round(model.progressValue)));
        bar?.setAttribute('aria-valuetext', model.progressText);
      });
    describeProgress();
    model.onCurrentPageChanged.add(describeProgress);
    model.onLocaleChangedEvent.add(describeProgress);
    model.onValueChanged.add(describeProgress);
    model.onCompleting.add(onCompleting);
    model.onCurrentPageChanged.add(onPageChanged);
    return () => {
      model.onCompleting.remove(onCompleting);
      model.onCurrentPageChanged.remove(onPageChanged);
      model.onCurrentPageChanged.remove(describeProgress);
      model.onLocaleChangedEvent.remove(describeProgress);
      model.onValueChanged.remove(describeProgress);
    };
  }, [model, onSubmit]);
  return <Survey model={model} />;
}
