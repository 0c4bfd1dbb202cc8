import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { ROUTES } from '../../contract/routes.js';
import type { ServiceContext } from '../../services/context.js';
import { exportResponsesCsv, readIndicators } from '../../services/data-out.js';
import { currentStaff } from '../auth.js';
import { on } from '../route.js';

/** Data out (issue 14): the CSV export (nurses and admins) and the quality indicators (also the palliative team). */
export function dataOutRouter(ctx: ServiceContext): Router {
  const router = Router();
  on(router, ROUTES.exportResponses, async ({ query }, _req, res) => {
    const csv = await exportResponsesCsv(ctx, currentStaff(res), query);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
    res.setHeader('Content-Disposition', `attachment; filename="${csv.filename}"`);
    // Streamed with backpressure: a page of responses is read only when the client takes the last.
    await pipeline(csv.body, res).catch((error: unknown) => {
      // The client stopped the download: the stream is closed, nothing is left to answer.
      if ((error as { code?: unknown }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    });
  });
  on(router, ROUTES.indicators, ({ query }, _req, res) => readIndicators(ctx, currentStaff(res), query));
  return router;
}
