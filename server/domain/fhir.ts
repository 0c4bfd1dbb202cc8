/**
 * Lindring's data as FHIR R4 resources (issue 14; docs/fhir.md): a questionnaire definition as a
 * Questionnaire, a response as a QuestionnaireResponse, its scale scores as Observations and the
 * proposed level with its reasons as a DetectedIssue. Pure: the caller reads the rows and sends or
 * writes the JSON. Every resource is checked against the official R4 StructureDefinitions in the tests.
 */
import { createHash } from 'node:crypto';
import type { Level, Localized, ResponseMode } from '../contract/codes.js';
import type { Evidence, FlagReason, UrgentReason } from '../contract/responses.js';
import type { QuestionnaireDefinition } from './questionnaire-schema.js';
import { isUnanswered, type QuestionInfo, type SurveyGroup } from './survey-index.js';
import type { QuestionnaireForAnswers } from './assessment.js';
import { isNeed } from './scoring.js';

export const FHIR_CONTENT_TYPE = 'application/fhir+json';

/** Lindring's own code systems (stable URLs, whatever the site's server is called) and the HL7 ones used. */
export const FHIR_SYSTEMS = {
  /** A scale's id in the questionnaire file (`pf`, `pa`, ...): EORTC-style scales on the 0-100 metric. */
  scale: 'https://lindring.dk/fhir/CodeSystem/scale',
  /** `none`, `basic`, `specialized`: the proposed level of care. */
  level: 'https://lindring.dk/fhir/CodeSystem/level',
  /** `need`, `no-need`: the score against the scale's threshold for clinical importance. */
  need: 'https://lindring.dk/fhir/CodeSystem/need',
  /** A flagging rule's id in the questionnaire file (a reason for the level). */
  flaggingRule: 'https://lindring.dk/fhir/CodeSystem/flagging-rule',
  /** An urgency rule's id in the questionnaire file (a reason for urgent review). */
  urgencyRule: 'https://lindring.dk/fhir/CodeSystem/urgency-rule',
  /** The default system of the patient's external id (override: LINDRING_FHIR_PATIENT_SYSTEM). */
  patientExternalId: 'https://lindring.dk/fhir/sid/patient-external-id',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  interpretation: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation',
  dataAbsentReason: 'http://terminology.hl7.org/CodeSystem/data-absent-reason',
} as const;

export const FHIR_EXTENSIONS = {
  itemWeight: 'http://hl7.org/fhir/StructureDefinition/itemWeight',
  translation: 'http://hl7.org/fhir/StructureDefinition/translation',
} as const;

/** A FHIR resource as JSON; the tests hold it to the R4 StructureDefinitions. */
export interface FhirResource {
  resourceType: string;
  id?: string;
  [field: string]: unknown;
}
type Json = Record<string, unknown>;

export interface FhirOptions {
  /** The FHIR base URL, e.g. https://pro.example.org/api/fhir (no trailing slash). */
  base: string;
  /** The identifier system of the patients' external ids. */
  patientSystem: string;
}

/** How the answers were given (issue 13); responses stored before it are `self`. */
export type AnswerMode = ResponseMode;

// ---- texts in two languages: English in the element, Danish in the translation extension

const LANGUAGE = 'en';
const TRANSLATED_TO = 'da';

/** `{ name: English, _name: { extension: [translation da] } }`; the extension only when the Danish text differs. */
function bilingual(name: string, text: Localized): Json {
  if (text.da === text.en) return { [name]: text.en };
  return {
    [name]: text.en,
    [`_${name}`]: {
      extension: [{ url: FHIR_EXTENSIONS.translation, extension: [{ url: 'lang', valueCode: TRANSLATED_TO }, { url: 'content', valueString: text.da }] }],
    },
  };
}

/** A SurveyJS localizable string (`{default, da}`) or a plain string, as da/en; undefined when there is none. */
function surveyText(value: unknown): Localized | undefined {
  if (typeof value === 'string' && value.trim()) return { en: value, da: value };
  if (typeof value !== 'object' || value === null) return undefined;
  const texts = value as Record<string, unknown>;
  const en = typeof texts.default === 'string' ? texts.default : typeof texts.en === 'string' ? texts.en : undefined;
  const da = typeof texts.da === 'string' ? texts.da : en;
  return en ? { en, da: da ?? en } : da ? { en: da, da } : undefined;
}

// ---- ids and references

/**
 * A FHIR id (`[A-Za-z0-9\-.]{1,64}`) from Lindring ids. Questionnaire, scale and rule ids may hold
 * `_`, which FHIR ids may not: it becomes `.`, which Lindring ids never hold, so the mapping is
 * reversible (see questionnaireIdOf).
 */
export function fhirId(...parts: string[]): string {
  const id = parts.map((p) => p.replace(/_/g, '.')).join('-');
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) throw new Error(`"${id}" is not a valid FHIR id (at most 64 letters, digits, "-" or ".")`);
  return id;
}

/** The questionnaire id behind a Questionnaire's FHIR id (inverse of fhirId for one part). */
export function questionnaireIdOf(fhirQuestionnaireId: string): string {
  return fhirQuestionnaireId.replace(/\./g, '_');
}

function questionnaireUrl(options: Pick<FhirOptions, 'base'>, questionnaireId: string): string {
  return `${options.base}/Questionnaire/${fhirId(questionnaireId)}`;
}

/** `<base>/Questionnaire/<id>|<version>`: the exact version a response was answered with. */
function questionnaireCanonical(options: Pick<FhirOptions, 'base'>, questionnaireId: string, version: string): string {
  return `${questionnaireUrl(options, questionnaireId)}|${version}`;
}

/** The patient by the external id (e.g. a CPR number) as an identifier: Lindring's own ids mean nothing to a health record. */
function patientReference(options: FhirOptions, externalId: string): Json {
  return { type: 'Patient', identifier: { system: options.patientSystem, value: externalId } };
}

const responseReference = (responseId: string) => ({ reference: `QuestionnaireResponse/${fhirId(responseId)}` });
/** `<response id>-<scale id>`; past FHIR's 64 characters (a long scale id), a digest of the two instead (still one per pair). */
function observationId(responseId: string, scale: string): string {
  const id = `${responseId}-${scale}`.replace(/_/g, '.');
  return id.length <= 64 ? fhirId(responseId, scale) : createHash('sha256').update(`${responseId}/${scale}`).digest('hex').slice(0, 64);
}

// ---- Questionnaire

interface ChoiceOption {
  value: unknown;
  text: Localized;
}

/**
 * Every answer option of a choice question, from the survey index, in the order the patient sees
 * them; a rating scale given by rateMin..rateMax shows its numbers.
 */
function optionsOf(question: QuestionInfo): ChoiceOption[] {
  if (question.type === 'rating' && question.options.length === 0) return (question.values ?? []).map((v) => ({ value: v, text: { en: String(v), da: String(v) } }));
  return question.options.map((o) => ({ value: o.value, text: surveyText(o.text) ?? { en: String(o.value), da: String(o.value) } }));
}

const CHOICE_TYPES = new Set(['radiogroup', 'dropdown', 'rating', 'checkbox', 'tagbox', 'imagepicker']);

type ItemType = 'group' | 'choice' | 'open-choice' | 'boolean' | 'string' | 'text' | 'decimal' | 'date';

/**
 * A question's FHIR item type: choices (with a comment box: open-choice, whose free text is a
 * valueString), yes/no (a choice when the file gives its own values), text.
 */
function itemTypeOf(q: QuestionInfo): ItemType {
  const type = q.type;
  if (CHOICE_TYPES.has(type)) return q.hasComment ? 'open-choice' : 'choice';
  if (type === 'boolean') return q.values?.[0] === true && q.values[1] === false ? 'boolean' : 'choice';
  if (type === 'comment') return 'text';
  if (type === 'text' && q.inputType === 'number') return 'decimal';
  if (type === 'text' && q.inputType === 'date') return 'date';
  return 'string';
}

/** An answer option: the code is the stored answer; a numeric code is the scoring value (itemWeight). */
function answerCoding(option: ChoiceOption): Json {
  return { code: String(option.value), ...bilingual('display', option.text) };
}

type SurveyNode =
  | { kind: 'group'; linkId: string; title?: unknown; children: SurveyNode[] }
  | { kind: 'question'; linkId: string; question: QuestionInfo };

/**
 * Pages and panels become groups, questions become items whose linkId is the question's name
 * (unique in a survey). A group takes its page's or panel's name, unless a question already has it.
 * HTML and image elements carry nothing to answer and are left out (the survey index has none).
 */
function surveyTree({ questions, pages }: QuestionnaireForAnswers): SurveyNode[] {
  const used = new Set(questions.keys());
  const groupId = (group: SurveyGroup): string => {
    let id = group.name ?? `page-${group.position.join('.')}`;
    while (used.has(id)) id = `${id}-group`;
    used.add(id);
    return id;
  };
  const node = (group: SurveyGroup): SurveyNode => ({
    kind: 'group',
    linkId: groupId(group),
    title: group.title,
    children: group.children.flatMap((child): SurveyNode[] => {
      if (child.kind !== 'question') return [node(child)];
      const question = questions.get(child.name);
      return question ? [{ kind: 'question', linkId: question.name, question }] : [];
    }),
  });
  return pages.map(node);
}

const titleOf = (node: SurveyNode): unknown => (node.kind === 'group' ? node.title : node.question.title);

function questionnaireItem(node: SurveyNode): Json {
  const title = surveyText(titleOf(node)) ?? { en: node.linkId, da: node.linkId };
  if (node.kind === 'group') return { linkId: node.linkId, ...bilingual('text', title), type: 'group', item: node.children.map(questionnaireItem) };
  const q = node.question;
  const type = itemTypeOf(q);
  const options = type === 'choice' || type === 'open-choice' ? optionsOf(q) : [];
  return {
    linkId: node.linkId,
    ...bilingual('text', title),
    type,
    ...(q.required ? { required: true } : {}),
    ...(q.multiple ? { repeats: true } : {}),
    ...(options.length > 0
      ? {
          answerOption: options.map((o) => ({
            ...(typeof o.value === 'number' ? { extension: [{ url: FHIR_EXTENSIONS.itemWeight, valueDecimal: o.value }] } : {}),
            valueCoding: answerCoding(o),
          })),
        }
      : {}),
  };
}

/** FHIR's computable name: starts with a capital, letters, digits and `_` only. */
function computableName(id: string): string {
  return id.split(/[-_]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('').replace(/^[^A-Z]/, 'Q');
}

/**
 * A questionnaire version as a Questionnaire: linkIds are the question names, answer options carry
 * the stored code and its scoring value (itemWeight), texts are English with Danish translations.
 * `status` is `active` for the version the server serves now and `retired` for an older one.
 */
export function toFhirQuestionnaire(questionnaire: QuestionnaireForAnswers, status: 'active' | 'retired', options: Pick<FhirOptions, 'base'>): FhirResource {
  const { definition } = questionnaire;
  return {
    resourceType: 'Questionnaire',
    id: fhirId(definition.id),
    language: LANGUAGE,
    url: questionnaireUrl(options, definition.id),
    version: definition.version,
    name: computableName(definition.id),
    ...bilingual('title', definition.title),
    status,
    subjectType: ['Patient'],
    publisher: 'Lindring',
    item: surveyTree(questionnaire).map(questionnaireItem),
  };
}

// ---- QuestionnaireResponse

/** What the QuestionnaireResponse says about who answered and who recorded it (issue 13's columns; absent: self). */
export interface AnswerProvenance {
  mode?: AnswerMode | null;
  /** For a relative (proxy): the relationship, e.g. "daughter". */
  relationship?: string | null;
  /** For assisted and paper answers: the staff user who entered them. */
  recordedBy?: string | null;
  /** For paper answers: the day the patient filled in the form (YYYY-MM-DD). */
  answeredOn?: string | null;
}

export interface FhirResponseInput extends AnswerProvenance {
  id: string;
  questionnaireId: string;
  questionnaireVersion: string;
  patientExternalId: string;
  submittedAt: string;
  locale: string | null;
  answers: Record<string, unknown>;
}

/** Unanswered, and blank text too: FHIR strings must have non-whitespace content. */
const isEmpty = (value: unknown) => isUnanswered(value) || (typeof value === 'string' && value.trim() === '');

/** The answers of one question, each with its coding for choices; none when unanswered. */
function answersOf(node: Extract<SurveyNode, { kind: 'question' }>, answers: Record<string, unknown>): Json[] {
  const type = itemTypeOf(node.question);
  const value = answers[node.linkId];
  const values = isEmpty(value) ? [] : Array.isArray(value) ? value : [value];
  const comment = answers[`${node.linkId}-Comment`];
  const free = type === 'open-choice' && typeof comment === 'string' && comment.trim() ? [{ valueString: comment }] : [];
  if (type === 'choice' || type === 'open-choice') {
    const options = optionsOf(node.question);
    const coded = values.map((v) => {
      const option = options.find((o) => o.value === v);
      // The code and its English text; the Danish one is in the Questionnaire (a response need not repeat every translation).
      return { valueCoding: option ? { code: String(option.value), display: option.text.en } : { code: String(v) } };
    });
    return [...coded, ...free];
  }
  return values.map((v): Json => {
    if (type === 'boolean' && typeof v === 'boolean') return { valueBoolean: v };
    if (type === 'decimal' && typeof v === 'number') return { valueDecimal: v };
    if (type === 'date' && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return { valueDate: v };
    return { valueString: typeof v === 'string' ? v : JSON.stringify(v) };
  });
}

/** The response's items, in the questionnaire's structure, with only what was answered (empty groups left out). */
function responseItems(nodes: readonly SurveyNode[], answers: Record<string, unknown>): Json[] {
  return nodes.flatMap((node): Json[] => {
    const text = surveyText(titleOf(node));
    if (node.kind === 'group') {
      const item = responseItems(node.children, answers);
      return item.length > 0 ? [{ linkId: node.linkId, ...(text ? { text: text.en } : {}), item }] : [];
    }
    const answer = answersOf(node, answers);
    return answer.length > 0 ? [{ linkId: node.linkId, ...(text ? { text: text.en } : {}), answer }] : [];
  });
}

/**
 * Who answered (`source`) and who recorded the answers (`author`), by the answer mode: the patient on
 * the link (both the patient), a relative (both the related person), staff with the patient or from
 * paper (the patient answered, the practitioner recorded).
 */
function provenance(input: FhirResponseInput, options: FhirOptions): Json {
  const patient = patientReference(options, input.patientExternalId);
  const practitioner = { type: 'Practitioner', display: input.recordedBy ?? 'Staff' };
  switch (input.mode ?? 'self') {
    case 'self':
      return { author: patient, source: patient };
    case 'proxy': {
      const relative = { type: 'RelatedPerson', display: input.relationship ? `Relative (${input.relationship})` : 'Relative' };
      return { author: relative, source: relative };
    }
    case 'assisted':
      // On the patient's own link, "with help from someone" (clinical rules v2, 13): no staff user entered it.
      return { author: input.recordedBy ? practitioner : patient, source: patient };
    case 'paper':
      return { author: practitioner, source: patient };
  }
}

export function toFhirQuestionnaireResponse(input: FhirResponseInput, questionnaire: QuestionnaireForAnswers, options: FhirOptions): FhirResource {
  return {
    resourceType: 'QuestionnaireResponse',
    id: fhirId(input.id),
    ...(input.locale ? { language: input.locale } : {}),
    questionnaire: questionnaireCanonical(options, input.questionnaireId, input.questionnaireVersion),
    status: 'completed',
    subject: patientReference(options, input.patientExternalId),
    // A paper form was answered on the day written on it; the others when they were sent.
    authored: (input.mode === 'paper' && input.answeredOn) || input.submittedAt,
    ...provenance(input, options),
    item: responseItems(surveyTree(questionnaire), input.answers),
  };
}

// ---- Observations

export interface StoredScore {
  scale: string;
  /** 0..100 unrounded; null when too few items were answered. */
  score: number | null;
}

const NEED = { en: 'Need', da: 'Behov' };
const NO_NEED = { en: 'No need', da: 'Intet behov' };
const NOT_ENOUGH_ANSWERS = { en: 'Not enough answers to score the scale (EORTC half rule)', da: 'For få svar til at beregne skalaen (EORTC-halvdelsreglen)' };

/** Need or no need against the scale's threshold; Lindring's code with HL7's abnormal/normal beside it. */
function interpretation(need: boolean): Json {
  const text = need ? NEED : NO_NEED;
  return {
    coding: [
      { system: FHIR_SYSTEMS.need, code: need ? 'need' : 'no-need', display: text.en },
      { system: FHIR_SYSTEMS.interpretation, code: need ? 'A' : 'N', display: need ? 'Abnormal' : 'Normal' },
    ],
    ...bilingual('text', text),
  };
}

/**
 * One Observation per scale of the questionnaire, with the stored score unrounded (0-100, no unit);
 * a scale without a score (too few answers) has a dataAbsentReason instead, never a 0.
 */
export function toFhirObservations(input: FhirResponseInput, definition: QuestionnaireDefinition, scores: readonly StoredScore[], options: FhirOptions): FhirResource[] {
  const byScale = new Map(scores.map((s) => [s.scale, s.score]));
  return definition.scales.map((scale): FhirResource => {
    const score = byScale.get(scale.id) ?? null;
    return {
      resourceType: 'Observation',
      id: observationId(input.id, scale.id),
      status: 'final',
      category: [{ coding: [{ system: FHIR_SYSTEMS.observationCategory, code: 'survey', display: 'Survey' }] }],
      code: { coding: [{ system: FHIR_SYSTEMS.scale, code: scale.id, display: scale.title.en }], ...bilingual('text', scale.title) },
      subject: patientReference(options, input.patientExternalId),
      effectiveDateTime: (input.mode === 'paper' && input.answeredOn) || input.submittedAt,
      ...(score === null
        ? { dataAbsentReason: { coding: [{ system: FHIR_SYSTEMS.dataAbsentReason, code: 'unknown', display: 'Unknown' }], ...bilingual('text', NOT_ENOUGH_ANSWERS) } }
        : { valueQuantity: { value: score } }),
      ...(score !== null && scale.threshold ? { interpretation: [interpretation(isNeed(scale.kind, score, scale.threshold.value))] } : {}),
      derivedFrom: [responseReference(input.id)],
    };
  });
}

// ---- DetectedIssue: the proposed level and its reasons

export interface FhirFlagInput {
  id: string;
  level: Level;
  urgent: boolean;
  reasons: readonly FlagReason[];
  urgentReasons: readonly UrgentReason[];
  createdAt: string;
}

const LEVEL_TEXT: Record<Level, Localized> = {
  none: { en: 'No need found', da: 'Intet behov fundet' },
  basic: { en: 'Basic palliative care', da: 'Basal palliativ indsats' },
  specialized: { en: 'Specialized palliative care', da: 'Specialiseret palliativ indsats' },
};
const SEVERITY: Record<Level, string | undefined> = { none: undefined, basic: 'moderate', specialized: 'high' };
const URGENT_TEXT = { en: 'Urgent review: today', da: 'Haster: se i dag' };

/** What a reason points at: the Observation of a scale past its threshold, or the response for an answer. */
function evidenceDetail(responseId: string, evidence: readonly Evidence[]): Json[] {
  const refs = new Set(evidence.map((e) => (e.kind === 'scale' ? `Observation/${observationId(responseId, e.scale)}` : `QuestionnaireResponse/${fhirId(responseId)}`)));
  return [...refs].map((reference) => ({ reference }));
}

/**
 * The proposed level of care as a DetectedIssue (docs/fhir.md, "Why DetectedIssue"): the level as its code,
 * one evidence entry per reason (the rule as a code with its text in both languages, and the
 * Observations or the response behind it), and a summary in both languages in `detail`.
 * Decision support, not a decision: the nurse's decision is not in it.
 */
export function toFhirDetectedIssue(input: FhirResponseInput, flag: FhirFlagInput, options: FhirOptions): FhirResource {
  const summary = (lang: keyof Localized) =>
    [
      `${lang === 'da' ? 'Foreslået niveau' : 'Proposed level'}: ${LEVEL_TEXT[flag.level][lang]}.`,
      ...(flag.urgent ? [`${URGENT_TEXT[lang]}.`] : []),
      ...flag.urgentReasons.map((r) => r.text[lang]),
      ...flag.reasons.map((r) => r.text[lang]),
    ].join(' ');
  const severity = SEVERITY[flag.level];
  const evidence = [
    ...flag.urgentReasons.map((r) => ({ system: FHIR_SYSTEMS.urgencyRule, reason: r })),
    ...flag.reasons.map((r) => ({ system: FHIR_SYSTEMS.flaggingRule, reason: r })),
  ].map(({ system, reason }) => ({
    code: [{ coding: [{ system, code: reason.rule }], ...bilingual('text', reason.text) }],
    detail: evidenceDetail(input.id, reason.evidence),
  }));
  return {
    resourceType: 'DetectedIssue',
    id: fhirId(flag.id),
    status: 'final',
    code: { coding: [{ system: FHIR_SYSTEMS.level, code: flag.level, display: LEVEL_TEXT[flag.level].en }], ...bilingual('text', LEVEL_TEXT[flag.level]) },
    ...(severity ? { severity } : {}),
    patient: patientReference(options, input.patientExternalId),
    identifiedDateTime: flag.createdAt,
    author: { type: 'Device', display: 'Lindring decision support' },
    implicated: [responseReference(input.id)],
    ...(evidence.length > 0 ? { evidence } : {}),
    ...bilingual('detail', { en: summary('en'), da: summary('da') }),
  };
}

// ---- Bundles

function entry(resource: FhirResource, options: Pick<FhirOptions, 'base'>): Json {
  return { fullUrl: `${options.base}/${resource.resourceType}/${resource.id}`, resource };
}

/** A `searchset` Bundle of matches (the Observation search). */
export function searchsetBundle(resources: readonly FhirResource[], selfUrl: string, options: Pick<FhirOptions, 'base'>): FhirResource {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    total: resources.length,
    link: [{ relation: 'self', url: selfUrl }],
    entry: resources.map((r) => ({ ...entry(r, options), search: { mode: 'match' } })),
  };
}

/** A `collection` Bundle: the response, its Observations and its DetectedIssue, references resolved by the entries' fullUrls. */
export function collectionBundle(resources: readonly FhirResource[], timestamp: Date, options: Pick<FhirOptions, 'base'>): FhirResource {
  return { resourceType: 'Bundle', type: 'collection', timestamp: timestamp.toISOString(), entry: resources.map((r) => entry(r, options)) };
}
