import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Router, type Request, type Response, type NextFunction } from 'express';

/** Hashed build output: its name changes with its content, so browsers may keep it for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Pages: always ask the server (a cheap 304 when unchanged), so a new build reaches every tablet. */
const REVALIDATE = 'no-cache';

const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|xml|webmanifest)$/;
const ENCODINGS = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const;
async function isFile(file: string): Promise<Date | null> {
  try {
    const s = await stat(file);
    return s.isFile() ? s.mtime : null;
  } catch {
    return null;
  }
}

/**
 * Serves the built client (`npm run build` → dist/client): hashed assets with long-lived cache
 * headers, the patient page for /answer/*, the staff page for other paths. Precompressed
 * `.br`/`.gz` files written at build time (client/build/precompress.ts) are sent with
 * Content-Encoding and `Vary: Accept-Encoding`. Mounted after the /api routes.
 */
export function clientAssets(distDir: string): Router {
  const root = path.resolve(distDir);
  const router = Router();

  async function send(relative: string, req: Request, res: Response, next: NextFunction): Promise<void> {
    const file = path.join(root, relative);
    const mtime = await isFile(file);
    if (!mtime) return next();
    let served = relative;
    if (COMPRESSIBLE.test(relative)) {
      res.vary('Accept-Encoding');
      // Ours first (brotli, then gzip) among those the client accepts: Express's negotiation reads
      // Accept-Encoding (`q=0` refuses, `*` accepts whatever is not named, no header: none).
      for (const { coding, suffix } of ENCODINGS) {
        if (req.acceptsEncodings(coding) !== coding) continue;
        const compressedTime = await isFile(file + suffix);
        // A variant older than its source is left over from an earlier build: never serve it.
        if (compressedTime && compressedTime >= mtime) {
          res.setHeader('Content-Encoding', coding);
          res.type(path.extname(relative));
          served = relative + suffix;
          break;
        }
      }
    }
    res.setHeader('Cache-Control', relative.startsWith('assets/') ? IMMUTABLE : REVALIDATE);
    res.sendFile(served, { root, dotfiles: 'deny', cacheControl: false }, (error?: Error & { status?: number }) => {
      if (error && !res.headersSent) next(error);
    });
  }

  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let relative: string;
    try {
      relative = path.posix.normalize(decodeURIComponent(req.path)).replace(/^\/+/, '');
    } catch {
      return next();
    }
    const isApi = /^\/api(\/|$)/.test(req.path);
    const page = /^\/answer(\/.*)?$/.test(req.path) ? 'answer.html' : 'staff.html';
    const fallback = () => {
      // A missing hashed asset is a 404, never a page the browser would try to run as a script.
      if (isApi || relative.startsWith('assets/')) return next();
      void send(page, req, res, next).catch(next);
    };
    if (relative === '' || relative.startsWith('..') || relative.includes('\0') || isApi) return fallback();
    send(relative, req, res, fallback).catch(next);
  });
  return router;
}
