import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import { periodQuery, responsesExportQuery } from '../../contract/indicators.js';
import type { ServiceContext } from '../../services/context.js';
import { exportResponsesCsv, readIndicators } from '../../services/data-out.js';
import { currentStaff, requireRole } from '../auth.js';

/** Data out (issue 14): the CSV export (nurses and admins) and the quality indicators (also the palliative team). */
export function dataOutRouter(ctx: ServiceContext): Router {
  return Router()
    .get('/export/responses.csv', requireRole('nurse', 'admin'), async (req, res) => {
      const csv = await exportResponsesCsv(ctx, currentStaff(res), responsesExportQuery.parse(req.query));
      res.setHeader('Content-Type', 'text/csv; charset=utf-8; header=present');
      res.setHeader('Content-Disposition', `attachment; filename="${csv.filename}"`);
      // Streamed with backpressure: a page of responses is read only when the client takes the last.
      await pipeline(csv.body, res).catch((error: unknown) => {
        // The client stopped the download: the stream is closed, nothing is left to answer.
        if ((error as { code?: unknown }).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
      });
    })
    .get('/indicators', requireRole('nurse', 'palliative_team', 'admin'), async (req, res) => {
      res.json(await readIndicators(ctx, currentStaff(res), periodQuery.parse(req.query)));
    });
}
