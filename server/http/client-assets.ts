import path from 'node:path';
import express, { Router } from 'express';

/**
 * Serves the built client: hashed assets, the patient page for /answer/*, the staff page otherwise.
 * Mounted after the /api routes.
 */
export function clientAssets(distDir: string): Router {
  const router = Router();
  router.use(express.static(distDir, { index: false }));
  router.get(/^\/answer(\/.*)?$/, (_req, res) => res.sendFile(path.join(distDir, 'answer.html')));
  router.get(/^(?!\/api(\/|$)).*/, (_req, res) => res.sendFile(path.join(distDir, 'staff.html')));
  return router;
}
