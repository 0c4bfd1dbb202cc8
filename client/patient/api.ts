/**
 * The patient app's only door to the server. Each call turns the HTTP answer into an outcome the
 * UI acts on (classify* are pure, so the decisions are unit-tested without a network).
 */
import type { Locale } from '../../server/contract/codes.js';
import type { Answers, Draft, PatientInvitation, SubmissionResult } from '../../server/contract/responses.js';
import type { SiteInfo } from '../../server/contract/settings.js';

/** Why a link cannot be answered: 410 expired, answered or withdrawn (the patient left the service), 404. */
export type LinkProblem = 'expired' | 'answered' | 'withdrawn' | 'unknown';

/** One problem with one question, from a 422's details. */
export interface AnswerProblem {
  question?: string;
  message: string;
}

export type LoadOutcome =
  | { kind: 'ok'; invitation: PatientInvitation }
  | { kind: 'problem'; problem: LinkProblem }
  /** No network, a timeout or a server error: worth trying again. */
  | { kind: 'unreachable' };

export type SubmitOutcome =
  | { kind: 'accepted'; accepted: SubmissionResult }
  | { kind: 'invalid'; problems: AnswerProblem[] }
  | { kind: 'problem'; problem: LinkProblem }
  /** Not acknowledged (offline, timeout, 5xx, 429): keep the submission and send it again. */
  | { kind: 'retry' };

export interface Submission {
  id: string;
  answers: Answers;
  locale: Locale;
}

function errorCode(body: unknown): string | undefined {
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof code === 'string' ? code : undefined;
}

/** 404 is an unknown link; 410 is expired, already answered or withdrawn (by its error code). */
function linkProblem(status: number, body: unknown): LinkProblem | null {
  if (status === 404) return 'unknown';
  if (status !== 410) return null;
  const code = errorCode(body);
  return code === 'invitation_answered' ? 'answered' : code === 'invitation_withdrawn' ? 'withdrawn' : 'expired';
}

export function classifyInvitationResponse(status: number, body: unknown): LoadOutcome {
  if (status === 200 && body && typeof body === 'object' && 'questionnaire' in body) return { kind: 'ok', invitation: body as PatientInvitation };
  const problem = linkProblem(status, body);
  if (problem) return { kind: 'problem', problem };
  // A malformed token (400) cannot become valid by waiting.
  if (status === 400) return { kind: 'problem', problem: 'unknown' };
  return { kind: 'unreachable' };
}

/** GET /api/site-contact's answer, or null for anything else (the page then says "call your contact person"). */
export function classifySiteContact(status: number, body: unknown): SiteInfo | null {
  const site = body as Partial<SiteInfo> | null;
  if (status !== 200 || !site || typeof site !== 'object' || typeof site.name !== 'string') return null;
  if (site.phone !== null && typeof site.phone !== 'string') return null;
  if (typeof site.hours?.da !== 'string' || typeof site.hours.en !== 'string') return null;
  // An older server has no after-hours number: the sentence is left out.
  const after = site.afterHours;
  const afterHours = { da: typeof after?.da === 'string' ? after.da : '', en: typeof after?.en === 'string' ? after.en : '' };
  return { name: site.name, phone: site.phone, hours: { da: site.hours.da, en: site.hours.en }, afterHours };
}

/** The server's 422 details, whatever their exact shape, as a list of problems. */
export function answerProblems(body: unknown): AnswerProblem[] {
  const details = (body as { error?: { details?: unknown; message?: unknown } } | null)?.error?.details;
  const list = Array.isArray(details)
    ? details
    : details && typeof details === 'object'
      ? Object.entries(details).map(([question, message]) => ({ question, message }))
      : [];
  return list.map((d: unknown) => {
    const item = d as { question?: unknown; path?: unknown; message?: unknown };
    const question = typeof item.question === 'string' ? item.question : typeof item.path === 'string' ? item.path : undefined;
    return { ...(question ? { question } : {}), message: typeof item.message === 'string' ? item.message : String(item.message ?? '') };
  });
}

export function classifySubmitResponse(status: number, body: unknown): SubmitOutcome {
  if (status === 201 || status === 200) {
    const accepted = body as Partial<SubmissionResult> | null;
    // An older server sends no `urgent`: read as false.
    if (accepted && typeof accepted.responseId === 'string') return { kind: 'accepted', accepted: { ...(accepted as SubmissionResult), urgent: accepted.urgent === true } };
    return { kind: 'retry' };
  }
  if (status === 422) return { kind: 'invalid', problems: answerProblems(body) };
  const problem = linkProblem(status, body);
  if (problem) return { kind: 'problem', problem };
  // 5xx, 408, 429, a proxy's error page: the server did not acknowledge; the same id makes a retry safe.
  return { kind: 'retry' };
}

const TIMEOUT_MS = 20_000;

async function send(method: string, url: string, body?: unknown, keepalive = false): Promise<{ status: number; body: unknown } | null> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const response = await fetch(url, {
      method,
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: controller.signal,
      keepalive,
      cache: 'no-store',
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    return { status: response.status, body: parsed };
  } catch {
    return null; // offline, DNS, aborted by the timeout
  } finally {
    clearTimeout(timer);
  }
}

const invitationUrl = (token: string) => `/api/invitations/${encodeURIComponent(token)}`;

export async function fetchInvitation(token: string): Promise<LoadOutcome> {
  const result = await send('GET', invitationUrl(token));
  return result ? classifyInvitationResponse(result.status, result.body) : { kind: 'unreachable' };
}

/** Saves the draft; true when the server stored it. `keepalive` lets it finish while the page closes. */
export async function saveDraft(token: string, draft: Draft, keepalive = false): Promise<boolean> {
  const result = await send('PUT', `${invitationUrl(token)}/draft`, draft, keepalive);
  return result !== null && result.status >= 200 && result.status < 300;
}

export async function submitResponse(token: string, submission: Submission): Promise<SubmitOutcome> {
  const result = await send('POST', `${invitationUrl(token)}/responses`, submission);
  return result ? classifySubmitResponse(result.status, result.body) : { kind: 'retry' };
}

/** The site's public name, phone and hours, for pages without an invitation to bring them (a spent, expired or unknown link). */
export async function fetchSiteContact(): Promise<SiteInfo | null> {
  const result = await send('GET', '/api/site-contact');
  return result ? classifySiteContact(result.status, result.body) : null;
}
