import { describe, expect, it } from 'vitest';
import { barView, formatScore, groupByArea, worseSide } from '../../client/staff/logic/scales.js';

const t = (value: number) => ({ value, source: 'test' });

describe('scale bars', () => {
  it('makes "higher is worse" for symptoms and "lower is worse" for functioning and quality of life', () => {
    expect(worseSide('symptom')).toBe('right');
    expect(worseSide('functional')).toBe('left');
    expect(worseSide('global')).toBe('left');
  });

  it('shades the need side of the threshold: above it for symptoms, below it for functioning', () => {
    expect(barView({ kind: 'symptom', score: 83.3, threshold: t(25) })).toEqual({ fill: 83.3, mark: 25, worse: 'right', missing: false, needZone: [25, 100] });
    expect(barView({ kind: 'functional', score: 16.7, threshold: t(71) })).toEqual({ fill: 16.7, mark: 71, worse: 'left', missing: false, needZone: [0, 71] });
  });

  it('draws no mark without a threshold and no fill for a missing score', () => {
    expect(barView({ kind: 'global', score: null, threshold: undefined })).toEqual({ fill: 0, mark: null, worse: 'left', missing: true, needZone: null });
  });

  it('keeps the bar within 0..100', () => {
    expect(barView({ kind: 'symptom', score: 130, threshold: t(120) })).toMatchObject({ fill: 100, mark: 100 });
    expect(barView({ kind: 'symptom', score: -5 })).toMatchObject({ fill: 0 });
  });

  it('rounds only for display and shows a dash for a missing score', () => {
    expect(formatScore(93.3333)).toBe('93');
    expect(formatScore(16.5)).toBe('17');
    expect(formatScore(null)).toBe('–');
  });

  it('groups scales by area in the questionnaire order, unknown areas last', () => {
    const groups = groupByArea([{ area: 'social', id: 1 }, { area: 'physical', id: 2 }, { area: 'x', id: 3 }, { area: 'physical', id: 4 }], ['physical', 'psychological', 'social']);
    expect(groups.map((g) => [g.area, g.scales.map((s) => s.id)])).toEqual([['physical', [2, 4]], ['social', [1]], ['x', [3]]]);
  });
});
