/**
 * Sending a new link by text message or e-mail (issue 23), through the outbox as reminders go: the
 * message names the invitation and its link, a new token, is made when it is delivered
 * (answer-links.ts), so the outbox never holds a usable link.
 */
import type { PatientChannel, SendChannel } from '../contract/codes.js';
import type { InvitationSent, NotificationStatus } from '../contract/responses.js';
import { invitationMessage, sendChannels } from '../domain/reminders.js';
import { findInvitationById, STAFF_ENTRY_KEY_PREFIX } from '../storage/invitations.js';
import { findPatient } from '../storage/patients.js';
import { transaction } from '../storage/transaction.js';
import { LINK_PLACEHOLDER } from './answer-links.js';
import { recordAudit } from './audit.js';
import type { ServiceContext, Settings, StaffActor } from './context.js';
import { ServiceError } from './errors.js';
import { requireInvitationAccess } from './access.js';
import { settingsForUnit } from './units.js';
import { assertOpen } from './invitations.js';
import { configuredChannels, enqueueMessage } from './notifications.js';

/** SMS goes through the webhook (an SMS gateway), e-mail through SMTP. */
export const OUTBOX_CHANNEL: Record<SendChannel, PatientChannel> = { sms: 'webhook', email: 'smtp' };

/** Which channels the operator set up: the admin's status line ("Påmindelser: ikke sat op"). */
export function notificationStatus(settings: Settings): NotificationStatus {
  const configured = configuredChannels(settings);
  return { email: configured.smtp, sms: configured.webhook };
}

/**
 * Queues one message with the link on the channel, audited. Once per invitation and channel (a
 * second click queues nothing: queued false). 410 when the link can no longer be answered, 409
 * when the channel cannot reach the patient.
 */
export async function sendInvitation(ctx: ServiceContext, by: StaffActor, invitationId: string, channel: SendChannel): Promise<InvitationSent> {
  const { unit_id: unitId } = await requireInvitationAccess(ctx, by, invitationId);
  const now = ctx.now();
  const { site } = await settingsForUnit(ctx, ctx.db, unitId);
  return transaction(ctx.db, async (tx) => {
    const invitation = await findInvitationById(tx, invitationId);
    if (!invitation || invitation.token_hash.startsWith(STAFF_ENTRY_KEY_PREFIX)) throw new ServiceError('not_found', 'invitation_not_found', 'No such invitation');
    assertOpen(invitation, now);
    const patient = (await findPatient(tx, invitation.patient_id))!;
    if (!sendChannels(patient, configuredChannels(ctx.settings)).includes(channel)) {
      const missing = channel === 'sms' ? 'mobile' : 'email';
      throw new ServiceError('conflict', 'send_channel_unavailable', `Cannot send by ${channel}: no ${missing} on file, or the channel is not set up`, { channel });
    }
    const outboxChannel = OUTBOX_CHANNEL[channel];
    const { subject, text } = invitationMessage(site.name, LINK_PLACEHOLDER);
    const queued = await enqueueMessage(
      tx,
      {
        kind: 'invitation', channel: outboxChannel, to: (channel === 'sms' ? patient.mobile : patient.email)!, subject, text, linkTo: invitation.id,
        dedupeKey: `invitation:${invitation.id}:${outboxChannel}`, patientId: invitation.patient_id,
      },
      { id: ctx.newId(), now },
    );
    if (queued) await recordAudit(tx, by, now, { action: 'invitation.sent', entityType: 'invitation', entityId: invitation.id, patientId: invitation.patient_id, details: { channel } });
    return { invitationId: invitation.id, channel, queued };
  });
}
