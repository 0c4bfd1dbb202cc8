import { describe, expect, it } from 'vitest';
import { answerProblems, classifyInvitationResponse, classifySiteContact, classifySubmitResponse } from '../../../client/patient/api.js';

const gone = (code: string) => ({ error: { code, message: 'x' } });

describe('classifyInvitationResponse', () => {
  it('opens the questionnaire on 200', () => {
    const invitation = { questionnaire: { id: 'q' }, draft: null, expiresAt: 'x' };
    expect(classifyInvitationResponse(200, invitation)).toEqual({ kind: 'ok', invitation });
  });

  it.each([
    [404, gone('invitation_not_found'), 'unknown'],
    [410, gone('invitation_expired'), 'expired'],
    [410, gone('invitation_answered'), 'answered'],
    [410, gone('invitation_withdrawn'), 'withdrawn'],
    [410, null, 'expired'],
    [400, gone('bad_request'), 'unknown'],
  ])('turns %i %j into the friendly "%s" page', (status, body, problem) => {
    expect(classifyInvitationResponse(status, body)).toEqual({ kind: 'problem', problem });
  });

  it.each([500, 502, 503, 429])('tries again later on %i', (status) => {
    expect(classifyInvitationResponse(status, null)).toEqual({ kind: 'unreachable' });
  });

  it('tries again on a 200 that is not an invitation (a captive portal page)', () => {
    expect(classifyInvitationResponse(200, null)).toEqual({ kind: 'unreachable' });
  });
});

describe('classifySubmitResponse', () => {
  it('is accepted only with a response id', () => {
    const accepted = { responseId: 'r1', nextSteps: { da: 'd', en: 'e' }, urgent: true };
    expect(classifySubmitResponse(201, accepted)).toEqual({ kind: 'accepted', accepted });
    // An older server's answer without `urgent` reads as not urgent.
    expect(classifySubmitResponse(201, { responseId: 'r1', nextSteps: accepted.nextSteps })).toEqual({ kind: 'accepted', accepted: { ...accepted, urgent: false } });
    expect(classifySubmitResponse(201, {})).toEqual({ kind: 'retry' });
  });

  it.each([500, 502, 503, 504, 408, 429, 0])('keeps the submission and retries on %i', (status) => {
    expect(classifySubmitResponse(status, null)).toEqual({ kind: 'retry' });
  });

  it('stops on 422 with the problems', () => {
    const body = { error: { code: 'invalid_answers', message: 'm', details: [{ question: 'c1', message: 'required' }] } };
    expect(classifySubmitResponse(422, body)).toEqual({ kind: 'invalid', problems: [{ question: 'c1', message: 'required' }] });
  });

  it('stops on a spent, expired or unknown link', () => {
    expect(classifySubmitResponse(410, gone('invitation_answered'))).toEqual({ kind: 'problem', problem: 'answered' });
    expect(classifySubmitResponse(410, gone('invitation_expired'))).toEqual({ kind: 'problem', problem: 'expired' });
    expect(classifySubmitResponse(404, gone('invitation_not_found'))).toEqual({ kind: 'problem', problem: 'unknown' });
  });
});

describe('answerProblems', () => {
  it('reads details as a list, as a map by question, or not at all', () => {
    expect(answerProblems({ error: { details: [{ path: 'c2', message: 'm' }] } })).toEqual([{ question: 'c2', message: 'm' }]);
    expect(answerProblems({ error: { details: { c3: 'out of range' } } })).toEqual([{ question: 'c3', message: 'out of range' }]);
    expect(answerProblems({ error: {} })).toEqual([]);
    expect(answerProblems(null)).toEqual([]);
  });
});

describe('classifySiteContact', () => {
  const site = { name: 'Palliativt Team', phone: '70 20 30 40', hours: { da: 'hverdage', en: 'weekdays' }, afterHours: { da: 'lægevagten på 1813', en: '' } };

  it("takes the site's name, phone, hours and after-hours number, also without a phone yet, and nothing else", () => {
    expect(classifySiteContact(200, { ...site, extra: 'x' })).toEqual(site);
    expect(classifySiteContact(200, { ...site, phone: null })).toEqual({ ...site, phone: null });
  });

  it('reads an older server without an after-hours number as none set', () => {
    const { afterHours: _, ...older } = site;
    expect(classifySiteContact(200, older)).toEqual({ ...older, afterHours: { da: '', en: '' } });
  });

  it('is null for an error, a proxy page or a malformed body (the page then names the contact person)', () => {
    expect(classifySiteContact(503, site)).toBeNull();
    expect(classifySiteContact(200, null)).toBeNull();
    expect(classifySiteContact(200, { ...site, phone: 7 })).toBeNull();
    expect(classifySiteContact(200, { name: 'x', phone: null })).toBeNull();
  });
});
