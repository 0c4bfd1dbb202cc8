import { describe, expect, it } from 'vitest';
import { dueReminderStep, reminderChannels, reminderMessage, retryDelayMs, shouldCall } from '../../server/domain/reminders.js';

const created = new Date('2026-03-02T09:00:00.000Z');
const at = (iso: string) => new Date(iso);

describe('which reminder is due', () => {
  const schedule = ['P3D', 'P7D'];
  it('is none before the first step', () => {
    expect(dueReminderStep({ createdAt: created, stepsPassed: 0 }, schedule, at('2026-03-05T08:59:59.999Z'))).toBeNull();
  });
  it('is the first step from the moment it falls due', () => {
    expect(dueReminderStep({ createdAt: created, stepsPassed: 0 }, schedule, at('2026-03-05T09:00:00.000Z'))).toBe(0);
  });
  it('is none again once the step was passed, until the next one', () => {
    expect(dueReminderStep({ createdAt: created, stepsPassed: 1 }, schedule, at('2026-03-08T09:00:00.000Z'))).toBeNull();
    expect(dueReminderStep({ createdAt: created, stepsPassed: 1 }, schedule, at('2026-03-09T09:00:00.000Z'))).toBe(1);
  });
  it('is the latest due step after a pause, so a patient gets one reminder, not a burst', () => {
    expect(dueReminderStep({ createdAt: created, stepsPassed: 0 }, schedule, at('2026-03-20T09:00:00.000Z'))).toBe(1);
  });
  it('is none after the last step', () => {
    expect(dueReminderStep({ createdAt: created, stepsPassed: 2 }, schedule, at('2026-04-20T09:00:00.000Z'))).toBeNull();
  });
  it('reads the schedule in time order, whatever order it was written in', () => {
    expect(dueReminderStep({ createdAt: created, stepsPassed: 0 }, ['P7D', 'P3D'], at('2026-03-05T09:00:00.000Z'))).toBe(0);
  });
});

describe('channels and calling', () => {
  const both = { email: 'a@example.org', mobile: '+4520304050' };
  it('uses e-mail by SMTP and the mobile by the webhook, each only when configured', () => {
    expect(reminderChannels(both, { smtp: true, webhook: true })).toEqual(['smtp', 'webhook']);
    expect(reminderChannels(both, { smtp: false, webhook: true })).toEqual(['webhook']);
    expect(reminderChannels({ email: 'a@example.org', mobile: null }, { smtp: false, webhook: true })).toEqual([]);
  });
  it('asks the nurse to call when no channel reaches the patient or every reminder has gone out', () => {
    expect(shouldCall([], 0, ['P3D'])).toBe(true);
    expect(shouldCall(['smtp'], 0, ['P3D', 'P7D'])).toBe(false);
    expect(shouldCall(['smtp'], 2, ['P3D', 'P7D'])).toBe(true);
  });
});

describe('the reminder text', () => {
  it('names the site and carries the link, nothing else about the patient', () => {
    const { subject, text } = reminderMessage('Palliativt Team Nord', 'https://pro.example.org/answer/abc');
    expect(subject).toContain('Palliativt Team Nord');
    expect(text).toContain('https://pro.example.org/answer/abc');
  });
});

describe('retry delays', () => {
  it('double from 30 seconds and stop growing at 6 hours', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(30)).toBe(6 * 3_600_000);
  });
});
