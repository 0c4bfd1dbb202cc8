import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidAnswerError, isNeed, scoreQuestionnaire, scoreScale, worseSinceLast, type ScaleDefinition, type ScaleKind, type ScoringMethod } from '../../server/domain/scoring.js';

const scale = (kind: ScaleKind, items: string[], min = 1, max = 4, method?: ScoringMethod): ScaleDefinition => ({
  id: 's', kind, items, min, max, ...(method ? { method } : {}),
});
const answersOf = (items: string[], values: (number | null)[]) => Object.fromEntries(items.map((item, i) => [item, values[i]]));
const score = (s: ScaleDefinition, ...values: (number | null)[]) => scoreScale(s, answersOf(s.items, values));

describe('EORTC linear scoring (manual formulas)', () => {
  it.each([
    // kind, min, max, answers, expected: hand-computed from the manual's formulas
    ['functional', 1, 4, [1, 1, 2], (1 - (4 / 3 - 1) / 3) * 100],
    ['functional', 1, 4, [1, 1, 1], 100],
    ['functional', 1, 4, [4, 4, 4], 0],
    ['symptom', 1, 4, [2, 3], 50],
    ['symptom', 1, 4, [1, 1], 0],
    ['symptom', 1, 4, [4, 4], 100],
    ['symptom', 1, 4, [2, 2, 3], ((7 / 3 - 1) / 3) * 100],
    ['global', 1, 7, [6], (5 / 6) * 100],
    ['global', 1, 7, [4, 5], ((4.5 - 1) / 6) * 100],
    ['symptom', 0, 10, [0], 0],
    ['symptom', 0, 10, [7], 70],
    ['symptom', 0, 4, [0, 3], 37.5],
  ] as const)('%s %i..%i %j scores %d', (kind, min, max, values, expected) => {
    const items = values.map((_, i) => `q${i}`);
    expect(score(scale(kind, items, min, max), ...values)).toBeCloseTo(expected, 10);
  });

  it('keeps full precision (no rounding)', () => {
    expect(score(scale('symptom', ['a', 'b', 'c']), 1, 1, 2)).toBe(((4 / 3 - 1) / 3) * 100);
  });

  it('scores a single item scale from its one answer', () => {
    expect(score(scale('symptom', ['a']), 3)).toBeCloseTo(66.6667, 3);
  });
});

describe('the half rule', () => {
  it('scores from the answered items when at least half are answered', () => {
    expect(score(scale('symptom', ['a', 'b']), 3, null)).toBeCloseTo(66.6667, 3);
    expect(score(scale('functional', ['a', 'b', 'c', 'd']), 2, null, undefined as unknown as null, 2)).toBeCloseTo(66.6667, 3);
    expect(score(scale('symptom', ['a', 'b', 'c', 'd', 'e']), 4, 4, 4, null, null)).toBe(100);
  });

  it('returns null when fewer than half the items are answered', () => {
    expect(score(scale('functional', ['a', 'b', 'c']), 1, null, null)).toBeNull();
    expect(score(scale('symptom', ['a', 'b', 'c', 'd', 'e']), 4, 4, null, null, null)).toBeNull();
  });

  it('returns null, never 0, for a single item scale whose item is missing', () => {
    expect(score(scale('symptom', ['a']), null)).toBeNull();
    expect(scoreScale(scale('global', ['a'], 1, 7), {})).toBeNull();
  });
});

describe('QLQ-C15-PAL table methods (addendum)', () => {
  const pf = scale('functional', ['walk', 'bed', 'help'], 1, 4, 'c15pal-pf3');
  const ef = scale('functional', ['tense', 'depressed'], 1, 4, 'c15pal-ef2');
  const fa = scale('symptom', ['weak', 'tired'], 1, 4, 'c15pal-fa2');
  const nv = scale('symptom', ['nausea'], 1, 4, 'c15pal-nv1');

  it.each([
    [[1, 1, 1], 14], [[1, 2, 1], 11], [[2, 2, 1], 9], [[2, 2, 2], 7], [[3, 2, 2], 5],
    [[3, 3, 2], 4], [[3, 3, 3], 3], [[4, 3, 3], 2], [[4, 4, 3], 1], [[4, 4, 4], 0],
  ])('PF %j scores 100/15 x %i', (values, tableValue) => {
    expect(score(pf, ...values)).toBeCloseTo((100 / 15) * tableValue, 10);
  });

  it('gives 93.33, not 100, as the best physical functioning', () => {
    expect(score(pf, 1, 1, 1)).toBeCloseTo(93.3333, 3);
  });

  it.each([
    [[1, 1], 12], [[1, 2], 10], [[2, 2], 8], [[3, 2], 6], [[3, 3], 5], [[4, 3], 2], [[4, 4], 0],
  ])('EF %j scores 100/12 x %i', (values, tableValue) => {
    expect(score(ef, ...values)).toBeCloseTo((100 / 12) * tableValue, 10);
  });

  it.each([
    [[1, 1], 0], [[2, 1], 2], [[1, 2], 2], [[2, 2], 3], [[3, 1], 3], [[1, 3], 3],
    [[3, 2], 4], [[4, 1], 4], [[1, 4], 5], [[2, 3], 5],
    [[3, 3], 6], [[4, 2], 6], [[2, 4], 6], [[4, 3], 8], [[3, 4], 8], [[4, 4], 9],
  ])('FA (weak, tired) %j scores 100/9 x %i', (values, tableValue) => {
    expect(score(fa, ...values)).toBeCloseTo((100 / 9) * tableValue, 10);
  });

  it.each([[1, 0], [2, 100 / 6], [3, 50], [4, 100]])('NV %i scores %d', (value, expected) => {
    expect(score(nv, value)).toBeCloseTo(expected, 10);
  });

  it('returns null when any item of a table-scored scale is missing', () => {
    expect(score(pf, 1, 1, null)).toBeNull();
    expect(score(ef, null, 2)).toBeNull();
    expect(score(fa, 2, null)).toBeNull();
    expect(score(nv, null)).toBeNull();
  });
});

describe('invalid answers', () => {
  it.each([[0], [5], [2.5], [Number.NaN], ['3'], [true], [[2]]])('throws naming the item for %j', (value) => {
    const s = scale('symptom', ['pain', 'ache']);
    let error: unknown;
    try {
      scoreScale(s, { pain: 2, ache: value as number });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidAnswerError);
    expect((error as InvalidAnswerError).item).toBe('ache');
    expect((error as Error).message).toContain('"ache"');
  });

  it('throws even when the scale would otherwise be missing', () => {
    expect(() => scoreScale(scale('symptom', ['a', 'b', 'c']), { a: 9 })).toThrow(InvalidAnswerError);
  });

  it('accepts 0 on a 0-based item', () => {
    expect(scoreScale(scale('symptom', ['esas'], 0, 10), { esas: 0 })).toBe(0);
  });
});

describe('isNeed', () => {
  it('flags a functional or global score below the threshold, not at it', () => {
    expect(isNeed('functional', 82.9, 83)).toBe(true);
    expect(isNeed('functional', 83, 83)).toBe(false);
    expect(isNeed('global', 10, 50)).toBe(true);
  });

  it('flags a symptom score at or above the threshold', () => {
    expect(isNeed('symptom', 25, 25)).toBe(true);
    expect(isNeed('symptom', 24.99, 25)).toBe(false);
  });

  it('never flags a missing score', () => {
    expect(isNeed('symptom', null, 0)).toBe(false);
    expect(isNeed('functional', null, 100)).toBe(false);
  });
});

describe('scoreQuestionnaire', () => {
  it('scores every scale and lists the items used', () => {
    const result = scoreQuestionnaire(
      { scales: [{ ...scale('symptom', ['a', 'b', 'c']), id: 'x' }, { ...scale('global', ['g'], 1, 7), id: 'y' }] },
      { a: 2, b: null, c: 4 },
    );
    expect(result).toEqual([
      { scale: 'x', kind: 'symptom', score: ((3 - 1) / 3) * 100, itemsUsed: ['a', 'c'] },
      { scale: 'y', kind: 'global', score: null, itemsUsed: [] },
    ]);
  });
});

describe('properties', () => {
  const methodArb = fc.constantFrom<ScoringMethod>('eortc-linear', 'c15pal-pf3', 'c15pal-ef2', 'c15pal-fa2', 'c15pal-nv1');
  const itemCount: Record<ScoringMethod, number | null> = { 'eortc-linear': null, 'c15pal-pf3': 3, 'c15pal-ef2': 2, 'c15pal-fa2': 2, 'c15pal-nv1': 1 };

  /** A random scale with random (possibly partial) valid answers. */
  const scaleWithAnswers = methodArb.chain((method) => {
    const fixed = itemCount[method];
    const shape = fixed === null
      ? fc.record({ n: fc.integer({ min: 1, max: 6 }), min: fc.integer({ min: 0, max: 1 }), span: fc.integer({ min: 1, max: 9 }), kind: fc.constantFrom<ScaleKind>('functional', 'symptom', 'global') })
      : fc.constant({ n: fixed, min: 1, span: 3, kind: (method === 'c15pal-fa2' || method === 'c15pal-nv1' ? 'symptom' : 'functional') as ScaleKind });
    return shape.chain(({ n, min, span, kind }) => {
      const items = Array.from({ length: n }, (_, i) => `i${i}`);
      const s = scale(kind, items, min, min + span, method === 'eortc-linear' ? undefined : method);
      return fc.tuple(fc.constant(s), fc.array(fc.option(fc.integer({ min, max: min + span }), { nil: null }), { minLength: n, maxLength: n }));
    });
  });

  it('keeps every score within 0..100 or null', () => {
    fc.assert(fc.property(scaleWithAnswers, ([s, values]) => {
      const result = scoreScale(s, answersOf(s.items, values));
      return result === null || (result >= 0 && result <= 100);
    }));
  });

  it('never lowers a symptom score, nor raises a functional one, when an answer gets worse', () => {
    fc.assert(fc.property(scaleWithAnswers, fc.nat(), ([s, values], pick) => {
      const full = values.map((v) => v ?? s.min);
      const i = pick % full.length;
      fc.pre(full[i]! < s.max);
      const worse = full.map((v, j) => (j === i ? v + 1 : v));
      const before = scoreScale(s, answersOf(s.items, full))!;
      const after = scoreScale(s, answersOf(s.items, worse))!;
      // A higher answer is worse on symptom and functional items; on a global item it is better.
      return s.kind === 'symptom' ? after >= before : s.kind === 'functional' ? after <= before : after >= before;
    }));
  });
});

describe('worseSinceLast', () => {
  const definition = {
    scales: [
      { id: 'pa', kind: 'symptom' as const, items: ['p'], min: 1, max: 4 },
      { id: 'pf', kind: 'functional' as const, items: ['f'], min: 1, max: 4 },
      { id: 'ql', kind: 'global' as const, items: ['q'], min: 1, max: 7 },
      { id: 'ef', kind: 'functional' as const, items: ['e'], min: 1, max: 4, minimalImportantDifference: { value: 20, source: 'test override' } },
    ],
  };
  const scores = (pa: number | null, pf: number | null, ql: number | null, ef: number | null = 50) =>
    [{ scale: 'pa', score: pa }, { scale: 'pf', score: pf }, { scale: 'ql', score: ql }, { scale: 'ef', score: ef }];

  it('reports a symptom that rose, and a functional or global scale that fell, by at least 10 points (Osoba 1998)', () => {
    expect(worseSinceLast(definition, scores(20, 80, 50), scores(30, 70, 40))).toEqual([
      { scale: 'pa', from: 20, to: 30 },
      { scale: 'pf', from: 80, to: 70 },
      { scale: 'ql', from: 50, to: 40 },
    ]);
  });

  it('does not report a change below the minimal important difference, nor a change for the better', () => {
    expect(worseSinceLast(definition, scores(20, 80, 50), scores(29.9, 70.1, 40.1))).toEqual([]);
    expect(worseSinceLast(definition, scores(50, 50, 50), scores(0, 100, 100))).toEqual([]);
  });

  it('counts a change of exactly the difference, computed from thirds and sixths', () => {
    const from = 100 / 6;
    expect(worseSinceLast(definition, scores(from, null, null), scores(from + 10, null, null))).toEqual([{ scale: 'pa', from, to: from + 10 }]);
  });

  it('uses a scale\'s own minimal important difference, and the questionnaire\'s default', () => {
    expect(worseSinceLast(definition, scores(null, null, null, 50), scores(null, null, null, 35))).toEqual([]);
    expect(worseSinceLast(definition, scores(null, null, null, 50), scores(null, null, null, 30))).toEqual([{ scale: 'ef', from: 50, to: 30 }]);
    const strict = { ...definition, minimalImportantDifference: { value: 5, source: 'test' } };
    expect(worseSinceLast(strict, scores(20, null, null), scores(25, null, null))).toEqual([{ scale: 'pa', from: 20, to: 25 }]);
  });

  it('never compares a missing score on either side, nor a scale absent from the previous response', () => {
    expect(worseSinceLast(definition, scores(null, 80, 50), scores(100, null, 0).filter((s) => s.scale !== 'ql'))).toEqual([]);
    expect(worseSinceLast(definition, [], scores(100, 0, 0, 0))).toEqual([]);
  });
});
