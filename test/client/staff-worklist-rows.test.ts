/** Issue 23: one worklist line per patient, its tags in words, the default level filter. */
import { describe, expect, it } from 'vitest';
import { translator } from '../../client/staff/i18n.js';
import { filterFromSearch, groupByPatient, hiddenNoneCount, levelQuery, rowTags, searchFromFilter, tagText } from '../../client/staff/logic/worklist.js';
import type { WorklistItem, WorklistTag } from '../../server/contract/responses.js';

const item = (id: string, patientId: string, tags: WorklistTag[] = [], more: Partial<WorklistItem> = {}): WorklistItem => ({
  id, responseId: `r-${id}`, level: 'basic', status: 'open', patient: { id: patientId, name: `Patient ${patientId}`, externalId: `x-${patientId}` },
  trigger: 'other', submittedAt: '2026-03-01T09:00:00.000Z', ageDays: 1, mode: 'self', urgent: false, urgentReasonCount: 0, reasonCount: 1,
  ownWords: false, tags, worseCount: 0, owner: null, dueAt: '2026-03-02T09:00:00.000Z', overdue: false, overdueFor: null, closedAt: null, outcome: null, ...more,
});

describe('one line per patient', () => {
  it("puts a patient's responses on one row, at the place of the first in the server's order", () => {
    const rows = groupByPatient([item('1', 'a', [], { urgent: true }), item('2', 'b'), item('3', 'a'), item('4', 'c')]);
    expect(rows.map((r) => r.patient.id)).toEqual(['a', 'b', 'c']);
    expect(rows[0]!.lead.id).toBe('1');
    expect(rows[0]!.flags.map((f) => f.id)).toEqual(['1', '3']);
  });

  it('loses no response: every item is on exactly one row', () => {
    const items = Array.from({ length: 30 }, (_, i) => item(String(i), String(i % 7)));
    expect(groupByPatient(items).flatMap((r) => r.flags.map((f) => f.id)).sort()).toEqual(items.map((f) => f.id).sort());
  });

  it("shows the lead response's tags first, each once, at most three", () => {
    const pain: WorklistTag = { kind: 'scale', scale: 'pa', score: 100 };
    const row = { flags: [item('1', 'a', [pain, { kind: 'ownWords' }]), item('2', 'a', [{ kind: 'scale', scale: 'pa', score: 67 }, { kind: 'ownWords' }, { kind: 'contact', values: ['nurse'] }, { kind: 'scale', scale: 'dy', score: 67 }])] };
    expect(rowTags(row)).toEqual([pain, { kind: 'ownWords' }, { kind: 'contact', values: ['nurse'] }]);
  });
});

describe('a tag in words', () => {
  const titles = { pa: { da: 'Smerter', en: 'Pain' } };
  it('says "Smerter 100", "Egne ord", "Ønsker kontakt: sygeplejerske" in Danish and the same in English', () => {
    const da = translator('da');
    const en = translator('en');
    expect(tagText({ kind: 'scale', scale: 'pa', score: 100 }, titles, 'da', da)).toBe('Smerter 100');
    expect(tagText({ kind: 'scale', scale: 'pa', score: 100 }, titles, 'en', en)).toBe('Pain 100');
    expect(tagText({ kind: 'ownWords' }, titles, 'da', da)).toBe('Egne ord');
    expect(tagText({ kind: 'contact', values: ['nurse'] }, titles, 'da', da)).toBe('Ønsker kontakt: sygeplejerske');
    expect(tagText({ kind: 'contact', values: ['gp', 'palliative_team'] }, titles, 'en', en)).toBe('Wants contact: own doctor, palliative team');
    // An unknown scale or contact value is shown as it is, never dropped.
    expect(tagText({ kind: 'scale', scale: 'xy', score: 5 }, titles, 'da', da)).toBe('xy 5');
    expect(tagText({ kind: 'contact', values: ['priest'] }, titles, 'da', da)).toBe('Ønsker kontakt: priest');
  });
});

describe('the default level filter', () => {
  it('asks for the levels with a need by default, every level for "all", one level when chosen', () => {
    expect(levelQuery('')).toBe('specialized,basic');
    expect(levelQuery('all')).toBeUndefined();
    expect(levelQuery('none')).toBe('none');
    expect(filterFromSearch('?level=all').level).toBe('all');
    expect(searchFromFilter({ level: 'all', status: '', overdue: false, offset: 0 })).toBe('?level=all');
  });

  it('counts the "none" responses the default list leaves out, and none when a level is chosen', () => {
    const page = { byLevel: { none: 4, basic: 2, specialized: 1 } };
    expect(hiddenNoneCount(page, '')).toBe(4);
    expect(hiddenNoneCount(page, 'all')).toBe(0);
    expect(hiddenNoneCount(page, 'basic')).toBe(0);
  });
});
