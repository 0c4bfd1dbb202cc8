import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadQuestionnaires, QuestionnaireLoadError } from '../../server/questionnaire-loader.js';
import { minimalJson } from './fixtures.js';

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lindring-questionnaires-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

async function loadError(dir: string): Promise<QuestionnaireLoadError> {
  const error = await loadQuestionnaires(dir).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(QuestionnaireLoadError);
  return error as QuestionnaireLoadError;
}

describe('loadQuestionnaires', () => {
  it('returns validated definitions by id', async () => {
    const catalog = await loadQuestionnaires(folderWith({ 'minimal.json': JSON.stringify(minimalJson()) }));
    expect([...catalog.keys()]).toEqual(['minimal']);
    expect(catalog.get('minimal')!.questions.get('pain')!.values).toEqual([1, 2, 3, 4]);
  });

  it('names the file and the JSON path of a rule naming an unknown item', async () => {
    const json = minimalJson();
    json.flagging.rules[1].when.any[0].item = 'contakt';
    const dir = folderWith({ 'minimal.json': JSON.stringify(json) });
    const error = await loadError(dir);
    expect(error.problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/minimal\.json$/), path: '$.flagging.rules[1].when.any[0].item' })]);
    expect(error.message).toMatch(/minimal\.json: \$\.flagging\.rules\[1\]\.when\.any\[0\]\.item: unknown item "contakt"/);
  });

  it('reports problems in every file, not only the first', async () => {
    const wrongId = { ...minimalJson(), id: 'other' };
    const error = await loadError(folderWith({ 'a.json': '{ "id": ', 'b.json': JSON.stringify(wrongId) }));
    expect(error.problems.map((p) => [path.basename(p.file), p.path])).toEqual([['a.json', '$'], ['b.json', '$.id']]);
    expect(error.problems[0]!.message).toMatch(/^not valid JSON/);
  });

  it("passes on SurveyJS's own complaints about the survey JSON", async () => {
    const json = minimalJson();
    json.survey.pages[0].elements.push({ type: 'not-a-question-type', name: 'odd' });
    const error = await loadError(folderWith({ 'minimal.json': JSON.stringify(json) }));
    expect(error.problems).toContainEqual(expect.objectContaining({ path: '$.survey.pages[0].elements[5]', message: expect.stringContaining('SurveyJS') }));
  });

  it("names the JSON path of a property SurveyJS does not know", async () => {
    const json = minimalJson();
    json.survey.pages[0].elements[0].isRequried = true;
    const error = await loadError(folderWith({ 'minimal.json': JSON.stringify(json) }));
    expect(error.message).toMatch(/minimal\.json: \$\.survey\.pages\[0\]\.elements\[0\]\.isRequried: SurveyJS: Unknown property/);
  });

  it('refuses {…} placeholders in HTML (SurveyJS pipes answers in unescaped), naming the file and each path, in every language and at any depth', async () => {
    const error = await loadError(path.resolve(import.meta.dirname, '..', 'fixtures', 'unsafe-questionnaires'));
    const piped = error.problems.filter((p) => p.message.includes('in HTML'));
    expect(piped.map((p) => [path.basename(p.file), p.path])).toEqual([
      ['piped-html.json', '$.survey.pages[0].elements[5].html.default'],
      ['piped-html.json', '$.survey.pages[0].elements[5].html.da'],
      ['piped-html.json', '$.survey.pages[0].elements[6].elements[0].html.default'],
      ['piped-html.json', '$.survey.pages[0].elements[6].elements[0].html.da'],
      ['piped-html.json', '$.survey.completedHtml.default'],
      ['piped-html.json', '$.survey.completedHtmlOnCondition[0].html.default'],
      ['piped-html.json', '$.survey.completedHtmlOnCondition[0].html.da'],
    ]);
    expect(error.message).toMatch(/piped-html\.json: \$\.survey\.pages\[0\]\.elements\[5\]\.html\.default: "\{other\}" in HTML/);
  });

  it('loads HTML without placeholders, and placeholders in conditions', async () => {
    const json = minimalJson();
    json.survey.pages[0].elements.push({ type: 'html', name: 'note', visibleIf: '{pain} >= 2', html: { default: '<p>Thank you.</p>', da: '<p>Tak.</p>' } });
    json.survey.completedHtml = { default: '<p>Done.</p>', da: '<p>Færdig.</p>' };
    expect([...(await loadQuestionnaires(folderWith({ 'minimal.json': JSON.stringify(json) }))).keys()]).toEqual(['minimal']);
  });

  it('refuses an empty folder', async () => {
    const error = await loadError(folderWith({}));
    expect(error.message).toContain('no questionnaire files');
  });

  it('loads the shipped questionnaires without problems', async () => {
    const catalog = await loadQuestionnaires();
    expect([...catalog.keys()].sort()).toEqual(expect.arrayContaining(['palliative-needs']));
  });
});

describe('SurveyJS features the server does not honour', () => {
  it.each([
    ['validators', (s: any) => { s.pages[0].elements[0].validators = [{ type: 'expression', expression: '{pain} < 4' }]; }, '$.survey.pages[0].elements[0].validators'],
    ['triggers', (s: any) => { s.triggers = [{ type: 'complete', expression: '{pain} = 4' }]; }, '$.survey.triggers'],
    ['a default value', (s: any) => { s.pages[0].elements[1].defaultValue = 1; }, '$.survey.pages[0].elements[1].defaultValue'],
    ['a choice shown conditionally', (s: any) => { s.pages[0].elements[4].choices[0].visibleIf = '{pain} = 4'; }, '$.survey.pages[0].elements[4].choices[0].visibleIf'],
    ['a required panel', (s: any) => { s.pages[0].elements.push({ type: 'panel', name: 'box', isRequired: true, elements: [] }); }, '$.survey.pages[0].elements[5].isRequired'],
    ['a matrix', (s: any) => { s.pages[0].elements.push({ type: 'matrix', name: 'grid', columns: [1], rows: ['a'] }); }, '$.survey.pages[0].elements[5].type'],
    ['clearInvisibleValues "none"', (s: any) => { s.clearInvisibleValues = 'none'; }, '$.survey.clearInvisibleValues'],
  ])('refuses %s, naming the file and JSON path', async (_, change, where) => {
    const json = minimalJson();
    change(json.survey);
    const error = await loadError(folderWith({ 'minimal.json': JSON.stringify(json) }));
    expect(error.problems).toContainEqual(expect.objectContaining({ file: expect.stringMatching(/minimal\.json$/), path: where }));
    expect(error.message).toContain(`minimal.json: ${where}: `);
  });

  it('accepts page and panel visibleIf, requiredIf, enableIf and a comment area', async () => {
    const json = minimalJson();
    const [pain, worry, ...rest] = json.survey.pages[0].elements;
    json.survey.pages[0].elements = [{ ...pain, showCommentArea: true, commentText: { default: 'More?', da: 'Mere?' } }, { type: 'panel', name: 'box', visibleIf: '{pain} > 1', elements: [{ ...worry, requiredIf: '{pain} = 4', enableIf: '{pain} > 2' }] }];
    json.survey.pages.push({ name: 'rest', visibleIf: '{pain} > 1', elements: rest });
    const catalog = await loadQuestionnaires(folderWith({ 'minimal.json': JSON.stringify(json) }));
    expect(catalog.get('minimal')!.questions.get('worry')!.conditions).toEqual([
      { visible: true, readOnly: false }, { visible: true, visibleIf: '{pain} > 1', readOnly: false }, { visible: true, readOnly: false, enableIf: '{pain} > 2' },
    ]);
  });
});
