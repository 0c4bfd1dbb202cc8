/**
 * The benchmark's baseline: the same questionnaire from the same API, rendered by survey-react-ui
 * alone (its own fontless CSS, default theme, no app code). Built by test/bench/client-bench.ts.
 */
import { createRoot } from 'react-dom/client';
import { Model } from 'survey-core';
import { Survey } from 'survey-react-ui';
import 'survey-core/survey-core.fontless.min.css';

const token = window.location.pathname.split('/').pop() ?? '';
void fetch(`/api/invitations/${encodeURIComponent(token)}`)
  .then((response) => response.json())
  .then(({ questionnaire }: { questionnaire: { survey: Record<string, unknown> } }) => {
    const model = new Model(questionnaire.survey);
    model.locale = 'da';
    createRoot(document.getElementById('root')!).render(<Survey model={model} />);
  });
