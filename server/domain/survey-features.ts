/**
 * The SurveyJS features Lindring's server honours when it validates answers (see assessment.ts).
 * survey-core's own Model costs milliseconds per response (measured: ~2-5 ms to set `data`,
 * ~13 ms to validate), far over the submission route's budget, so the server re-implements the
 * parts it needs and refuses every other property at load: a file can never use a feature the
 * server would silently ignore. Pure: the caller reads the file.
 */
import type { DefinitionProblem } from './definition-problem.js';
import { walkSurvey, type SurveyJson } from './survey-index.js';

/** Element types whose answers the server understands; `html` and `image` hold none. */
const QUESTION_TYPES = ['radiogroup', 'dropdown', 'checkbox', 'tagbox', 'rating', 'boolean', 'text', 'comment'] as const;

/** Presentation only: these change how a question looks, never which answers are valid. */
const LOOKS = ['title', 'description', 'titleLocation', 'descriptionLocation', 'hideNumber', 'startWithNewLine', 'width', 'minWidth', 'maxWidth', 'indent', 'state'];
/** Honoured by assessment.ts exactly as survey-core does (the expressions run on survey-core's ExpressionRunner). */
const CONDITIONS = ['visible', 'visibleIf', 'readOnly', 'enableIf'];
const QUESTION = ['type', 'name', ...LOOKS, ...CONDITIONS, 'isRequired', 'requiredIf', 'requiredErrorText', 'showCommentArea', 'hasComment', 'commentText', 'commentPlaceholder', 'clearIfInvisible'];
const CHOICES = ['choices', 'choicesOrder', 'colCount', 'showNoneItem', 'hasNone', 'noneText', 'showOtherItem', 'hasOther', 'otherText', 'otherPlaceholder', 'otherErrorText', 'separateSpecialChoices', 'placeholder', 'allowClear', 'searchEnabled'];

const KEYS: Record<string, readonly string[]> = {
  survey: ['pages', 'title', 'description', 'logo', 'showTitle', 'showPageTitles', 'showQuestionNumbers', 'showProgressBar', 'progressBarType', 'completedHtml', 'questionTitleLocation', 'questionDescriptionLocation', 'widthMode', 'checkErrorsMode', 'showPrevButton', 'clearInvisibleValues'],
  page: ['name', 'title', 'description', 'elements', 'navigationTitle', 'navigationDescription', 'questionTitleLocation', ...CONDITIONS],
  panel: ['type', 'name', 'elements', 'showQuestionNumbers', 'questionTitleLocation', 'showNumber', 'innerIndent', ...LOOKS, ...CONDITIONS],
  html: ['type', 'name', 'html', ...LOOKS, 'visible', 'visibleIf'],
  image: ['type', 'name', 'imageLink', 'altText', 'imageHeight', 'imageWidth', 'imageFit', 'contentMode', ...LOOKS, 'visible', 'visibleIf'],
  radiogroup: [...QUESTION, ...CHOICES],
  dropdown: [...QUESTION, ...CHOICES],
  checkbox: [...QUESTION, ...CHOICES],
  tagbox: [...QUESTION, ...CHOICES],
  rating: [...QUESTION, 'rateMin', 'rateMax', 'rateStep', 'rateValues', 'minRateDescription', 'maxRateDescription', 'rateType', 'displayMode', 'displayRateDescriptionsAsExtremeItems', 'rateColorMode', 'scaleColorMode'],
  boolean: [...QUESTION, 'labelTrue', 'labelFalse', 'valueTrue', 'valueFalse', 'renderAs', 'swapOrder'],
  text: [...QUESTION, 'placeholder', 'inputType', 'autocomplete', 'size'],
  comment: [...QUESTION, 'placeholder', 'rows', 'autoGrow', 'allowResize'],
};
const ITEM_KEYS = ['value', 'text'];

/** Properties allowed only with the value that means what the server does. */
const ONLY: Record<string, readonly unknown[]> = {
  clearInvisibleValues: ['onComplete', 'onHidden'], // both drop a hidden question's answer by completion
  clearIfInvisible: ['default', 'onComplete', 'onHidden'],
  inputType: ['text'], // others bring their own checks (min, max, email...)
  checkErrorsMode: ['onNextPage', 'onComplete'],
};

const path = (parts: (string | number)[]): string => parts.reduce<string>((p, part) => (typeof part === 'number' ? `${p}[${part}]` : `${p}.${part}`), '$.survey');

/** Every property of the survey JSON that the server would not honour, each at its JSON path. */
export function unsupportedSurveyFeatures(survey: SurveyJson): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const refuse = (at: (string | number)[], message: string) => problems.push({ path: path(at), message });

  const checkKeys = (node: Record<string, unknown>, kind: string, at: (string | number)[]): void => {
    const allowed = KEYS[kind]!;
    for (const [key, value] of Object.entries(node)) {
      if (!allowed.includes(key)) refuse([...at, key], `"${key}" is not supported on ${kind === 'survey' || kind === 'page' ? `a ${kind}` : `a ${kind} element`}: the server's answer validation does not honour it`);
      else if (key in ONLY && !ONLY[key]!.includes(value)) refuse([...at, key], `"${key}" must be one of ${JSON.stringify(ONLY[key])}, found ${JSON.stringify(value)}`);
    }
    for (const list of ['choices', 'rateValues']) {
      const items = node[list];
      if (!Array.isArray(items) || !allowed.includes(list)) continue;
      items.forEach((item, i) => {
        if (typeof item !== 'object' || item === null) return;
        for (const key of Object.keys(item)) if (!ITEM_KEYS.includes(key)) refuse([...at, list, i, key], `"${key}" is not supported on a choice (supported: ${ITEM_KEYS.join(', ')})`);
      });
    }
  };

  checkKeys(survey, 'survey', []);
  walkSurvey(survey, ({ kind, node, at }) => {
    if (kind === 'page') return checkKeys(node, 'page', at);
    const type = String(node.type);
    if (!(type in KEYS) || type === 'survey' || type === 'page') {
      return refuse([...at, 'type'], `question type "${type}" is not supported (supported: ${[...QUESTION_TYPES, 'panel', 'html', 'image'].join(', ')})`);
    }
    checkKeys(node, type, at);
  });
  return problems;
}
