/** Staff create and list invitations; the patient, holding only the token, opens, autosaves and submits. */
import { Router, type Request } from 'express';
import { ROUTES } from '../../contract/routes.js';
import type { ServiceContext } from '../../services/context.js';
import { createInvitation, listInvitations, openInvitation, saveDraft } from '../../services/invitations.js';
import { recordInvitationCall } from '../../services/invitation-calls.js';
import { notificationStatus, sendInvitation } from '../../services/invitation-sending.js';
import { submitResponse } from '../../services/submit-response.js';
import { currentStaff } from '../auth.js';
import { on } from '../route.js';

function baseUrl(ctx: ServiceContext, req: Request): string {
  return ctx.settings.publicUrl ?? `${req.protocol}://${req.get('host')}`;
}

/** The client's address (with TRUST_PROXY, the one the trusted proxies name): links that match no invitation are limited by it. */
const clientAddress = (req: Request) => req.ip ?? 'unknown';

export function invitationsRouter(ctx: ServiceContext): Router {
  const router = Router();
  on(router, ROUTES.invite, ({ body }, req, res) => createInvitation(ctx, currentStaff(res), body, baseUrl(ctx, req)));
  on(router, ROUTES.sendInvitation, ({ param, body }, _req, res) => sendInvitation(ctx, currentStaff(res), param('id'), body.channel));
  on(router, ROUTES.notificationStatus, () => notificationStatus(ctx.settings));
  on(router, ROUTES.invitations, ({ query: { status, patientId } }, _req, res) => listInvitations(ctx, currentStaff(res), { status, ...(patientId ? { patientId } : {}) }));
  on(router, ROUTES.recordCall, ({ param, body }, _req, res) => recordInvitationCall(ctx, currentStaff(res), param('id'), body));
  on(router, ROUTES.openInvitation, ({ param }, req) => openInvitation(ctx, param('token'), clientAddress(req)));
  on(router, ROUTES.saveDraft, ({ param, body }, req) => saveDraft(ctx, param('token'), body, clientAddress(req)));
  on(router, ROUTES.submitResponse, ({ param, body }) => submitResponse(ctx, param('token'), body));
  return router;
}
