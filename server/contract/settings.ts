/**
 * The site settings: who the patient calls when it is urgent, how long a flag may wait, when a
 * patient who has not answered is reminded, and who hears of an overdue flag. Stored in the
 * database, edited by an admin (PUT /api/settings takes a deep partial of the same shape), read by
 * every staff role and, for `site`, by the patient page. Declared once here for server and client.
 */
import { z } from 'zod';
import { ROLES, type Localized } from './codes.js';
import { durationMs, isDuration } from './duration.js';
import { hasControlOrBidi, hasLoneSurrogate } from './requests.js';

/**
 * A text the site shows patients or staff: one line of well-formed text without control or
 * text-direction characters (a line break, a bell or a right-to-left override has no place in a
 * phone's hours, and would make the text read as something else).
 */
const siteText = () =>
  z.string().trim()
    .refine((v) => !hasLoneSurrogate(v), 'must be well-formed Unicode text')
    .refine((v) => !hasControlOrBidi(v), 'must not contain control or text-direction characters');

const durationSchema = z
  .string()
  .refine(isDuration, 'Expected an ISO 8601 duration of weeks, days, hours or minutes (e.g. PT24H, P2D, P1W), from PT1M to P366D');

/** A phone number as people write it: digits, spaces, hyphens, an optional leading +; 3 to 20 characters. */
const PHONE = /^\+?[0-9](?:[0-9 -]*[0-9])?$/;
const phoneSchema = z
  .string()
  .trim()
  .min(3)
  .max(20)
  .regex(PHONE, 'Expected a phone number: digits, spaces, hyphens and an optional leading +');

const hoursText = siteText().max(200);

const siteSchema = z.strictObject({
  name: siteText().min(1).max(100),
  /** Null until an admin sets it: the patient page then says "call your contact person". */
  phone: phoneSchema.nullable(),
  /** When the phone is answered, in each language, e.g. "hverdage kl. 8-15". */
  hours: z.strictObject({ da: hoursText, en: hoursText }),
  /**
   * Whom to call outside those hours, in each language, e.g. "lægevagten på 1813" or the team's
   * 24-hour line (clinical rules v2, items 15 and 18); '' until set: the sentence is then left out.
   */
  afterHours: z.strictObject({ da: hoursText, en: hoursText }),
});

/** `ownWords`: a flag with the patient's own words is due within this at the latest (clinical rules v2, 9). */
const deadlinesSchema = z.strictObject({ urgent: durationSchema, specialized: durationSchema, basic: durationSchema, none: durationSchema, ownWords: durationSchema });

const remindersSchema = z
  .array(durationSchema)
  .max(10)
  .refine((list) => list.every((d, i) => i === 0 || durationOrder(list[i - 1]!, d) < 0), 'Reminders must be listed from the earliest to the latest, each later than the one before');

/** Sign-in rules an admin sets (issue 21). */
const securitySchema = z.strictObject({
  /** Every local account must sign in with a second factor (TOTP); one without it sets it up at its next sign-in. */
  requireSecondFactor: z.boolean(),
  /** How long a temporary password (an admin's new user or password reset) works, in hours (1 to 720). */
  temporaryPasswordHours: z.number().int().min(1).max(720),
  /** How long an emergency access ("break the glass", issue 24) to a patient outside one's units lasts, in hours (1 to 24). */
  emergencyAccessHours: z.number().int().min(1).max(24),
});

/** A questionnaire's id as in questionnaires/*.json. */
const questionnaireIdSchema = z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'Expected a questionnaire id (lower-case letters, digits and hyphens)');
const serviceName = siteText().min(1).max(100);
/** A service a referral goes to (issue 23): its name in each language and the questionnaires whose referrals go there. */
const referralServiceSchema = z.strictObject({
  name: z.strictObject({ da: serviceName, en: serviceName }),
  questionnaires: z.array(questionnaireIdSchema).max(50),
});
/**
 * Where a referral goes, by questionnaire: the rehabilitation service takes the questionnaires it
 * lists, the palliative service every other one (it is the team's queue).
 */
const referralServicesSchema = z.strictObject({ palliative: referralServiceSchema, rehabilitation: referralServiceSchema });

/**
 * Sign-in through the hospital's identity provider (issue 24): the claim of the ID token that lists
 * the user's groups, and what each group gives. A user in none of the groups gets no session. The
 * role is the first listed group's the user is in; the units are those of every such group.
 */
const oidcGroupSchema = z.strictObject({
  group: siteText().min(1).max(200),
  role: z.enum(ROLES),
  unitIds: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
});
export type OidcGroupMapping = z.infer<typeof oidcGroupSchema>;
const oidcSchema = z.strictObject({
  groupClaim: z.string().trim().regex(/^[A-Za-z0-9_:./-]{1,100}$/, 'Expected a claim name such as "groups" or "roles"'),
  groups: z.array(oidcGroupSchema).max(200)
    .refine((list) => new Set(list.map((g) => g.group)).size === list.length, 'Each group may be listed once'),
});

export const siteSettingsSchema = z.strictObject({
  site: siteSchema,
  /** How long after a flag is created it is due, by urgency and level; with own words, `ownWords` at the latest. */
  deadlines: deadlinesSchema,
  /** When an unanswered invitation is reminded, counted from its creation. */
  reminders: remindersSchema,
  /** Who is told of an overdue flag: an e-mail address or a string the webhook understands. */
  escalationContact: siteText().min(1).max(200).nullable(),
  /**
   * How long the outbox keeps a message after it was written, once it is sent, failed for good or
   * cancelled (issue 21): it holds a patient's e-mail or mobile. Pending ones are kept.
   */
  retention: z.strictObject({ sentMessages: durationSchema }),
  security: securitySchema,
  referralServices: referralServicesSchema,
  oidc: oidcSchema,
});
export type SiteSettings = z.infer<typeof siteSettingsSchema>;
/** What the patient page gets with the invitation. */
export type SiteInfo = SiteSettings['site'];


/** PUT /api/settings: any part of the settings; what it does not name stays as it is. Unknown fields are refused. */
export const settingsPatchSchema = z.strictObject({
  site: siteSchema.extend({ hours: siteSchema.shape.hours.partial().optional(), afterHours: siteSchema.shape.afterHours.partial().optional() }).partial().optional(),
  deadlines: deadlinesSchema.partial().optional(),
  reminders: remindersSchema.optional(),
  escalationContact: siteSettingsSchema.shape.escalationContact.optional(),
  security: securitySchema.partial().optional(),
  retention: siteSettingsSchema.shape.retention.partial().optional(),
  referralServices: z.strictObject({
    palliative: referralServiceSchema.extend({ name: referralServiceSchema.shape.name.partial().optional() }).partial().optional(),
    rehabilitation: referralServiceSchema.extend({ name: referralServiceSchema.shape.name.partial().optional() }).partial().optional(),
  }).optional(),
  oidc: oidcSchema.partial().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  site: { name: 'Lindring', phone: null, hours: { da: '', en: '' }, afterHours: { da: '', en: '' } },
  deadlines: { urgent: 'PT24H', specialized: 'P2D', basic: 'P5D', none: 'P10D', ownWords: 'PT24H' },
  reminders: ['P3D', 'P7D'],
  escalationContact: null,
  security: { requireSecondFactor: false, temporaryPasswordHours: 72, emergencyAccessHours: 4 },
  retention: { sentMessages: 'P30D' },
  referralServices: {
    palliative: { name: { da: 'Palliativt team (specialiseret palliativ indsats)', en: 'Palliative team (specialized palliative care)' }, questionnaires: ['palliative-needs'] },
    rehabilitation: { name: { da: 'Hospitalets rehabilitering (specialiseret rehabilitering)', en: 'Hospital rehabilitation (specialized rehabilitation)' }, questionnaires: ['rehabilitation-needs'] },
  },
  oidc: { groupClaim: 'groups', groups: [] },
};

/** The service a questionnaire's referrals go to (issue 23): the rehabilitation service when it lists the questionnaire, else the palliative one. */
export function referralServiceOf(services: SiteSettings['referralServices'], questionnaireId: string): Localized {
  return (services.rehabilitation.questionnaires.includes(questionnaireId) ? services.rehabilitation : services.palliative).name;
}

/** A setting's value at a dotted path ("site.phone", "deadlines.basic", "reminders"): the unit stored and audited. */
export type SettingValue = string | string[] | boolean | number | null | OidcGroupMapping[];

/**
 * The leaves a (partial) settings object sets, as dotted paths. Arrays are leaves: a reminder list
 * is replaced whole.
 */
export function settingLeaves(value: object, prefix = ''): [path: string, value: SettingValue][] {
  return Object.entries(value).flatMap(([key, v]): [string, SettingValue][] => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (v === undefined) return [];
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? settingLeaves(v as object, path) : [[path, v as SettingValue]];
  });
}

/** The dotted path of every setting. */
export const SETTING_PATHS: ReadonlySet<string> = new Set(settingLeaves(DEFAULT_SITE_SETTINGS).map(([path]) => path));

/** The settings with these leaves set; paths that are not settings (e.g. stored by an older version) are ignored. */
export function withLeaves(base: SiteSettings, leaves: Iterable<[string, SettingValue]>): SiteSettings {
  const result = structuredClone(base);
  for (const [path, value] of leaves) {
    if (!SETTING_PATHS.has(path)) continue;
    const keys = path.split('.');
    const parent = keys.slice(0, -1).reduce((node, key) => node[key] as Record<string, unknown>, result as unknown as Record<string, unknown>);
    parent[keys[keys.length - 1]!] = value;
  }
  return result;
}

/** Negative when duration `a` is shorter than `b`; malformed ones count as zero (they fail on their own). */
function durationOrder(a: string, b: string): number {
  return (durationMs(a) ?? 0) - (durationMs(b) ?? 0);
}
