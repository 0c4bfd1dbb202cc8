import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runScore } from '../../server/cli/score-command.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const ANSWERS = path.join(ROOT, 'test', 'fixtures', 'answers');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run score -- ...args` in this process: what it would print on stdout and stderr, and its exit code. */
async function score(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runScore(args, { log: (line) => (stdout += `${line}\n`), error: (line) => (stderr += `${line}\n`) });
  return { code, stdout, stderr };
}

/** The bin itself, as `npm run score` starts it (a process of its own). */
async function scoreProcess(...args: string[]): Promise<Run> {
  return promisify(execFile)(TSX, ['server/cli/score.ts', ...args], { cwd: ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('the score bin', () => {
  it('prints what the command prints and exits with its code', async () => {
    const specialized = path.join(ANSWERS, 'palliative-specialized.json');
    const [ok, refused] = await Promise.all([scoreProcess('palliative-needs', specialized), scoreProcess('palliative', specialized)]);
    expect(ok).toEqual(await score('palliative-needs', specialized));
    expect(ok.stdout).toContain('Proposed level: specialized\n');
    expect(refused).toEqual({ code: 1, stdout: '', stderr: expect.stringContaining('Unknown questionnaire "palliative"') });
    expect(refused).toEqual(await score('palliative', specialized));
  });
});

describe('npm run score', () => {
  it('prints every scale score, the proposed level and the reasons with evidence', async () => {
    const { code, stdout } = await score('palliative-needs', path.join(ANSWERS, 'palliative-specialized.json'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/Pain\s+83\.3 +\(threshold 25, need at or above\)/);
    expect(stdout).toMatch(/Physical functioning\s+93\.3/);
    expect(stdout).toContain('Proposed level: specialized');
    expect(stdout).toMatch(/\[specialized\] severe-with-other-needs: .+\n\s+evidence: .*c5 = 4/);
  });

  it('shows urgent review and own words in the text output', async () => {
    const { stdout } = await score('palliative-needs', path.join(ANSWERS, 'palliative-specialized.json'));
    expect(stdout).toMatch(/Urgent review: YES\n\s+\[urgent\] symptom-at-worst: .+\n\s+evidence: c5 = 4/);
    expect(stdout).toContain('Own words: yes (talk_about_other)');
    expect(stdout).toMatch(/\[basic\] own-words: The patient wrote in their own words: read them\.\n\s+evidence: talk_about_other: "I cannot sleep/);
    const calm = await score('palliative-needs', path.join(ANSWERS, 'palliative-none.json'));
    expect(calm.stdout).toContain('Urgent review: no\nOwn words: no\n');
  });

  it('prints one JSON object in the documented shape with --json', async () => {
    const { code, stdout } = await score('palliative-needs', path.join(ANSWERS, 'palliative-specialized.json'), '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual(['questionnaireId', 'version', 'level', 'urgent', 'urgentReasons', 'ownWords', 'scores', 'reasons']);
    expect(result).toMatchObject({ questionnaireId: 'palliative-needs', version: '2.0.1', level: 'specialized', urgent: true, ownWords: true });
    expect(result.urgentReasons.map((r: { ruleId: string }) => r.ruleId)).toEqual(['symptom-at-worst', 'emotional-functioning-very-low', 'depressed-at-worst']);
    expect(result.urgentReasons[1]).toEqual({
      ruleId: 'emotional-functioning-very-low',
      text: { da: expect.any(String), en: expect.any(String) },
      evidence: [{ kind: 'scale', scale: 'ef', value: expect.closeTo(100 / 6, 10), comparison: 'below', threshold: 17 }], // tense 3, low 4
    });
    expect(result.scores).toHaveLength(14);
    expect(result.scores[0]).toEqual({ scale: 'pf', score: expect.closeTo(93.333, 2), threshold: 83, need: false });
    expect(result.scores.find((s: { scale: string }) => s.scale === 'pa')).toEqual({ scale: 'pa', score: expect.closeTo(83.333, 2), threshold: 25, need: true });
    expect(result.scores.find((s: { scale: string }) => s.scale === 'ql')).toEqual({ scale: 'ql', score: expect.closeTo(100 / 6, 5), threshold: null, need: false });
    expect(result.reasons[0]).toEqual({ ruleId: 'severe-with-other-needs', level: 'specialized', text: { da: expect.any(String), en: expect.any(String) }, evidence: expect.arrayContaining([{ kind: 'item', item: 'c5', value: 4, comparison: 'atLeast', expected: 4 }]) });
  });

  it('reports the reason ids of the second edition in --json: any-item-at-worst, incomplete, depressed-at-worst, many-problems-any-area', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lindring-score-'));
    const run = async (answers: Record<string, unknown>) => {
      const file = path.join(dir, 'answers.json');
      writeFileSync(file, JSON.stringify(answers));
      return JSON.parse((await score('palliative-needs', file, '--json')).stdout);
    };
    const depressed = await run({ respondent: 'self', c14: 4 });
    expect(Object.keys(depressed)).toEqual(['questionnaireId', 'version', 'level', 'urgent', 'urgentReasons', 'ownWords', 'scores', 'reasons']);
    expect(depressed.reasons.map((r: { ruleId: string }) => r.ruleId)).toEqual(['incomplete', 'any-item-at-worst']);
    expect(depressed.reasons[0]).toEqual({ ruleId: 'incomplete', level: 'basic', text: { da: 'Mange spørgsmål er ikke besvaret: spørg hvorfor.', en: 'Many questions are unanswered: ask why.' }, evidence: [] });
    expect(depressed.urgentReasons.map((r: { ruleId: string }) => r.ruleId)).toEqual(['depressed-at-worst']);
    const calm = JSON.parse(readFileSync(path.join(ANSWERS, 'palliative-none.json'), 'utf8'));
    const many = await run({ ...calm, c4: 3, c5: 3, c6: 3, c8: 3, c10: 3 });
    expect(many.level).toBe('specialized');
    expect(many.reasons[0]).toMatchObject({ ruleId: 'many-problems-any-area', level: 'specialized' });
  });

  it('prints a missing scale with "score": null in --json', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lindring-score-')), 'answers.json');
    writeFileSync(file, JSON.stringify({ c5: 4, talk_about_other: 'Hjælp' }));
    const { code, stdout } = await score('palliative-needs', file, '--json');
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.scores.find((s: { scale: string }) => s.scale === 'pf')).toEqual({ scale: 'pf', score: null, threshold: 83, need: false });
    expect(result.scores.find((s: { scale: string }) => s.scale === 'pa')).toEqual({ scale: 'pa', score: 100, threshold: 25, need: true }); // half rule: one of two
    expect(result).toMatchObject({ level: 'basic', urgent: true, ownWords: true });
  });

  it.each([
    ['palliative-needs', 'palliative-none.json', 'none'],
    ['palliative-needs', 'palliative-basic.json', 'basic'],
    ['palliative-needs', 'palliative-cannot-cope.json', 'specialized'],
    ['rehabilitation-needs', 'rehabilitation-none.json', 'none'],
    ['rehabilitation-needs', 'rehabilitation-basic.json', 'basic'],
    ['rehabilitation-needs', 'rehabilitation-specialized.json', 'specialized'],
  ])('proposes for %s %s the level %s', async (id, file, level) => {
    const { stdout } = await score(id, path.join(ANSWERS, file));
    expect(stdout).toContain(`Proposed level: ${level}\n`);
  });

  it('exits non-zero naming an unknown questionnaire', async () => {
    const { code, stderr } = await score('palliative', path.join(ANSWERS, 'palliative-none.json'));
    expect(code).not.toBe(0);
    expect(stderr).toContain('Unknown questionnaire "palliative"');
  });

  it('exits non-zero naming each invalid answer', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lindring-score-')), 'answers.json');
    writeFileSync(file, JSON.stringify({ c1: 9, painn: 2 }));
    const { code, stderr } = await score('palliative-needs', file);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/c1: 9 is not one of the choices/);
    expect(stderr).toMatch(/painn: not a question in this questionnaire/);
  });

  it('exits non-zero on a file that is not JSON', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'lindring-score-')), 'answers.json');
    writeFileSync(file, '{ c1: 1');
    const { code, stderr } = await score('palliative-needs', file);
    expect(code).not.toBe(0);
    expect(stderr).toContain('is not valid JSON');
  });
});
