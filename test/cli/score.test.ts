import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const ANSWERS = path.join(ROOT, 'test', 'fixtures', 'answers');

async function score(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return promisify(execFile)(TSX, ['server/cli/score.ts', ...args], { cwd: ROOT }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('npm run score', () => {
  it('prints every scale score, the proposed level and the reasons with evidence', async () => {
    const { code, stdout } = await score('palliative-needs', path.join(ANSWERS, 'palliative-specialized.json'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/Pain\s+83\.3 +\(threshold 25, need at or above\)/);
    expect(stdout).toMatch(/Physical functioning\s+93\.3/);
    expect(stdout).toContain('Proposed level: specialized');
    expect(stdout).toMatch(/\[specialized\] severe-with-other-needs: .+\n\s+evidence: .*c5 = 4/);
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
