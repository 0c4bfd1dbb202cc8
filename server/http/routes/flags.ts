import { Router } from 'express';
import { z } from 'zod';
import type { ServiceContext } from '../../services/context.js';
import { decideFlag, flagDecisionSchema, flagDetail, FLAG_LIST_MAX_LIMIT, FLAG_STATUSES, LEVELS, listFlags } from '../../services/flags.js';
import { currentStaff, requireRole } from '../auth.js';

/** `?status=open,returned` or repeated `?status=open&status=returned`. */
const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)))
    .pipe(z.array(z.enum(values)));

const listQuery = z.object({
  status: list(FLAG_STATUSES),
  level: list(LEVELS as [string, ...string[]]),
  limit: z.coerce.number().int().min(1).max(FLAG_LIST_MAX_LIMIT).optional(),
});

export function flagsRouter(ctx: ServiceContext): Router {
  const nurse = requireRole('nurse', 'admin');
  return Router()
    .get('/flags', nurse, async (req, res) => {
      const query = listQuery.parse(req.query);
      const { total, items } = await listFlags(ctx, currentStaff(res), {
        statuses: query.status, levels: query.level as typeof LEVELS, ...(query.limit ? { limit: query.limit } : {}),
      });
      res.setHeader('X-Total-Count', String(total));
      res.json(items);
    })
    // The team may read a flag referred to it (checked in the service).
    .get('/flags/:id', requireRole('nurse', 'palliative_team', 'admin'), async (req, res) => {
      res.json(await flagDetail(ctx, currentStaff(res), String(req.params.id)));
    })
    .post('/flags/:id/decision', nurse, async (req, res) => {
      res.json(await decideFlag(ctx, currentStaff(res), String(req.params.id), flagDecisionSchema.parse(req.body)));
    });
}
