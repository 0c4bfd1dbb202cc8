/** Serving the built client: precompressed files, cache headers, the page for each path. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressFile } from '../../client/build/precompress.js';
import { clientAssets } from '../../server/http/client-assets.js';

let dir: string;
let app: express.Express;
const script = `console.log(${JSON.stringify('Lindring '.repeat(400))});\n`;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lindring-assets-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'answer.html'), `<!doctype html><title>answer</title>${'<!-- pad -->'.repeat(200)}`);
  writeFileSync(path.join(dir, 'staff.html'), '<!doctype html><title>staff</title>');
  writeFileSync(path.join(dir, 'assets', 'answer-abc123.js'), script);
  writeFileSync(path.join(dir, 'assets', 'font-abc123.woff2'), Buffer.alloc(4000, 1));
  writeFileSync(path.join(dir, 'assets', 'stale-abc123.js'), script);
  await Promise.all(['answer.html', 'assets/answer-abc123.js', 'assets/stale-abc123.js', 'assets/font-abc123.woff2'].map((f) => precompressFile(path.join(dir, f))));
  // A compressed copy older than its source (left from an earlier build) must never be served.
  const old = new Date(Date.now() - 60_000);
  utimesSync(path.join(dir, 'assets', 'stale-abc123.js.br'), old, old);
  utimesSync(path.join(dir, 'assets', 'stale-abc123.js.gz'), old, old);
  app = express();
  app.get('/api/ping', (_req, res) => res.json({ ok: true }));
  app.use(clientAssets(dir));
  app.use((_req, res) => res.status(404).json({ error: { code: 'not_found' } }));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const raw = (req: request.Test) => req.buffer(true).parse((res, done) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
});

describe('clientAssets', () => {
  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip, deflate', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['br;q=0.5, gzip', 'br'],
    ['*', 'br'],
    ['*;q=0, gzip', 'gzip'],
    ['identity', undefined],
    [undefined, undefined],
  ])('picks brotli, then gzip, among the encodings the client accepts: %s → %s', async (header, encoding) => {
    const req = request(app).get('/assets/answer-abc123.js');
    const res = await raw(header === undefined ? req.unset('Accept-Encoding') : req.set('Accept-Encoding', header));
    expect(res.headers['content-encoding']).toBe(encoding);
    expect((res.body as Buffer).toString()).toBe(script);
  });

  it('sends hashed scripts brotli-compressed to browsers that take it, gzip to others, plain to the rest; all cacheable for a year', async () => {
    const br = await raw(request(app).get('/assets/answer-abc123.js').set('Accept-Encoding', 'gzip, deflate, br'));
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/^text\/javascript/);
    expect(br.headers.vary).toMatch(/Accept-Encoding/);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    // supertest decodes the body; the length on the wire is the compressed one.
    expect((br.body as Buffer).toString()).toBe(script);
    expect(Number(br.headers['content-length'])).toBeLessThan(script.length / 10);

    const gz = await raw(request(app).get('/assets/answer-abc123.js').set('Accept-Encoding', 'gzip'));
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect((gz.body as Buffer).toString()).toBe(script);
    expect(Number(gz.headers['content-length'])).toBeLessThan(script.length / 10);

    const plain = await raw(request(app).get('/assets/answer-abc123.js').set('Accept-Encoding', 'identity'));
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect((plain.body as Buffer).toString()).toBe(script);
    expect(plain.headers.vary).toMatch(/Accept-Encoding/);
  });

  it('answers a repeat visit with 304 when the file is unchanged', async () => {
    const first = await request(app).get('/assets/answer-abc123.js').set('Accept-Encoding', 'br');
    const again = await request(app).get('/assets/answer-abc123.js').set('Accept-Encoding', 'br').set('If-None-Match', first.headers.etag!);
    expect(again.status).toBe(304);
  });

  it('never serves a compressed copy older than the file', async () => {
    const res = await raw(request(app).get('/assets/stale-abc123.js').set('Accept-Encoding', 'br, gzip'));
    expect(res.headers['content-encoding']).toBeUndefined();
    expect((res.body as Buffer).toString()).toBe(script);
  });

  it('sends fonts as they are (already compressed), cacheable for a year', async () => {
    const res = await request(app).get('/assets/font-abc123.woff2').set('Accept-Encoding', 'br');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('serves the patient page for /answer/<token>, compressed, revalidated on every visit', async () => {
    const res = await raw(request(app).get('/answer/some-token').set('Accept-Encoding', 'br'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect((res.body as Buffer).toString()).toContain('<title>answer</title>');
  });

  it('serves the staff page for other paths, and leaves /api and missing assets alone', async () => {
    const staff = await request(app).get('/worklist/123');
    expect(staff.status).toBe(200);
    expect(staff.text).toContain('<title>staff</title>');
    expect(staff.headers['cache-control']).toBe('no-cache');
    expect((await request(app).get('/')).text).toContain('<title>staff</title>');
    expect((await request(app).get('/api/ping')).body).toEqual({ ok: true });
    expect((await request(app).get('/api/nothing')).status).toBe(404);
    const missing = await request(app).get('/assets/gone-123.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/json/);
  });

  it('does not leave its folder', async () => {
    for (const url of ['/../package.json', '/assets/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd']) {
      const res = await request(app).get(url);
      expect(res.text, url).not.toContain('"name"');
      expect(res.text, url).not.toContain('root:');
    }
  });

  it('only answers GET and HEAD', async () => {
    expect((await request(app).head('/assets/answer-abc123.js')).status).toBe(200);
    expect((await request(app).post('/assets/answer-abc123.js')).status).toBe(404);
  });
});
