/** GET/PUT /api/settings: who may read and change them, partial updates, 422s naming the field, the audit, and the patient page's copy. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SITE_SETTINGS } from '../../server/contract/settings.js';
import { readSiteSettings } from '../../server/services/settings.js';
import { createTestServer, invite, type TestServer } from './helpers.js';

let server: TestServer;

beforeAll(async () => {
  server = await createTestServer();
});
afterAll(() => server.close());

async function settingRows() {
  return server.db.selectFrom('site_settings').selectAll().orderBy('key').execute();
}

async function settingsAudit() {
  const rows = await server.db.selectFrom('audit_log').selectAll().where('action', '=', 'settings.changed').orderBy('id').execute();
  return rows.map((r) => ({ actor: r.actor_id, details: JSON.parse(r.details ?? 'null') as unknown }));
}

describe('site settings', () => {
  it('returns the defaults to every staff role before anything is set, and nothing to anyone else', async () => {
    for (const role of ['nurse', 'palliative_team', 'admin'] as const) {
      const res = await (await server.as(role)).get('/api/settings').expect(200);
      expect(res.body).toEqual(DEFAULT_SITE_SETTINGS);
    }
    expect(DEFAULT_SITE_SETTINGS.site.phone).toBeNull();
    await server.request.get('/api/settings').expect(401);
  });

  it('lets only an admin change them', async () => {
    await server.request.put('/api/settings').send({ site: { phone: '70 20 30 40' } }).expect(401);
    for (const role of ['nurse', 'palliative_team'] as const) {
      await (await server.as(role)).put('/api/settings').send({ site: { phone: '70 20 30 40' } }).expect(403);
    }
    expect(await settingRows()).toEqual([]);
    expect(await settingsAudit()).toEqual([]);
  });

  it('changes only the fields a partial update names, and audits each change with its old and new value', async () => {
    const admin = await server.as('admin');
    const phone = await admin.put('/api/settings').send({ site: { phone: '70 20 30 40' } }).expect(200);
    expect(phone.body).toEqual({ ...DEFAULT_SITE_SETTINGS, site: { ...DEFAULT_SITE_SETTINGS.site, phone: '70 20 30 40' } });

    const basic = await admin.put('/api/settings').send({ deadlines: { basic: 'P3D' }, site: { hours: { da: 'hverdage kl. 8-15' } } }).expect(200);
    const expected = {
      ...DEFAULT_SITE_SETTINGS,
      site: { ...DEFAULT_SITE_SETTINGS.site, phone: '70 20 30 40', hours: { da: 'hverdage kl. 8-15', en: '' } },
      deadlines: { ...DEFAULT_SITE_SETTINGS.deadlines, basic: 'P3D' },
    };
    expect(basic.body).toEqual(expected);
    expect((await (await server.as('nurse')).get('/api/settings').expect(200)).body).toEqual(expected);
    expect(await readSiteSettings(server.db)).toEqual(expected);
    expect((await settingRows()).map((r) => r.key)).toEqual(['deadlines.basic', 'site.hours.da', 'site.phone']);

    // The same values again change nothing, and write no audit entry.
    await admin.put('/api/settings').send({ deadlines: { basic: 'P3D' } }).expect(200);

    expect(await settingsAudit()).toEqual([
      { actor: server.users.admin.id, details: { changed: ['site.phone'], changes: [{ path: 'site.phone', from: null, to: '70 20 30 40' }] } },
      {
        actor: server.users.admin.id,
        details: {
          changed: ['site.hours.da', 'deadlines.basic'],
          changes: [
            { path: 'site.hours.da', from: '', to: 'hverdage kl. 8-15' },
            { path: 'deadlines.basic', from: 'P5D', to: 'P3D' },
          ],
        },
      },
    ]);
  });

  it.each([
    [{ deadlines: { basic: '5 days' } }, 'deadlines.basic'],
    [{ site: { phone: 'abc' } }, 'site.phone'],
    [{ site: { phone: '12' } }, 'site.phone'],
    [{ site: { name: 42 } }, 'site.name'],
    [{ site: { hours: { da: ['x'] } } }, 'site.hours.da'],
    [{ reminders: ['P7D', 'P3D'] }, 'reminders'],
    [{ reminders: ['P3D', 'PT0M'] }, 'reminders.1'],
    [{ deadlines: { urgent: 'P1Y' } }, 'deadlines.urgent'],
    [{ escalationContact: 7 }, 'escalationContact'],
    // Site texts refuse control and text-direction characters (issue 21).
    [{ site: { name: 'Palliativt\u0007 Team' } }, 'site.name'],
    [{ site: { hours: { da: 'hverdage\nkl. 8-15' } } }, 'site.hours.da'],
    [{ site: { afterHours: { en: 'call \u202E3181' } } }, 'site.afterHours.en'],
    [{ escalationContact: 'team@example.org\r\nBcc: x@example.org' }, 'escalationContact'],
    [{ retention: { sentMessages: 'P1Y' } }, 'retention.sentMessages'],
  ])('refuses %j with a 422 naming %s, and stores nothing of the request', async (body, path) => {
    const admin = await server.as('admin');
    const rowsBefore = await settingRows();
    const auditBefore = await settingsAudit();
    // A valid change beside the bad one is not stored either.
    const res = await admin.put('/api/settings').send({ ...body, escalationContact: (body as { escalationContact?: unknown }).escalationContact ?? 'team@example.org' }).expect(422);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await settingRows()).toEqual(rowsBefore);
    expect(await settingsAudit()).toEqual(auditBefore);
  });

  it('refuses unknown fields with a 422 naming them', async () => {
    const admin = await server.as('admin');
    const before = await settingRows();
    for (const [body, path] of [[{ colour: 'red' }, 'colour'], [{ site: { fax: '1234' } }, 'site.fax'], [{ deadlines: { later: 'P1D' } }, 'deadlines.later']] as const) {
      const res = await admin.put('/api/settings').send(body).expect(422);
      expect(res.body.error.details).toEqual([{ path, message: 'Unknown field' }]);
    }
    expect(await settingRows()).toEqual(before);
  });

  it('accepts durations as short as one minute, a reminder list, and clears the phone with null', async () => {
    const admin = await server.as('admin');
    const res = await admin
      .put('/api/settings')
      .send({ deadlines: { urgent: 'PT1M', none: 'P1W' }, reminders: ['PT1M', 'PT2M'], escalationContact: 'palliation@example.org', site: { name: 'Palliativt Team Nord' } })
      .expect(200);
    expect(res.body.deadlines).toEqual({ urgent: 'PT1M', specialized: 'P2D', basic: 'P3D', none: 'P1W', ownWords: 'PT24H' });
    expect(res.body.reminders).toEqual(['PT1M', 'PT2M']);
    expect(res.body.escalationContact).toBe('palliation@example.org');
    expect((await admin.put('/api/settings').send({ site: { phone: null } }).expect(200)).body.site.phone).toBeNull();
    await admin.put('/api/settings').send({ site: { phone: '+45 70 20-30-40' } }).expect(200);
  });

  it('gives the patient page the site name, phone and hours, and the scored items, with the invitation', async () => {
    const { token } = await invite(server, 'palliative-needs');
    const res = await server.request.get(`/api/invitations/${token}`).expect(200);
    const settings = await readSiteSettings(server.db);
    expect(res.body.site).toEqual({ name: 'Palliativt Team Nord', phone: '+45 70 20-30-40', hours: settings.site.hours, afterHours: settings.site.afterHours });
    expect(res.body.scoredItems).toContain('c1');
    expect(res.body.scoredItems).toContain('c15');
    expect(res.body.scoredItems).not.toContain('other_symptoms');
    expect(res.body.scoredItems).not.toContain('contact_wish');
  });

  it('gives anyone the site contact alone (GET /api/site-contact): for the patient page on a spent, expired or unknown link', async () => {
    const res = await server.request.get('/api/site-contact').expect(200);
    const { site } = await readSiteSettings(server.db);
    expect(res.body).toEqual(site);
    expect(Object.keys(res.body).sort()).toEqual(['afterHours', 'hours', 'name', 'phone']);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('stores whom to call after hours (site.afterHours, clinical rules v2 item 15), audited, and gives it to the patient page', async () => {
    const admin = await server.as('admin');
    const res = await admin.put('/api/settings').send({ site: { afterHours: { da: 'lægevagten på 1813' } } }).expect(200);
    expect(res.body.site.afterHours).toEqual({ da: 'lægevagten på 1813', en: '' });
    await admin.put('/api/settings').send({ site: { afterHours: { en: 'x'.repeat(201) } } }).expect(422);
    expect((await server.request.get('/api/site-contact').expect(200)).body.afterHours).toEqual({ da: 'lægevagten på 1813', en: '' });
    const { token } = await invite(server, 'palliative-needs');
    expect((await server.request.get(`/api/invitations/${token}`).expect(200)).body.site.afterHours).toEqual({ da: 'lægevagten på 1813', en: '' });
    expect((await settingsAudit()).at(-1)).toEqual({
      actor: server.users.admin.id, details: { changed: ['site.afterHours.da'], changes: [{ path: 'site.afterHours.da', from: '', to: 'lægevagten på 1813' }] },
    });
    await admin.put('/api/settings').send({ site: { afterHours: { da: '' } } }).expect(200);
  });

  it('says the phone is not set yet (null) on a fresh install', async () => {
    const fresh = await createTestServer();
    try {
      expect((await fresh.request.get('/api/site-contact').expect(200)).body).toEqual(DEFAULT_SITE_SETTINGS.site);
    } finally {
      await fresh.close();
    }
  });
});
