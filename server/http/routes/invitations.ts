/** Staff create and list invitations; the patient, holding only the token, opens, autosaves and submits. */
import { Router, type Request } from 'express';
import { draftSchema, invitationListQuery, newInvitationSchema, submissionSchema } from '../../contract/requests.js';
import type { CreatedInvitation } from '../../contract/responses.js';
import type { ServiceContext } from '../../services/context.js';
import { createInvitation, listInvitations, openInvitation, saveDraft } from '../../services/invitations.js';
import { submitResponse } from '../../services/submit-response.js';
import { currentStaff, requireRole } from '../auth.js';

function baseUrl(ctx: ServiceContext, req: Request): string {
  return ctx.settings.publicUrl ?? `${req.protocol}://${req.get('host')}`;
}

/** The client's address (with TRUST_PROXY, the one the trusted proxies name): links that match no invitation are limited by it. */
const clientAddress = (req: Request) => req.ip ?? 'unknown';

export function invitationsRouter(ctx: ServiceContext): Router {
  const nurse = requireRole('nurse', 'admin');
  return Router()
    .post('/invitations', nurse, async (req, res) => {
      const { token, url, expiresAt } = await createInvitation(ctx, currentStaff(res), newInvitationSchema.parse(req.body), baseUrl(ctx, req));
      res.status(201).json({ token, url, expiresAt } satisfies CreatedInvitation);
    })
    .get('/invitations', nurse, async (req, res) => {
      const { status, patientId } = invitationListQuery.parse(req.query);
      res.json(await listInvitations(ctx, currentStaff(res), { status, ...(patientId ? { patientId } : {}) }));
    })
    .get('/invitations/:token', async (req, res) => {
      res.json(await openInvitation(ctx, String(req.params.token), clientAddress(req)));
    })
    .put('/invitations/:token/draft', async (req, res) => {
      await saveDraft(ctx, String(req.params.token), draftSchema.parse(req.body), clientAddress(req));
      res.status(204).end();
    })
    .post('/invitations/:token/responses', async (req, res) => {
      res.status(201).json(await submitResponse(ctx, String(req.params.token), submissionSchema.parse(req.body)));
    });
}
